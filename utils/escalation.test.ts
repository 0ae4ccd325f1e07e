import { describe, expect, test } from 'vitest';
import { createAssignment, createDepartment } from '../tests/factories';
import {
  batchEscalations,
  decideEscalations,
  escalationText,
  focusBacklog,
  focusOfNotification,
  focusQuery,
  inFocus,
  notificationId,
  parseFocus,
  readNotifiedRecord,
} from './escalation';
import { HOUR_MS, MINUTE_MS } from './sla';

const NOW = Date.parse('2025-03-10T05:00:00.000Z');
const WINDOW = 6 * HOUR_MS;
const iso = (ms: number) => new Date(ms).toISOString();
const item = (tweetId: string, deadlineMs: number) => ({ tweetId, deadline: iso(deadlineMs) });

describe('decideEscalations', () => {
  test.each([
    ['ok → nothing', NOW + 7 * HOUR_MS, undefined, [], {}],
    ['becomes due soon', NOW + 6 * HOUR_MS, undefined, ['soon'], { a: 'soon' }],
    ['due soon already notified', NOW + HOUR_MS, 'soon', [], { a: 'soon' }],
    ['due soon → overdue', NOW - MINUTE_MS, 'soon', ['overdue'], { a: 'overdue' }],
    ['deadline this instant is overdue', NOW, 'soon', ['overdue'], { a: 'overdue' }],
    [
      'both while the browser was closed: overdue once',
      NOW - HOUR_MS,
      undefined,
      ['overdue'],
      { a: 'overdue' },
    ],
    ['overdue already notified', NOW - 3 * HOUR_MS, 'overdue', [], { a: 'overdue' }],
    ['clock set back: overdue stays, not news', NOW + HOUR_MS, 'overdue', [], { a: 'overdue' }],
  ] as const)('%s', (_, deadline, before, kinds, record) => {
    const decision = decideEscalations(
      [item('a', deadline)],
      before ? { a: before } : {},
      NOW,
      WINDOW,
    );
    expect(decision.changes.map((c) => c.kind)).toEqual(kinds);
    expect(decision.record).toEqual(record);
  });

  test('items no longer urgent leave the record, so their next cycle is notified again', () => {
    const first = decideEscalations([item('a', NOW - HOUR_MS)], {}, NOW, WINDOW);
    // Resolved (or reassigned with a new deadline): it is no longer in the urgent range.
    const second = decideEscalations([], first.record, NOW + HOUR_MS, WINDOW);
    expect(second.record).toEqual({});
    // Reopened with its old deadline: overdue is news again.
    const third = decideEscalations([item('a', NOW - HOUR_MS)], second.record, NOW, WINDOW);
    expect(third.changes).toEqual([{ tweetId: 'a', kind: 'overdue' }]);
  });

  test('a batch: each item once, whatever the record held', () => {
    const decision = decideEscalations(
      [item('a', NOW - HOUR_MS), item('b', NOW + HOUR_MS), item('c', NOW + 2 * HOUR_MS)],
      { a: 'overdue', b: 'soon', gone: 'soon' },
      NOW,
      WINDOW,
    );
    expect(decision.changes).toEqual([{ tweetId: 'c', kind: 'soon' }]);
    expect(decision.record).toEqual({ a: 'overdue', b: 'soon', c: 'soon' });
  });

  test('a broken stored record counts as empty, without throwing', () => {
    expect(readNotifiedRecord('nonsense')).toEqual({});
    expect(readNotifiedRecord([1, 2])).toEqual({});
    expect(readNotifiedRecord({ a: 'soon', b: 'late', c: 3 })).toEqual({ a: 'soon' });
    const decision = decideEscalations([item('a', NOW - 1)], null, NOW, WINDOW);
    expect(decision.changes).toEqual([{ tweetId: 'a', kind: 'overdue' }]);
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

  test('the popup reads back the query it is opened with', () => {
    const query = focusQuery({ urgency: 'overdue', departmentIds: ['dinas-pu', 'dishub'] });
    expect(query).toBe('?urgency=overdue&departments=dinas-pu,dishub');
    expect(parseFocus(query)).toEqual({
      urgency: 'overdue',
      departmentIds: ['dinas-pu', 'dishub'],
    });
  });

  test.each([
    ['', null],
    ['?urgency=whatever', null],
    ['?urgency=soon', { urgency: 'soon', departmentIds: [] }],
    ['?urgency=soon&departments=dlh,<script>,Bad', { urgency: 'soon', departmentIds: ['dlh'] }],
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
