import { afterEach, describe, expect, test } from 'vitest';
import { createAssignment } from '../../tests/factories';
import { changeStatus } from '../domain/assignment-ops';
import { putAssignments } from './assignments';
import { getBacklog, nextOpenDeadline } from './backlog';
import { openTanggapDb, type TanggapDb } from './schema';
import { HOUR_MS, MINUTE_MS } from '../domain/sla';
import type { Assignment } from '../domain/types';

let count = 0;
const opened: TanggapDb[] = [];
async function freshDb(): Promise<TanggapDb> {
  const db = await openTanggapDb(`backlog-${++count}`);
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const iso = (ms: number) => new Date(ms).toISOString();
const NOW = Date.parse('2025-03-10T05:00:00.000Z');

/** An open item whose deadline is `deadlineMs` (24 h SLA). */
function dueAt(deadlineMs: number, overrides: Partial<Assignment> = {}): Assignment {
  return createAssignment({ assignedAt: iso(deadlineMs - 24 * HOUR_MS), ...overrides });
}
describe('getBacklog', () => {
  const overdueLong = dueAt(NOW - 3 * 24 * HOUR_MS);
  const overdueNow = dueAt(NOW); // exactly at the deadline
  const soonFirst = dueAt(NOW + MINUTE_MS);
  const soonEdge = dueAt(NOW + 6 * HOUR_MS); // exactly at the 6 h boundary
  const later = dueAt(NOW + 6 * HOUR_MS + 1);
  const other = dueAt(NOW + HOUR_MS, { departmentId: 'dlh' });
  const responded = changeStatus(
    dueAt(NOW - HOUR_MS),
    'responded',
    'pu',
    iso(NOW - 30 * MINUTE_MS),
  );
  const open = [overdueLong, overdueNow, soonFirst, other, soonEdge, later];

  async function seeded() {
    const db = await freshDb();
    await putAssignments(db, [
      later,
      responded,
      soonEdge,
      overdueNow,
      other,
      soonFirst,
      overdueLong,
    ]);
    return db;
  }

  test('open items, earliest deadline first, with the counts around the boundaries', async () => {
    const backlog = await getBacklog(await seeded(), { nowMs: NOW });
    expect(backlog.items.map((a) => a.tweetId)).toEqual(open.map((a) => a.tweetId));
    expect(backlog.totalOpen).toBe(6);
    expect(backlog.summary.overdue).toBe(2);
    expect(backlog.summary.dueSoon).toBe(3);
  });

  test('one millisecond later, the boundaries move', async () => {
    const backlog = await getBacklog(await seeded(), { nowMs: NOW + 1 });
    expect(backlog.summary.overdue).toBe(2);
    expect(backlog.summary.dueSoon).toBe(4);
  });

  test('limit cuts the list, not the total', async () => {
    const backlog = await getBacklog(await seeded(), { nowMs: NOW, limit: 2 });
    expect(backlog.items.map((a) => a.tweetId)).toEqual([overdueLong.tweetId, overdueNow.tweetId]);
    expect(backlog.totalOpen).toBe(6);
  });

  test('pages go on from `next` to the last open item, without a cut or a repeat', async () => {
    const db = await seeded();
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 1; ; pages++) {
      const page = await getBacklog(db, { nowMs: NOW, limit: 2, after });
      seen.push(...page.items.map((a) => a.tweetId));
      if (!page.next) break;
      expect(pages).toBeLessThan(6);
      after = page.next;
    }
    expect(seen).toEqual(open.map((a) => a.tweetId));
  });

  test('a page never splits the items of one deadline', async () => {
    const db = await freshDb();
    const at = NOW + HOUR_MS;
    const tied = [1, 2, 3].map(() => dueAt(at));
    const first = dueAt(NOW);
    const last = dueAt(at + 1);
    await putAssignments(db, [...tied, first, last]);
    const page = await getBacklog(db, { nowMs: NOW, limit: 2 });
    expect(page.items.map((a) => a.tweetId).sort()).toEqual(
      [first, ...tied].map((a) => a.tweetId).sort(),
    );
    expect(page.next).toBe(iso(at));
    const rest = await getBacklog(db, { nowMs: NOW, limit: 2, after: page.next! });
    expect(rest.items.map((a) => a.tweetId)).toEqual([last.tweetId]);
    expect(rest.next).toBeNull();
  });

  test("a period's items by assignment time, whatever their status, and its counts", async () => {
    const db = await freshDb();
    const from = Date.parse('2025-03-08T17:00:00.000Z'); // 9 March in Jakarta
    const to = from + 24 * HOUR_MS;
    const before = createAssignment({ assignedAt: iso(from - 1) });
    const firstOfDay = createAssignment({ assignedAt: iso(from) });
    const answered = changeStatus(
      createAssignment({ assignedAt: iso(from + 2 * HOUR_MS), departmentId: 'dlh' }),
      'responded',
      'dlh',
      iso(from + 3 * HOUR_MS),
    );
    const lastOfDay = createAssignment({ assignedAt: iso(to - 1) });
    const after = createAssignment({ assignedAt: iso(to) });
    await putAssignments(db, [after, lastOfDay, answered, firstOfDay, before]);
    const period = { from: iso(from), to: iso(to) };
    const page = await getBacklog(db, { nowMs: NOW, period });
    expect(page.items.map((a) => a.tweetId)).toEqual(
      [firstOfDay, answered, lastOfDay].map((a) => a.tweetId),
    );
    expect(page.summary).toMatchObject({ assignedToday: 3, respondedToday: 1 });
    const dlh = await getBacklog(db, { nowMs: NOW, period, departmentId: 'dlh' });
    expect(dlh.items.map((a) => a.tweetId)).toEqual([answered.tweetId]);
  });

  test('filtered to one department', async () => {
    const backlog = await getBacklog(await seeded(), { nowMs: NOW, departmentId: 'dlh' });
    expect(backlog.items.map((a) => a.tweetId)).toEqual([other.tweetId]);
    expect(backlog.totalOpen).toBe(1);
    expect(backlog.summary).toEqual({
      assignedToday: 0,
      respondedToday: 0,
      dueSoon: 1,
      overdue: 0,
    });
  });

  test("today counts follow the team's day of now (Asia/Jakarta by default)", async () => {
    const db = await freshDb();
    const start = Date.parse('2025-03-09T17:00:00.000Z'); // 10 March, 00:00 in Jakarta
    const nextDay = new Date(start + 24 * HOUR_MS);
    const now = start + 10 * HOUR_MS;
    const items = [
      createAssignment({ assignedAt: iso(start - 1) }), // yesterday
      createAssignment({ assignedAt: iso(start) }),
      createAssignment({ assignedAt: iso(start + 9 * HOUR_MS) }),
      changeStatus(
        createAssignment({ assignedAt: iso(start - HOUR_MS) }),
        'responded',
        'pu',
        iso(start + HOUR_MS),
      ),
      changeStatus(
        createAssignment({ assignedAt: iso(start - 5 * HOUR_MS) }),
        'responded',
        'pu',
        iso(start - HOUR_MS),
      ),
      createAssignment({ assignedAt: iso(nextDay.getTime()) }), // tomorrow
    ];
    await putAssignments(db, items);
    const { summary } = await getBacklog(db, { nowMs: now });
    expect(summary.assignedToday).toBe(2);
    expect(summary.respondedToday).toBe(1);
  });

  test('an empty store', async () => {
    expect(await getBacklog(await freshDb(), { nowMs: NOW })).toEqual({
      items: [],
      next: null,
      totalOpen: 0,
      summary: { assignedToday: 0, respondedToday: 0, dueSoon: 0, overdue: 0 },
    });
  });

  test('nextOpenDeadline: the first open deadline strictly after a time', async () => {
    const db = await seeded();
    expect(await nextOpenDeadline(db, iso(NOW))).toBe(soonFirst.deadline);
    expect(await nextOpenDeadline(db, soonEdge.deadline)).toBe(later.deadline);
    expect(await nextOpenDeadline(db, later.deadline)).toBeNull();
  });
});
