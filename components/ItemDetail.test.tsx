// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, expect, test, vi } from 'vitest';
import { createAssignment } from '../tests/factories';
import { DEFAULT_DEPARTMENTS } from '../utils/domain/departments';
import type { Assignment } from '../utils/domain/types';
import type { ItemAction } from '../utils/messaging/item-actions';
import type { Actor } from '../utils/domain/actor';
import { ItemDetail } from './ItemDetail';
import { useTestRoot } from '../tests/test-root';

let container: HTMLElement;
const onAction = vi.fn<(action: ItemAction) => Promise<unknown>>();

useTestRoot((el) => (container = el));
beforeEach(() => {
  onAction.mockReset().mockResolvedValue(undefined);
});

function show(item: Assignment, ...who: [Actor | null | undefined] | []) {
  const actor = who.length > 0 ? who[0] : null;
  act(() => {
    render(
      <ItemDetail
        item={item}
        departments={DEFAULT_DEPARTMENTS}
        formatTime={(iso) => iso.slice(11, 16)}
        onAction={onAction}
        actor={actor}
      />,
      container,
    );
  });
}
const toggle = () => container.querySelector<HTMLButtonElement>('[data-action="details"]')!;
const click = (el: Element) => act(async () => (el as HTMLElement).click());

test('closed at first; the button opens the panel it controls and says so', async () => {
  show(createAssignment({ departmentId: 'dsdabm' }));
  expect(toggle().getAttribute('aria-expanded')).toBe('false');
  expect(container.querySelector('[data-history]')).toBeNull();
  await click(toggle());
  expect(toggle().getAttribute('aria-expanded')).toBe('true');
  const panel = container.querySelector(`#${toggle().getAttribute('aria-controls')}`);
  expect(panel).not.toBeNull();
  await click(toggle());
  expect(toggle().getAttribute('aria-expanded')).toBe('false');
  expect(container.querySelector('.detail-panel')).toBeNull();
});

test('the history reads line by line, oldest first, with the department’s short name', async () => {
  const item = createAssignment({ departmentId: 'dsdabm', assignedAt: '2025-03-10T02:05:00.000Z' });
  show({
    ...item,
    history: [
      ...item.history,
      { at: '2025-03-10T03:30:00.000Z', by: 'rina', action: 'note', reason: 'Sudah dicek' },
    ],
  });
  await click(toggle());
  const lines = [...container.querySelectorAll('[data-history] li')];
  expect(lines.map((li) => li.getAttribute('data-history-action'))).toEqual(['assign', 'note']);
  expect(lines[0]!.textContent).toMatch(/^02:05 tester: .*DSDABM/);
  expect(lines[1]!.textContent).toMatch(/^03:30 rina: .*Sudah dicek/);
});

test('an item without history says so', async () => {
  show({ ...createAssignment(), history: [] });
  await click(toggle());
  expect(container.querySelector('[data-history]')).toBeNull();
  expect(container.querySelector('.empty')!.textContent).toBe('No history yet');
});

test('the panel’s actions act on this item', async () => {
  show(createAssignment({ departmentId: 'dsdabm' }));
  await click(toggle());
  await click(container.querySelector('[data-action="responded"]')!);
  expect(onAction).toHaveBeenCalledExactlyOnceWith({ kind: 'responded' });
});

test('no action is offered while who acts is not known yet, then only theirs', async () => {
  const item = createAssignment({ departmentId: 'dlh' });
  show(item, undefined);
  await click(toggle());
  const panel = container.querySelector('.detail-panel')!;
  expect(panel.querySelectorAll('button, select, textarea')).toHaveLength(0);
  expect(panel.querySelector('[data-history]')).not.toBeNull();
  show(item, null);
  const alone = panel.querySelectorAll('button, select, textarea').length;
  expect(alone).toBeGreaterThan(0);
  show(item, { username: 'dewi', role: 'department', departmentId: 'dinkes' });
  expect(panel.querySelectorAll('button, select, textarea')).toHaveLength(0);
});
