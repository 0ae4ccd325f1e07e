import { afterEach, describe, expect, test } from 'vitest';
import { createAssignment, createPost } from '../../tests/factories';
import { changeStatus } from '../domain/assignment-ops';
import {
  DB_VERSION,
  getAssignment,
  getAssignments,
  getBacklog,
  getRecentAssignments,
  listDepartments,
  nextOpenDeadline,
  openTanggapDb,
  putAssignments,
  readSettingsRecords,
  recountOpen,
  seedDepartments,
  updateSettingsRecords,
  commitMutation,
  type TanggapDb,
} from './db';
import { DEFAULT_DEPARTMENTS } from '../domain/departments';
import { parseMutation } from '../domain/sync-mutations';
import { HOUR_MS, MINUTE_MS } from '../domain/sla';
import type { Assignment, Department } from '../domain/types';

let count = 0;
const opened: TanggapDb[] = [];
async function freshDb(): Promise<TanggapDb> {
  const db = await openTanggapDb(`tanggap-test-${++count}`);
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

describe('openTanggapDb', () => {
  test('creates the stores and the backlog indexes', async () => {
    const db = await freshDb();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'assignments',
      'counters',
      'departments',
      'outbox',
      'programme-mentions',
      'programmes',
      'settings',
      'sync',
    ]);
    const indexes = [...db.transaction('assignments').store.indexNames];
    expect(indexes).toEqual(
      expect.arrayContaining([
        'by-status-deadline',
        'by-department-status-deadline',
        'by-assignedAt',
        'by-respondedAt',
        'by-updatedAt',
      ]),
    );
  });

  test('reopening keeps the data', async () => {
    const db = await openTanggapDb('tanggap-reopen');
    const a = createAssignment();
    await putAssignments(db, [a]);
    db.close();
    const again = await openTanggapDb('tanggap-reopen');
    opened.push(again);
    expect(await getAssignment(again, a.tweetId)).toEqual(a);
  });
});

describe('assignments', () => {
  test('getAssignments answers a batch with the known ones only', async () => {
    const db = await freshDb();
    const [a, b] = [createAssignment(), createAssignment()];
    await putAssignments(db, [a, b]);
    const result = await getAssignments(db, [a.tweetId, '1', b.tweetId, a.tweetId]);
    expect(result).toEqual({ [a.tweetId]: a, [b.tweetId]: b });
  });

  test('a committed change is durable when it resolves: another connection sees it', async () => {
    const db = await freshDb();
    await seedDepartments(db, DEFAULT_DEPARTMENTS);
    const post = createPost();
    const m = parseMutation('assignPost', { post, departmentId: 'dlh' });
    const { effect } = await commitMutation(db, m, { by: 'ani', at: iso(NOW) });
    const other = await openTanggapDb(db.name);
    opened.push(other);
    expect(await getAssignment(other, post.id)).toEqual(effect.assignment);
  });

  test('getRecentAssignments: every post from the given id on, none before, none of another length', async () => {
    const db = await freshDb();
    const since = '1900000000000000100';
    const at = (id: string) => createAssignment({ tweetId: id });
    const recent = ['1900000000000000100', '1900000000000000250', '1900000000000009999'].map(at);
    const older = ['1900000000000000099', '950000000000000000', '19000000000000000000'].map(at);
    await putAssignments(db, [...older, ...recent]);
    const result = await getRecentAssignments(db, since, 10);
    expect(result.sinceId).toBe(since);
    expect(result.assignments.map((a) => a.tweetId)).toEqual(recent.map((a) => a.tweetId));
  });

  test('getRecentAssignments keeps the newest posts when over the limit, and says from where', async () => {
    const db = await freshDb();
    const ids = Array.from({ length: 5 }, (_, i) => `190000000000000010${i}`);
    await putAssignments(
      db,
      ids.map((id) => createAssignment({ tweetId: id })),
    );
    const result = await getRecentAssignments(db, '1900000000000000000', 3);
    expect(result.sinceId).toBe(ids[2]);
    expect(result.assignments.map((a) => a.tweetId)).toEqual(ids.slice(2));
  });

  test('putAssignments is all or nothing', async () => {
    const db = await freshDb();
    const good = createAssignment();
    const broken = { ...createAssignment(), tweetId: undefined } as unknown as Assignment;
    await expect(putAssignments(db, [good, broken])).rejects.toThrow();
    expect(await getAssignment(db, good.tweetId)).toBeUndefined();
  });
});

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

  test('today counts follow the local day of now', async () => {
    const db = await freshDb();
    const midnight = new Date(NOW);
    midnight.setHours(0, 0, 0, 0);
    const start = midnight.getTime();
    const nextDay = new Date(midnight);
    nextDay.setDate(nextDay.getDate() + 1);
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

describe('open counters', () => {
  async function actualOpen(db: TanggapDb, departmentId?: string) {
    const all = await db.getAll('assignments');
    return all.filter(
      (a) => a.status === 'open' && (!departmentId || a.departmentId === departmentId),
    ).length;
  }

  test('follow every kind of write, and a repair recount agrees', async () => {
    const db = await freshDb();
    await seedDepartments(db, DEFAULT_DEPARTMENTS);
    const [pu, dlh] = DEFAULT_DEPARTMENTS as [Department, Department];
    const posts = [createPost(), createPost(), createPost()];
    const at = iso(NOW);
    const commit = (name: string, args: unknown) =>
      commitMutation(db, parseMutation(name, args), { by: 'a', at });
    for (const post of posts) await commit('assignPost', { post, departmentId: pu.id });
    await commit('assignPost', { post: posts[0]!, departmentId: dlh.id });
    await commit('setStatus', { tweetId: posts[1]!.id, status: 'responded' });
    await commit('unassign', { tweetId: posts[2]!.id });
    const imported = createAssignment({ departmentId: dlh.id });
    const replaced = changeStatus((await getAssignment(db, posts[0]!.id))!, 'resolved', 'a', at);
    await putAssignments(db, [imported, replaced, { ...imported }]);

    const check = async () => {
      for (const dept of [undefined, pu.id, dlh.id]) {
        const backlog = await getBacklog(db, { nowMs: NOW, departmentId: dept });
        expect(backlog.totalOpen).toBe(await actualOpen(db, dept));
      }
    };
    await check();
    expect((await getBacklog(db, { nowMs: NOW })).totalOpen).toBe(1);
    await db.clear('counters');
    await recountOpen(db);
    await check();
  });
});

describe('departments', () => {
  test('seeded once, in order; an admin’s edit survives a second seed', async () => {
    const db = await freshDb();
    expect(await seedDepartments(db, [...DEFAULT_DEPARTMENTS].reverse())).toBe(true);
    const listed = await listDepartments(db);
    expect(listed.map((d) => d.id)).toEqual(DEFAULT_DEPARTMENTS.map((d) => d.id));

    await db.put('departments', { ...listed[0]!, handle: 'dsdabm_bdg' });
    expect(await seedDepartments(db, DEFAULT_DEPARTMENTS)).toBe(false);
    expect((await listDepartments(db))[0]!.handle).toBe('dsdabm_bdg');
  });
});

describe('settings records', () => {
  test('a read-modify-write puts one record and deletes the named ones', async () => {
    const db = await freshDb();
    expect(await readSettingsRecords(db)).toEqual({});
    await db.put('settings', 'Ani (Diskominfo)', 'officerName');
    const stored = await updateSettingsRecords(db, (records) => ({
      key: 'settings',
      value: { officerName: records.officerName },
      remove: ['officerName'],
    }));
    expect(stored).toEqual({ officerName: 'Ani (Diskominfo)' });
    expect(await readSettingsRecords(db)).toEqual({ settings: stored });
  });

  test('a refusal stores nothing', async () => {
    const db = await freshDb();
    await db.put('settings', 'Ani', 'officerName');
    await expect(
      updateSettingsRecords(db, () => {
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await readSettingsRecords(db)).toEqual({ officerName: 'Ani' });
  });
});
