// @vitest-environment jsdom
/**
 * The popup's and the item panel's controls per role: a table of role × control. What an
 * officer may not do is not offered, to the eye or to a screen reader.
 */
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, test, vi } from 'vitest';
import { createActor, createAssignment, createPost } from '../tests/factories';
import type { Actor } from '../utils/domain/actor';
import { DEFAULT_DEPARTMENTS } from '../utils/domain/departments';
import { mentionOf, summarizeIntake } from '../utils/domain/mentions';
import { itemRights } from '../utils/domain/rights';
import type { Backlog } from '../utils/domain/types';
import { BacklogView } from './BacklogView';
import { IntakeList } from './IntakeList';
import { ItemActions } from './ItemActions';
import { useTestRoot } from '../tests/test-root';

const NOW = Date.parse('2025-03-10T05:00:00.000Z');
const admin = createActor({ role: 'admin' });
const triage = createActor({ role: 'triage' });
const dlhOfficer = createActor({ username: 'dewi', role: 'department', departmentId: 'dlh' });
/** Each role with its name, for the tests' titles. */
const ROLES = [
  ['no team', null],
  ['an admin', admin],
  ['a triage officer', triage],
  ['a DLH officer', dlhOfficer],
] as const;
type Role = (typeof ROLES)[number];
const named = <T extends unknown[]>(role: Role, ...rest: T) => [role[0], ...rest, role[1]] as const;

let container: HTMLElement;
useTestRoot((el) => (container = el));

function show(view: ComponentChild) {
  act(() => render(view, container));
}

const actions = (selector: string) =>
  [...container.querySelectorAll<HTMLElement>(selector)].map((el) => el.dataset.action);

describe('the intake list: assigning and dismissing are triage acts', () => {
  const createdAt = new Date(NOW - 30 * 60_000).toISOString();
  const mention = mentionOf(
    createPost({ text: '@PemkotBdg sampah numpuk', createdAt }),
    ['PemkotBdg'],
    createdAt,
  )!;

  test.each([
    named(ROLES[0], ['assign', 'open', 'dismiss']),
    named(ROLES[1], ['assign', 'open', 'dismiss']),
    named(ROLES[2], ['assign', 'open', 'dismiss']),
    named(ROLES[3], ['open']),
  ])('%s: offers %j', (_, expected, actor) => {
    show(
      <IntakeList
        intake={summarizeIntake([mention], NOW, 120, 50)}
        departments={DEFAULT_DEPARTMENTS}
        nowMs={NOW}
        urgentAfterMinutes={120}
        watching
        onAssign={vi.fn()}
        onDismiss={vi.fn()}
        onRestore={vi.fn()}
        onOpen={vi.fn()}
        actor={actor}
      />,
    );
    expect(actions('[data-intake-item] [data-action]')).toEqual(expected);
    // The label of a select that is not there is not read either.
    expect(container.querySelectorAll('.intake-actions label')).toHaveLength(
      expected.includes('assign') ? 1 : 0,
    );
  });
});

describe('the backlog: what can be selected, and the bulk changes offered', () => {
  const backlog: Backlog = {
    summary: { assignedToday: 2, respondedToday: 0, dueSoon: 0, overdue: 0 },
    totalOpen: 2,
    next: null,
    items: [
      createAssignment({ tweetId: '1', departmentId: 'dlh' }),
      createAssignment({ tweetId: '2', departmentId: 'dinkes' }),
    ],
  };

  function showBacklog(actor: Actor | null) {
    show(
      <BacklogView
        backlog={backlog}
        departments={DEFAULT_DEPARTMENTS}
        departmentFilter=""
        nowMs={NOW}
        onFilter={vi.fn()}
        onOpen={vi.fn()}
        onBulk={vi.fn(async () => [])}
        actor={actor}
      />,
    );
  }

  const selectable = () =>
    [...container.querySelectorAll('[data-backlog-item]')]
      .filter((row) => row.querySelector('[data-action="select"]'))
      .map((row) => row.getAttribute('data-tweet-id'));

  test.each([
    named(ROLES[0], ['1', '2'], ['bulk-assign', 'bulk-resolve', 'bulk-reopen', 'bulk-clear']),
    named(ROLES[1], ['1', '2'], ['bulk-assign', 'bulk-resolve', 'bulk-reopen', 'bulk-clear']),
    named(ROLES[2], ['1', '2'], ['bulk-assign', 'bulk-resolve', 'bulk-reopen', 'bulk-clear']),
    named(ROLES[3], ['1'], ['bulk-resolve', 'bulk-reopen', 'bulk-clear']),
  ])('%s: selects %j (of a DLH and a Dinkes item), offered %j', (_, rows, bulk, actor) => {
    showBacklog(actor);
    expect(selectable()).toEqual(rows);
    const all = container.querySelector<HTMLInputElement>('[data-action="select-all"]')!;
    act(() => all.click());
    expect(actions('[data-bulk] button')).toEqual(bulk);
    expect(container.querySelector('[data-bulk] select') !== null).toBe(bulk[0] === 'bulk-assign');
    expect(container.querySelector('[data-bulk] .selected-count')!.textContent).toContain(
      String(rows.length),
    );
  });

  test('a demotion leaves selected only what the officer may still change, counted and sent', async () => {
    const onBulk = vi.fn(async () => []);
    const view = (actor: Actor | null) => (
      <BacklogView
        backlog={backlog}
        departments={DEFAULT_DEPARTMENTS}
        departmentFilter=""
        nowMs={NOW}
        onFilter={vi.fn()}
        onOpen={vi.fn()}
        onBulk={onBulk}
        actor={actor}
      />
    );
    show(view(admin));
    act(() => container.querySelector<HTMLInputElement>('[data-action="select-all"]')!.click());
    expect(container.querySelector('[data-bulk] .selected-count')!.textContent).toContain('2');
    // The same items, the admin now a DLH officer: the Dinkes item leaves the selection.
    show(view(dlhOfficer));
    expect(container.querySelector('[data-bulk] .selected-count')!.textContent).toContain('1');
    await act(async () =>
      container
        .querySelector<HTMLButtonElement>('[data-bulk] [data-action="bulk-resolve"]')!
        .click(),
    );
    expect(onBulk).toHaveBeenCalledWith(expect.anything(), ['1']);
  });
});

describe("an item's actions", () => {
  const open = createAssignment({ tweetId: '1', departmentId: 'dlh' });
  const elsewhere = createAssignment({ tweetId: '2', departmentId: 'dinkes' });

  test.each([
    named(ROLES[0], 'dlh', open, ['responded', 'resolve', 'note']),
    named(ROLES[1], 'dinkes', elsewhere, ['responded', 'resolve', 'note']),
    named(ROLES[2], 'dinkes', elsewhere, ['responded', 'resolve', 'note']),
    named(ROLES[3], 'dlh', open, ['responded', 'resolve', 'note']),
    named(ROLES[3], 'dinkes', elsewhere, []),
  ])('%s on an item of %s: offers %j', (_, _dept, item, expected, actor) => {
    show(
      <ItemActions
        item={item}
        rights={itemRights(actor, item)}
        departments={DEFAULT_DEPARTMENTS}
        onAction={vi.fn()}
      />,
    );
    expect(actions('button[data-action]')).toEqual(expected);
    expect(container.querySelector('[data-read-only]') !== null).toBe(expected.length === 0);
  });
});
