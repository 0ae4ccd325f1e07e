// @vitest-environment jsdom
/** The suggestion chip and programme labels: the view model (withRouting) and the component. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  createAssignment,
  createDepartment,
  createProgramme,
  englishDurationUnits,
} from '../tests/factories';
import { annotationView, withRouting, type DurationWords } from '../utils/domain/annotation-view';
import type { RoutingWords } from '../utils/domain/annotation-view';
import { Annotation } from './Annotation';

const words: DurationWords = {
  units: englishDurationUnits,
  left: (d) => `${d} left`,
  overdue: (d) => `${d} overdue`,
  ago: (d) => `${d} ago`,
  responded: 'responded',
  resolved: 'resolved',
  unassigned: 'Unassigned',
  urgency: { ok: 'on time', soon: 'due soon', overdue: 'overdue' },
  chipAssignedLabel: (name) => `Assigned to ${name}`,
  chipUnassignedLabel: (age) => `Unassigned, posted ${age} ago`,
};
const routingWords: RoutingWords = {
  suggested: (name) => `Suggested: ${name}`,
  suggestedLabel: (name, matched) => `Suggested: ${name}, matching ${matched}. Press to assign.`,
  matched: (matched) => `Matched: ${matched}`,
  programme: (name) => `Programme: ${name}`,
  pickOther: 'Choose another department',
};
const post = { id: '1862012345678901234', createdAt: '2026-11-28T01:00:00.000Z' };
const now = Date.parse('2026-11-28T02:00:00.000Z');
const pu = createDepartment({
  id: 'dinas-pu',
  name: 'Dinas Pekerjaan Umum',
  shortName: 'Dinas PU',
});
const kur = createProgramme({
  id: 'kur',
  name: 'Kredit Usaha Rakyat',
  shortName: 'KUR',
  color: '#8A4B00',
});
const vaksin = createProgramme({ id: 'vaksin', name: 'Vaksinasi' });
const suggestion = { department: pu, matched: ['jalan rusak', 'lubang'] };

describe('withRouting', () => {
  test('an unassigned post: the chip suggests, its tooltip says what matched', () => {
    const view = withRouting(
      annotationView(post, undefined, undefined, now, words),
      suggestion,
      [],
      routingWords,
    );
    expect(view).toMatchObject({
      status: 'unassigned',
      departmentId: '',
      suggestedDepartmentId: 'dinas-pu',
      chipText: 'Suggested: Dinas PU',
      chipLabel: 'Suggested: Dinas Pekerjaan Umum, matching jalan rusak, lubang. Press to assign.',
      chipTitle: 'Matched: jalan rusak, lubang',
      pickLabel: 'Choose another department',
      badgeText: '1 h ago',
      programmes: [],
    });
  });

  test('no suggestion: the unassigned chip as before', () => {
    const plain = annotationView(post, undefined, undefined, now, words);
    const view = withRouting(plain, null, [], routingWords);
    expect(view).toEqual({ ...plain, suggestedDepartmentId: '', programmes: [] });
  });

  test('an assigned post never shows a suggestion, but shows its programmes', () => {
    const a = createAssignment({ tweetId: post.id, departmentId: 'dlh' });
    const assigned = annotationView(
      post,
      a,
      createDepartment({ id: 'dlh', shortName: 'DLH' }),
      now,
      words,
    );
    const view = withRouting(assigned, suggestion, [kur, vaksin], routingWords);
    expect(view.suggestedDepartmentId).toBe('');
    expect(view.chipText).toBe('DLH');
    expect(view.programmes).toEqual([
      { id: 'kur', text: 'KUR', color: '#8A4B00', label: 'Programme: Kredit Usaha Rakyat' },
      { id: 'vaksin', text: 'Vaksinasi', color: '', label: 'Programme: Vaksinasi' },
    ]);
  });

  test('a long programme name is cut on the page, whole in its label', () => {
    const long = createProgramme({
      id: 'bsu',
      name: 'Bantuan Subsidi Upah bagi Pekerja Terdampak',
      shortName: '',
    });
    const plain = annotationView(post, undefined, undefined, now, words);
    const [label] = withRouting(plain, null, [long], routingWords).programmes ?? [];
    expect(label?.text).toBe('Bantuan Subsidi Upa…');
    expect(label?.label).toBe('Programme: Bantuan Subsidi Upah bagi Pekerja Terdampak');
  });
});

describe('Annotation with a suggestion', () => {
  let root: HTMLElement;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    act(() => render(null, root));
    root.remove();
  });

  function mount(view: ReturnType<typeof withRouting>, accept?: () => void) {
    const onOpenPicker = vi.fn();
    act(() =>
      render(
        <Annotation view={view} onOpenPicker={onOpenPicker} onAcceptSuggestion={accept} />,
        root,
      ),
    );
    return onOpenPicker;
  }
  const chip = () => root.querySelector<HTMLButtonElement>('button[data-action="assign"]')!;
  const suggested = () =>
    withRouting(
      annotationView(post, undefined, undefined, now, words),
      suggestion,
      [kur],
      routingWords,
    );

  test('the chip accepts in one press; "▾" opens the picker instead', () => {
    const accept = vi.fn();
    const onOpenPicker = mount(suggested(), accept);
    expect(chip().textContent).toBe('Suggested: Dinas PU');
    expect(chip().title).toBe('Matched: jalan rusak, lubang');
    expect(chip().getAttribute('aria-label')).toMatch(/^Suggested: Dinas Pekerjaan Umum, matching/);
    expect(chip().hasAttribute('aria-haspopup')).toBe(false);
    act(() => chip().click());
    expect(accept).toHaveBeenCalledTimes(1);
    expect(onOpenPicker).not.toHaveBeenCalled();

    const pick = root.querySelector<HTMLButtonElement>('button[data-action="pick"]')!;
    expect(pick.getAttribute('aria-label')).toBe('Choose another department');
    expect(pick.getAttribute('aria-haspopup')).toBe('dialog');
    act(() => pick.click());
    expect(onOpenPicker).toHaveBeenCalledWith(pick);
    expect(accept).toHaveBeenCalledTimes(1);
  });

  test('without a suggestion the chip opens the picker and there is no "▾"', () => {
    const onOpenPicker = mount(
      withRouting(annotationView(post, undefined, undefined, now, words), null, [], routingWords),
      vi.fn(),
    );
    act(() => chip().click());
    expect(onOpenPicker).toHaveBeenCalledWith(chip());
    expect(root.querySelector('[data-action="pick"]')).toBeNull();
  });

  test('programme labels show their short name, and their full name to a screen reader', () => {
    mount(suggested(), vi.fn());
    const label = root.querySelector<HTMLElement>('[data-programme-id="kur"]')!;
    expect(label.querySelector('[aria-hidden="true"]')!.textContent).toBe('KUR');
    expect(label.querySelector('.sr-only')!.textContent).toBe('Programme: Kredit Usaha Rakyat');
    expect(label.title).toBe('Programme: Kredit Usaha Rakyat');
  });
});
