// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, test, vi, type Mock } from 'vitest';
import { createDepartment } from '../tests/factories';
import { DepartmentPicker } from './DepartmentPicker';

const departments = [
  createDepartment({
    id: 'dinas-pu',
    shortName: 'Dinas PU',
    name: 'Dinas Pekerjaan Umum',
    keywords: ['jalan'],
  }),
  createDepartment({
    id: 'dlh',
    shortName: 'DLH',
    name: 'Dinas Lingkungan Hidup',
    keywords: ['sampah'],
  }),
  createDepartment({
    id: 'dinkes',
    shortName: 'Dinkes',
    name: 'Dinas Kesehatan',
    keywords: ['puskesmas'],
  }),
];

let container: HTMLElement;
let onPick: Mock<(id: string) => void>;
let onClose: Mock<() => void>;

beforeEach(() => {
  // jsdom lays nothing out, so it has no scrollIntoView.
  Element.prototype.scrollIntoView = vi.fn();
  container = document.createElement('div');
  document.body.append(container);
  onPick = vi.fn();
  onClose = vi.fn();
  act(() => {
    render(
      <DepartmentPicker
        departments={departments}
        currentId="dlh"
        onPick={onPick}
        onClose={onClose}
      />,
      container,
    );
  });
});
afterEach(() => {
  act(() => render(null, container));
  container.remove();
});

const input = () => container.querySelector('input')!;
const options = () => [...container.querySelectorAll<HTMLElement>('[role="option"]')];
const selected = () =>
  container.querySelector('[aria-selected="true"]')?.getAttribute('data-department-id');
function key(k: string) {
  act(() => {
    input().dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
  });
}
function type(text: string) {
  act(() => {
    input().value = text;
    input().dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('DepartmentPicker', () => {
  test('focuses the filter box and lists every department with its id', () => {
    expect(document.activeElement).toBe(input());
    expect(options().map((o) => o.dataset.departmentId)).toEqual(['dinas-pu', 'dlh', 'dinkes']);
    expect(
      container.querySelector('[aria-current="true"]')?.getAttribute('data-department-id'),
    ).toBe('dlh');
  });

  test('arrows move the choice and Enter picks it', () => {
    expect(selected()).toBe('dinas-pu');
    key('ArrowDown');
    key('ArrowDown');
    key('ArrowDown');
    expect(selected()).toBe('dinkes');
    key('ArrowUp');
    expect(selected()).toBe('dlh');
    expect(input().getAttribute('aria-activedescendant')).toBe('dept-dlh');
    key('Enter');
    expect(onPick).toHaveBeenCalledWith('dlh');
  });

  test.each([
    ['kesehatan', ['dinkes']],
    ['KÉSEHATAN', ['dinkes']],
    ['sampah', ['dlh']],
    ['dinas', ['dinas-pu', 'dlh', 'dinkes']],
  ])('typing "%s" filters by name, short name and keywords', (query, expected) => {
    type(query);
    expect(options().map((o) => o.dataset.departmentId)).toEqual(expected);
    expect(selected()).toBe(expected[0]);
  });

  test('no match says so, and Enter picks nothing', () => {
    type('zzz');
    expect(options()).toHaveLength(0);
    expect(container.textContent).toContain('No department matches');
    key('Enter');
    expect(onPick).not.toHaveBeenCalled();
  });

  test('Escape closes, from the filter box and from the close button alike', () => {
    key('Escape');
    expect(onClose).toHaveBeenCalledTimes(1);
    act(() => {
      container
        .querySelector('.close')!
        .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  test('a click picks', () => {
    act(() => options()[2]!.click());
    expect(onPick).toHaveBeenCalledWith('dinkes');
  });
});

describe('DepartmentPicker for a post', () => {
  function show(props: { suggestedId?: string; text?: string }) {
    act(() => {
      render(
        <DepartmentPicker
          departments={departments}
          currentId=""
          post={{ authorHandle: 'warga', text: props.text ?? 'Jalan di depan pasar berlubang' }}
          suggestedId={props.suggestedId}
          onPick={onPick}
          onClose={onClose}
        />,
        container,
      );
    });
  }
  const dialog = () => container.querySelector('[role="dialog"]')!;

  test('names the post it assigns, in its title and to screen readers', () => {
    show({});
    expect(dialog().getAttribute('aria-label')).toBe(
      'Assign the post by @warga: “Jalan di depan pasar berlubang”',
    );
    expect(container.querySelector('.picker-title')!.textContent).toBe(
      dialog().getAttribute('aria-label'),
    );
  });

  test('a long post is quoted by its start, on one line', () => {
    show({ text: `Sampah\n\nmenumpuk ${'di gang sempit '.repeat(10)}` });
    const title = dialog().getAttribute('aria-label')!;
    expect(title.startsWith('Assign the post by @warga: “Sampah menumpuk di gang')).toBe(true);
    expect(title.endsWith('…”')).toBe(true);
    expect(title.length).toBeLessThan(90);
  });

  test('a post without text is named by its author', () => {
    show({ text: '' });
    expect(dialog().getAttribute('aria-label')).toBe('Assign the post by @warga');
  });

  test('the suggestion comes first, is marked, and Enter assigns it', () => {
    show({ suggestedId: 'dinkes' });
    expect(options().map((o) => o.dataset.departmentId)).toEqual(['dinkes', 'dinas-pu', 'dlh']);
    expect(options()[0]!.textContent).toContain('suggested');
    expect(selected()).toBe('dinkes');
    key('Enter');
    expect(onPick).toHaveBeenCalledWith('dinkes');
  });
});
