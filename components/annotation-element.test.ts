// @vitest-environment jsdom
/** The annotation: the view model (withRouting) and its elements in a shadow root. */
import { beforeEach, describe, expect, test, vi } from 'vitest';
import {
  createAssignment,
  createDepartment,
  createProgramme,
  englishDurationUnits,
} from '../tests/factories';
import { annotationView, withRouting, type DurationWords } from '../utils/domain/annotation-view';
import type { RoutingWords } from '../utils/domain/annotation-view';
import { type AnnotationHandlers, mountAnnotation, updateAnnotation } from './annotation-element';

const words: DurationWords = {
  units: englishDurationUnits,
  left: (d) => `${d} left`,
  overdue: (d) => `${d} overdue`,
  waiting: (d) => `waiting ${d}`,
  urgent: (d) => `Urgent · waiting ${d}`,
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
      badgeText: '',
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

describe('the annotation elements', () => {
  let root: ShadowRoot;
  beforeEach(() => {
    const host = document.createElement('tanggap-annotation');
    document.body.replaceChildren(host);
    root = host.attachShadow({ mode: 'open' });
    mountAnnotation(root, { onOpenPicker: () => {} });
  });

  function show(view: ReturnType<typeof withRouting>, handlers: Partial<AnnotationHandlers> = {}) {
    const onOpenPicker = vi.fn();
    updateAnnotation(root, view, { onOpenPicker, ...handlers });
    return onOpenPicker;
  }
  const chip = () => root.querySelector<HTMLButtonElement>('button[data-action="assign"]')!;
  const pick = () => root.querySelector<HTMLButtonElement>('button[data-action="pick"]');
  const badge = () => root.querySelector<HTMLElement>('.badge')!;
  const more = () => root.querySelector<HTMLButtonElement>('button[data-action="actions"]')!;
  const suggested = () =>
    withRouting(
      annotationView(post, undefined, undefined, now, words),
      suggestion,
      [kur],
      routingWords,
    );
  const assigned = (at = now) =>
    withRouting(
      annotationView(
        post,
        createAssignment({
          tweetId: post.id,
          departmentId: 'dinas-pu',
          deadline: new Date(now + 5 * 3_600_000).toISOString(),
        }),
        createDepartment({ id: 'dinas-pu', shortName: 'DPU', color: '#b45309' }),
        at,
        words,
      ),
      null,
      [],
      routingWords,
    );

  test('the chip accepts in one press; "▾" opens the picker instead', () => {
    const accept = vi.fn();
    const onOpenPicker = show(suggested(), { onAcceptSuggestion: accept });
    expect(chip().textContent).toBe('Suggested: Dinas PU');
    expect(chip().title).toBe('Matched: jalan rusak, lubang');
    expect(chip().getAttribute('aria-label')).toMatch(/^Suggested: Dinas Pekerjaan Umum, matching/);
    expect(chip().hasAttribute('aria-haspopup')).toBe(false);
    chip().click();
    expect(accept).toHaveBeenCalledTimes(1);
    expect(onOpenPicker).not.toHaveBeenCalled();

    expect(pick()!.getAttribute('aria-label')).toBe('Choose another department');
    expect(pick()!.getAttribute('aria-haspopup')).toBe('dialog');
    pick()!.click();
    expect(onOpenPicker).toHaveBeenCalledWith(pick());
    expect(accept).toHaveBeenCalledTimes(1);
  });

  test('without a suggestion the chip opens the picker and there is no "▾"', () => {
    const onOpenPicker = show(
      withRouting(annotationView(post, undefined, undefined, now, words), null, [], routingWords),
      { onAcceptSuggestion: vi.fn() },
    );
    chip().click();
    expect(onOpenPicker).toHaveBeenCalledWith(chip());
    expect(pick()).toBeNull();
    expect(chip().getAttribute('aria-haspopup')).toBe('dialog');
  });

  test("a fresh unassigned post shows the chip alone, no age beside X's own", () => {
    show(
      withRouting(annotationView(post, undefined, undefined, now, words), null, [], routingWords),
    );
    expect(chip().textContent).toBe('Unassigned');
    expect(badge()).toBeNull();
    expect(more()).toBeNull();
  });

  test('an urgent mention says so in words, with its own state on the badge', () => {
    const view = annotationView(post, undefined, undefined, now + 4 * 3_600_000, words, undefined, {
      isIntake: true,
      urgentAfterMs: 2 * 3_600_000,
    });
    show(withRouting(view, null, [], routingWords));
    expect(badge().textContent).toBe('Urgent · waiting 5 h');
    expect(badge().dataset.intake).toBe('urgent');
  });

  test('an assigned item: the coloured chip, the countdown with its urgency for a screen reader, and the actions button', () => {
    const onOpen = vi.fn();
    show(assigned(), { actions: { label: 'Tanggap actions', onOpen } });
    expect(chip().textContent).toBe('DPU');
    expect(chip().className).toBe('chip assigned');
    expect(badge().textContent).toBe('due soon: 5 h left');
    expect(badge().querySelector('.sr-only')!.textContent).toBe('due soon: ');
    // Not X's "⋯": a drawn icon, and a name of its own.
    expect(more().textContent).toBe('');
    expect(more().getAttribute('aria-label')).toBe('Tanggap actions');
    more().click();
    expect(onOpen).toHaveBeenCalledWith(more());
  });

  test('a badge whose text says it all holds no words for a screen reader; they come with an urgency', () => {
    const actions = { actions: { label: 'Tanggap actions', onOpen: vi.fn() } };
    const responded = withRouting(
      annotationView(
        post,
        createAssignment({
          tweetId: post.id,
          departmentId: 'dinas-pu',
          status: 'responded',
          deadline: new Date(now + 5 * 3_600_000).toISOString(),
        }),
        createDepartment({ id: 'dinas-pu', shortName: 'DPU', color: '#b45309' }),
        now,
        words,
      ),
      null,
      [],
      routingWords,
    );
    show(responded, actions);
    expect(badge().textContent).toBe('responded');
    expect(badge().children).toHaveLength(0);
    show(assigned(), actions);
    expect(badge().textContent).toBe('due soon: 5 h left');
    expect(badge().querySelector('.sr-only')!.textContent).toBe('due soon: ');
    show(responded, actions);
    expect(badge().textContent).toBe('responded');
    expect(badge().children).toHaveLength(0);
  });

  test('programme labels show their short name, and their full name to a screen reader', () => {
    show(suggested(), { onAcceptSuggestion: vi.fn() });
    const label = root.querySelector<HTMLElement>('[data-programme-id="kur"]')!;
    expect(label.querySelector('[aria-hidden="true"]')!.textContent).toBe('KUR');
    expect(label.querySelector('.sr-only')!.textContent).toBe('Programme: Kredit Usaha Rakyat');
    expect(label.title).toBe('Programme: Kredit Usaha Rakyat');
    show(
      withRouting(annotationView(post, undefined, undefined, now, words), null, [], routingWords),
    );
    expect(root.querySelector('[data-programme-id]')).toBeNull();
  });

  test('an update changes only what differs: the same view again touches nothing', async () => {
    show(assigned(), { actions: { label: 'Tanggap actions', onOpen: vi.fn() } });
    const before = chip();
    const records: MutationRecord[] = [];
    const observer = new MutationObserver((r) => records.push(...r));
    observer.observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
    show(assigned(), { actions: { label: 'Tanggap actions', onOpen: vi.fn() } });
    await Promise.resolve();
    expect(records).toEqual([]);
    // The next minute: only the countdown's text changes, in the same elements.
    show(assigned(now + 60_000), { actions: { label: 'Tanggap actions', onOpen: vi.fn() } });
    await Promise.resolve();
    observer.disconnect();
    expect(chip()).toBe(before);
    expect(badge().textContent).toBe('due soon: 4 h 59 min left');
    expect(records.every((r) => r.target === badge() || badge().contains(r.target))).toBe(true);
  });
});
