import { describe, expect, test } from 'vitest';
import { createAssignment, createDepartment } from '../../tests/factories';
import {
  batchEscalations,
  decideEscalations,
  escalationText,
  focusBacklog,
  focusOfNotification,
  inFocus,
  namedBacklog,
  notificationId,
  parseFocus,
  planEscalations,
  readEscalationState,
} from './escalation';
import { HOUR_MS, MINUTE_MS } from './sla';
import type { Assignment } from './types';

const NOW = Date.parse('2025-03-10T05:00:00.000Z');
const WINDOW = 6 * HOUR_MS;
const iso = (ms: number) => new Date(ms).toISOString();

describe('decideEscalations', () => {
  const item = (deadlineMs: number) => ({
    tweetId: 'a',
    status: 'open',
    deadline: iso(deadlineMs),
  });
  const decide = (
    a: { tweetId: string; status: string; deadline: string },
    mark?: { kind: string; deadline: string } | string,
  ) =>
    decideEscalations(
      [a as Assignment],
      new Map(mark === undefined ? [] : [['a', mark]]),
      NOW,
      WINDOW,
    );

  test.each([
    ['ok → nothing', NOW + 7 * HOUR_MS, undefined, []],
    ['becomes due soon', NOW + 6 * HOUR_MS, undefined, ['soon']],
    ['due soon already notified', NOW + HOUR_MS, 'soon', []],
    ['due soon → overdue', NOW - MINUTE_MS, 'soon', ['overdue']],
    ['deadline this instant is overdue', NOW, 'soon', ['overdue']],
    ['both while the browser was closed: overdue once', NOW - HOUR_MS, undefined, ['overdue']],
    ['overdue already notified', NOW - 3 * HOUR_MS, 'overdue', []],
    ['clock set back: overdue stays, not news', NOW + HOUR_MS, 'overdue', []],
  ] as const)('%s', (_, deadline, before, kinds) => {
    const a = item(deadline);
    const decision = decide(a, before && { kind: before, deadline: a.deadline });
    expect(decision.changes.map((c) => c.kind)).toEqual(kinds);
    if (kinds.length > 0) {
      expect(decision.marks.get('a')).toEqual({ kind: kinds[0], deadline: a.deadline });
    } else {
      expect(decision.marks.size).toBe(0);
    }
  });

  test('a new deadline is a new cycle: notified again', () => {
    const a = item(NOW - HOUR_MS);
    expect(decide(a, { kind: 'overdue', deadline: iso(NOW - 30 * HOUR_MS) }).changes).toEqual([
      { tweetId: 'a', kind: 'overdue' },
    ]);
  });

  test('an item no longer urgent loses its mark, so its next cycle is news', () => {
    const closed = { ...item(NOW - HOUR_MS), status: 'responded' };
    const decision = decide(closed, { kind: 'overdue', deadline: closed.deadline });
    expect(decision.changes).toEqual([]);
    expect(decision.marks.get('a')).toBeNull();
  });

  test('a broken mark counts as none, without throwing', () => {
    expect(decide(item(NOW - 1), 'nonsense').changes).toEqual([{ tweetId: 'a', kind: 'overdue' }]);
  });
});

describe('planEscalations', () => {
  const state = (checkedMs: number) => ({
    checkedAt: iso(checkedMs),
    soonUntil: iso(checkedMs + WINDOW),
  });

  test('only the ranges since the last check are read: a check a minute later reads a minute', () => {
    const plan = planEscalations(state(NOW - MINUTE_MS), NOW, WINDOW);
    expect(plan.deadlineRanges).toEqual([
      [iso(NOW - MINUTE_MS), iso(NOW)],
      [iso(NOW - MINUTE_MS + WINDOW), iso(NOW + WINDOW)],
    ]);
    expect(plan.changedAfter).toBe(iso(NOW - MINUTE_MS));
    expect(plan.next).toEqual(state(NOW));
    // Run twice at the same instant, the second run reads empty ranges.
    const again = planEscalations(plan.next, NOW, WINDOW);
    expect(again.deadlineRanges.every(([lower, upper]) => lower >= upper)).toBe(true);
  });

  test('never checked: everything up to the due-soon window is read once', () => {
    const plan = planEscalations(undefined, NOW, WINDOW);
    expect(plan.deadlineRanges).toEqual([
      ['', iso(NOW)],
      [iso(NOW), iso(NOW + WINDOW)],
    ]);
    expect(plan.changedAfter).toBeNull();
  });

  test('a clock set back never moves the record back', () => {
    expect(planEscalations(state(NOW + HOUR_MS), NOW, WINDOW).next).toEqual(state(NOW + HOUR_MS));
  });

  test.each([
    ['nothing stored', undefined, ''],
    ['the per-item record of an older version', { '1': 'overdue' }, iso(NOW)],
    ['a broken record', 'nonsense', iso(NOW)],
  ])('the stored state: %s', (_, stored, checkedAt) => {
    expect(readEscalationState(stored, NOW, WINDOW).checkedAt).toBe(checkedAt);
  });
});

describe('batchEscalations and escalationText', () => {
  const pu = createDepartment({ id: 'dinas-pu', shortName: 'Dinas PU', order: 0 });
  const dishub = createDepartment({ id: 'dishub', shortName: 'Dishub', order: 1 });
  const dlh = createDepartment({ id: 'dlh', shortName: 'DLH', order: 2 });
  const words = {
    overdue: (n: number) => `${n} overdue`,
    soon: (n: number) => `${n} due soon`,
    list: (list: string) => list,
  };

  test('one notification per kind, overdue first, departments by count then directory order', () => {
    const batches = batchEscalations(
      [
        { kind: 'soon', departmentId: 'dlh' },
        { kind: 'overdue', departmentId: 'dishub' },
        { kind: 'overdue', departmentId: 'dinas-pu' },
        { kind: 'overdue', departmentId: 'dinas-pu' },
      ],
      [dlh, dishub, pu],
    );
    expect(batches.map((b) => escalationText(b, words))).toEqual([
      { title: '3 overdue', message: 'Dinas PU 2, Dishub 1' },
      { title: '1 due soon', message: 'DLH 1' },
    ]);
  });

  test('ties keep directory order; a department no longer in the directory shows its id', () => {
    const [batch] = batchEscalations(
      [
        { kind: 'overdue', departmentId: 'gone' },
        { kind: 'overdue', departmentId: 'dishub' },
        { kind: 'overdue', departmentId: 'dinas-pu' },
      ],
      [dishub, pu],
    );
    expect(escalationText(batch!, words).message).toBe('Dinas PU 1, Dishub 1, gone 1');
  });

  test('nothing changed: no notification', () => {
    expect(batchEscalations([], [pu])).toEqual([]);
  });
});

describe('notification click → popup focus', () => {
  const batch = {
    kind: 'overdue' as const,
    total: 3,
    byDepartment: [
      { departmentId: 'dinas-pu', name: 'Dinas PU', count: 2 },
      { departmentId: 'dishub', name: 'Dishub', count: 1 },
    ],
  };

  test('the id carries the focus, so a restarted worker can open it', () => {
    const id = notificationId(batch, NOW);
    expect(focusOfNotification(id)).toEqual({
      urgency: 'overdue',
      departmentIds: ['dinas-pu', 'dishub'],
    });
    expect(notificationId(batch, NOW + 1)).not.toBe(id);
  });

  test('the popup is opened on the notification itself', () => {
    const id = notificationId(batch, NOW);
    const search = `?${new URLSearchParams({ notification: id })}`;
    expect(parseFocus(search)).toEqual({
      urgency: 'overdue',
      departmentIds: ['dinas-pu', 'dishub'],
      notificationId: id,
    });
  });

  test.each([
    ['', null],
    ['?notification=', null],
    ['?notification=someone-else%3Aoverdue%3Adlh%3A1', null],
    ['?urgency=soon', null],
  ])('parseFocus(%j)', (search, focus) => {
    expect(parseFocus(search)).toEqual(focus);
  });

  test('other notifications are not ours', () => {
    expect(focusOfNotification('someone-else:overdue:dlh:1')).toBeNull();
  });

  test.each([
    ['overdue, listed department', 'overdue', 'dishub', NOW - 1, 'open', true],
    ['overdue, other department', 'overdue', 'dlh', NOW - 1, 'open', false],
    ['not yet overdue', 'overdue', 'dishub', NOW + HOUR_MS, 'open', false],
    ['due soon focus keeps the ones overdue by now', 'soon', 'dishub', NOW - 1, 'open', true],
    ['due soon', 'soon', 'dishub', NOW + HOUR_MS, 'open', true],
    ['not urgent', 'soon', 'dishub', NOW + 7 * HOUR_MS, 'open', false],
    ['responded', 'overdue', 'dishub', NOW - 1, 'responded', false],
  ] as const)('inFocus: %s', (_, urgency, departmentId, deadline, status, expected) => {
    const focus = { urgency, departmentIds: ['dinas-pu', 'dishub'] };
    expect(inFocus({ departmentId, deadline: iso(deadline), status }, focus, NOW, WINDOW)).toBe(
      expected,
    );
  });
});

test('namedBacklog shows the notification’s own items, narrowed by the popup’s filter', () => {
  const a = createAssignment({ departmentId: 'dlh' });
  const b = createAssignment({ departmentId: 'dishub' });
  const backlog = {
    items: [createAssignment()],
    totalOpen: 40,
    next: null,
    summary: { assignedToday: 1, respondedToday: 2, dueSoon: 3, overdue: 4 },
  };
  expect(namedBacklog(backlog, { items: [a, b], total: 700 })).toEqual({
    ...backlog,
    items: [a, b],
    totalOpen: 700,
  });
  expect(namedBacklog(backlog, { items: [a, b], total: 2 }, 'dishub').items).toEqual([b]);
});

test('focusBacklog keeps only the focused items and counts them', () => {
  const item = (departmentId: string, deadlineMs: number) =>
    createAssignment({ departmentId, assignedAt: iso(deadlineMs - 24 * HOUR_MS) });
  const items = [
    item('dlh', NOW - HOUR_MS),
    item('dishub', NOW - HOUR_MS),
    item('dlh', NOW + HOUR_MS),
  ];
  const backlog = {
    items,
    totalOpen: 40,
    next: null,
    summary: { assignedToday: 1, respondedToday: 2, dueSoon: 3, overdue: 4 },
  };
  const focused = focusBacklog(
    backlog,
    { urgency: 'overdue', departmentIds: ['dlh'] },
    NOW,
    WINDOW,
  );
  expect(focused.items).toEqual([items[0]]);
  expect(focused.totalOpen).toBe(1);
  // Today's counts stay the whole team's.
  expect(focused.summary).toEqual(backlog.summary);
});
