// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, expect, test, vi } from 'vitest';
import { createAssignment } from '../tests/factories';
import { changeStatus } from '../utils/domain/assignment-ops';
import { DEFAULT_DEPARTMENTS } from '../utils/domain/departments';
import type { Assignment } from '../utils/domain/types';
import { ClosedToday } from './ClosedToday';
import { useTestRoot } from '../tests/test-root';

let container: HTMLElement;
const onOpen = vi.fn<(url: string) => void>();

useTestRoot((el) => (container = el));
beforeEach(() => {
  onOpen.mockReset();
});

function show(items: Assignment[] | undefined) {
  act(() => {
    render(
      <ClosedToday
        items={items}
        departments={DEFAULT_DEPARTMENTS}
        onOpen={onOpen}
        detail={(item) => <span data-detail={item.tweetId} />}
      />,
      container,
    );
  });
}

test('each closed item, in the given order, with its department, status and detail', () => {
  const responded = changeStatus(
    createAssignment({ tweetId: '11', departmentId: 'dlh' }),
    'responded',
    'rina',
    '2025-03-10T04:00:00.000Z',
  );
  const resolved = changeStatus(
    createAssignment({ tweetId: '12', departmentId: 'dsdabm' }),
    'resolved',
    'rina',
    '2025-03-10T03:00:00.000Z',
    'handled',
  );
  show([responded, resolved]);
  const rows = [...container.querySelectorAll<HTMLElement>('[data-closed-item]')];
  expect(rows.map((r) => r.dataset.tweetId)).toEqual(['11', '12']);
  expect(rows.map((r) => r.querySelector('.chip')!.textContent)).toEqual(['DLH', 'DSDABM']);
  expect(rows.map((r) => r.querySelector('.badge')!.textContent)).toEqual([
    'Responded',
    'Resolved',
  ]);
  expect(rows[1]!.querySelector('[data-detail="12"]')).not.toBeNull();
  // Not part of the open backlog's hook.
  expect(container.querySelector('[data-backlog-item]')).toBeNull();
  const open = rows[0]!.querySelector<HTMLButtonElement>('button.item')!;
  expect(open.getAttribute('aria-label')).toBe(
    `Open the post by @${responded.post.authorHandle}: Responded`,
  );
  open.click();
  expect(onOpen).toHaveBeenCalledWith(responded.post.url);
});

test('a heading names the list; empty says so; loading shows nothing yet', () => {
  show(undefined);
  expect(container.querySelector('section')!.getAttribute('aria-busy')).toBe('true');
  expect(container.querySelector('.empty')).toBeNull();
  show([]);
  expect(container.querySelector('h2')!.textContent).toBe('Closed today');
  expect(container.querySelector('.empty')!.textContent).toBe(
    'Nothing responded or resolved today yet.',
  );
});
