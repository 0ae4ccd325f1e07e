// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, expect, test, vi } from 'vitest';
import { createPost } from '../tests/factories';
import { DEFAULT_DEPARTMENTS } from '../utils/domain/departments';
import { mentionOf, summarizeIntake, type Mention } from '../utils/domain/mentions';
import { IntakeList } from './IntakeList';
import { useTestRoot } from '../tests/test-root';

const NOW = Date.parse('2025-03-10T05:00:00.000Z');
let container: HTMLElement;
const onAssign = vi.fn(async (_m: Mention, _id: string) => {});
const onDismiss = vi.fn(async (_m: Mention) => {});
const onRestore = vi.fn(async (_m: Mention) => {});
const onOpen = vi.fn<(url: string) => void>();

useTestRoot((el) => (container = el));
beforeEach(() => {
  for (const f of [onAssign, onDismiss, onRestore, onOpen]) f.mockClear();
});

function mention(minutesOld: number, text = '@PemkotBdg tolong'): Mention {
  const createdAt = new Date(NOW - minutesOld * 60_000).toISOString();
  return mentionOf(createPost({ text, createdAt }), ['PemkotBdg'], createdAt)!;
}

function show(list: Mention[] | undefined) {
  act(() => {
    render(
      <IntakeList
        intake={list && summarizeIntake(list, NOW, 120, 50)}
        departments={DEFAULT_DEPARTMENTS}
        nowMs={NOW}
        urgentAfterMinutes={120}
        watching
        onAssign={onAssign}
        onDismiss={onDismiss}
        onRestore={onRestore}
        onOpen={onOpen}
      />,
      container,
    );
  });
}

const count = () => container.querySelector<HTMLElement>('[data-intake-count]')!;
const items = () => [...container.querySelectorAll<HTMLElement>('[data-intake-item]')];

test('the count is 0 with no oldest age when nothing waits', () => {
  show([]);
  expect(count().textContent).toBe('0');
  expect(count().dataset.oldestMinutes).toBe('');
  expect(items()).toEqual([]);
});

test('counts what waits, the oldest’s age, and says urgent in words', () => {
  const urgent = mention(150, '@PemkotBdg sampah menumpuk di pasar');
  const fresh = mention(20);
  show([fresh, urgent]);
  expect(count().textContent).toBe('2');
  expect(count().dataset.oldestMinutes).toBe('150');
  const [first, second] = items();
  expect(first!.dataset.tweetId).toBe(urgent.tweetId);
  expect(first!.textContent).toContain('Urgent');
  expect(first!.textContent).toContain('2 h 30 min ago');
  expect(second!.textContent).not.toContain('Urgent');
  // The routing suggestion, from the directory's keywords.
  expect(first!.querySelector('[data-suggested-department]')).not.toBeNull();
});

test('assigns, opens and dismisses with undo', async () => {
  const m = mention(30);
  show([m]);
  const select = items()[0]!.querySelector('select')!;
  await act(() => {
    select.value = 'dlh';
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  expect(onAssign).toHaveBeenCalledWith(m, 'dlh');

  items()[0]!.querySelector<HTMLButtonElement>('[data-action="open"]')!.click();
  expect(onOpen).toHaveBeenCalledWith(m.url);

  await act(() => items()[0]!.querySelector<HTMLButtonElement>('[data-action="dismiss"]')!.click());
  expect(onDismiss).toHaveBeenCalledWith(m);
  const undo = container.querySelector<HTMLButtonElement>('.intake-undo button')!;
  expect(undo.textContent).toBe('Undo');
  await act(() => undo.click());
  expect(onRestore).toHaveBeenCalledWith(m);
});

test('a dismissal the officer cancels (no name given) is not said done', async () => {
  show([mention(30)]);
  let answer!: (done: null) => void;
  onDismiss.mockImplementationOnce(() => new Promise<never>((r) => (answer = r as never)));
  await act(() => items()[0]!.querySelector<HTMLButtonElement>('[data-action="dismiss"]')!.click());
  await act(async () => answer(null));
  expect(container.querySelector('.intake-undo')).toBeNull();
  expect(container.querySelector('[role="alert"]')).toBeNull();
});
