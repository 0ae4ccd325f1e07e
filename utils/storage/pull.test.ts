import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createActor, createAssignment, createPost, createPulledPage } from '../../tests/factories';
import { getAssignment, putAssignments } from './assignments';
import { getBacklog } from './backlog';
import { listDepartments, seedDepartments } from './departments';
import { listOutbox, recordPushAnswer } from './outbox';
import { applyPulledPage } from './pull';
import { openTanggapDb, type TanggapDb } from './schema';
import {
  listQuarantined,
  markQuarantineReported,
  readSyncState,
  updateSyncState,
} from './sync-state';
import { DEFAULT_DEPARTMENTS } from '../domain/departments';
import { loadSettings } from './settings';
import { teamSettingsOf } from '../domain/settings';
import type { QuarantineReport } from '../domain/sync-protocol';
import type { Actor } from '../domain/actor';
import { CHANGE_AT, commitAs, logIn as logInTo } from './team-test-helpers';

const AT = CHANGE_AT;
let db: TanggapDb;
let n = 0;

beforeEach(async () => {
  db = await openTanggapDb(`pull-${++n}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
});
afterEach(() => db.close());

const logIn = (actor: Actor) => logInTo(db, actor);
const commit = (name: string, args: unknown, by?: string) => commitAs(db, name, args, by);

describe('applyPulledPage', () => {
  test('re-applies a waiting change on top of the pulled item; confirmed ones leave', async () => {
    await logIn(createActor({ username: 'budi', role: 'department', departmentId: 'dlh' }));
    const item = createAssignment({ departmentId: 'dlh' });
    await putAssignments(db, [item]);
    await commit('addNote', { tweetId: item.tweetId, text: 'Petugas ke lokasi' });
    const pulled = { ...item, notes: ['Warga menelepon lagi'] };
    const applied = await applyPulledPage(db, createPulledPage({ assignments: [pulled] }), {
      replace: false,
      atIso: AT,
    });
    const stored = await getAssignment(db, item.tweetId);
    expect(stored?.notes).toEqual(['Warga menelepon lagi', 'Petugas ke lokasi']);
    expect(applied.assignments).toEqual([stored]);
    expect((await listOutbox(db)).map((e) => e.id)).toEqual([1]);

    await applyPulledPage(
      db,
      createPulledPage({ cursor: 11, lastMutationId: 1, assignments: [pulled] }),
      {
        replace: false,
        atIso: AT,
      },
    );
    expect(await listOutbox(db)).toEqual([]);
    expect((await getAssignment(db, item.tweetId))?.notes).toEqual(['Warga menelepon lagi']);
    expect(await readSyncState(db)).toMatchObject({ cursor: 11, lastMutationId: 1 });
  });

  test('a waiting change that no longer applies stays for the server to refuse', async () => {
    await logIn(createActor({ username: 'budi', role: 'department', departmentId: 'dlh' }));
    const item = createAssignment({ departmentId: 'dlh' });
    await putAssignments(db, [item]);
    await commit('setStatus', { tweetId: item.tweetId, status: 'responded' });
    const reassigned = { ...item, departmentId: 'dishub' };
    await applyPulledPage(db, createPulledPage({ assignments: [reassigned] }), {
      replace: false,
      atIso: AT,
    });
    expect(await getAssignment(db, item.tweetId)).toEqual(reassigned);
    expect((await listOutbox(db)).map((e) => e.name)).toEqual(['setStatus']);
  });

  test('the first pull replaces this browser’s items and directory, counters included', async () => {
    const mine = createAssignment({ departmentId: 'dlh' });
    await putAssignments(db, [mine]);
    const team = [createAssignment({ departmentId: 'dishub' })];
    const directory = DEFAULT_DEPARTMENTS.filter((d) => d.id === 'dishub' || d.id === 'dinkes');
    await applyPulledPage(db, createPulledPage({ assignments: team, directory }), {
      replace: true,
      atIso: AT,
    });
    expect(await getAssignment(db, mine.tweetId)).toBeUndefined();
    expect(await getAssignment(db, team[0]!.tweetId)).toEqual(team[0]);
    expect((await listDepartments(db)).map((d) => d.id)).toEqual(['dishub', 'dinkes']);
    const backlog = await getBacklog(db, { nowMs: Date.parse(AT) });
    expect(backlog.totalOpen).toBe(1);
    expect((await getBacklog(db, { nowMs: Date.parse(AT), departmentId: 'dlh' })).totalOpen).toBe(
      0,
    );
  });

  test('the pulled directory replaces this one; team settings arrive, own ones stay', async () => {
    await applyPulledPage(
      db,
      createPulledPage({
        directory: DEFAULT_DEPARTMENTS.filter((d) => d.id !== 'rsud'),
        settings: { ...teamSettingsOf(await loadSettings(db)), dueSoonHours: 2 },
      }),
      { replace: false, atIso: AT },
    );
    expect((await listDepartments(db)).map((d) => d.id)).toEqual(
      DEFAULT_DEPARTMENTS.filter((d) => d.id !== 'rsud').map((d) => d.id),
    );
    expect((await loadSettings(db)).dueSoonHours).toBe(2);
  });

  test('a removed item leaves, open counters right; a waiting change to it is re-applied', async () => {
    await logIn(createActor({ username: 'siti' }));
    const gone = createAssignment({ departmentId: 'dlh' });
    const post = createPost();
    await putAssignments(db, [gone]);
    await commit('assignPost', { post, departmentId: 'dishub' });
    await commit('addNote', { tweetId: post.id, text: 'Cek lokasi' });
    const open = async (departmentId?: string) =>
      (await getBacklog(db, { nowMs: Date.parse(AT), departmentId })).totalOpen;
    expect(await open()).toBe(2);

    // The server refused entry 1 and never stored the post; entry 2 is not answered yet.
    const applied = await applyPulledPage(
      db,
      createPulledPage({ lastMutationId: 1, removedAssignmentIds: [gone.tweetId, post.id] }),
      { replace: false, atIso: AT },
    );
    expect(await getAssignment(db, gone.tweetId)).toBeUndefined();
    expect(applied.removedIds.sort()).toEqual([gone.tweetId, post.id].sort());
    // Entry 2 (a note) does not make an item on its own: the post is gone too.
    expect(await getAssignment(db, post.id)).toBeUndefined();
    expect(await open()).toBe(0);
    expect(await open('dlh')).toBe(0);
    expect(await open('dishub')).toBe(0);
    expect((await listOutbox(db)).map((e) => e.id)).toEqual([2]);
  });

  test('a removed item a waiting assign targets is made again by it', async () => {
    await logIn(createActor({ username: 'siti' }));
    const post = createPost();
    await commit('assignPost', { post, departmentId: 'dishub' });
    const applied = await applyPulledPage(
      db,
      createPulledPage({ removedAssignmentIds: [post.id] }),
      {
        replace: false,
        atIso: AT,
      },
    );
    expect((await getAssignment(db, post.id))?.departmentId).toBe('dishub');
    expect(applied.removedIds).toEqual([]);
    expect((await getBacklog(db, { nowMs: Date.parse(AT) })).totalOpen).toBe(1);
  });

  test('a pushed change is not applied twice on a page that holds its item', async () => {
    await logIn(createActor({ username: 'siti' }));
    const item = createAssignment({ departmentId: 'dlh' });
    await putAssignments(db, [item]);
    await commit('addNote', { tweetId: item.tweetId, text: 'Sudah dicek' });
    await recordPushAnswer(db, { lastMutationId: 1, refused: [] }, AT);
    const onServer = (await getAssignment(db, item.tweetId))!;
    // The page ends in the middle of the push: its lastMutationId does not cover the note yet.
    await applyPulledPage(
      db,
      createPulledPage({ lastMutationId: 0, assignments: [onServer], more: true }),
      {
        replace: false,
        atIso: AT,
      },
    );
    expect((await getAssignment(db, item.tweetId))?.notes).toEqual(['Sudah dicek']);
    expect((await listOutbox(db)).map((e) => e.id)).toEqual([1]);
  });

  test('pages cut short: a pushed change stays shown until the page holding it', async () => {
    await logIn(createActor({ username: 'siti' }));
    const post = createPost();
    await commit('assignPost', { post, departmentId: 'dishub' });
    await recordPushAnswer(db, { lastMutationId: 1, refused: [] }, AT);
    const other = createAssignment({ departmentId: 'dlh' });

    // The first page of a login replaces everything; it stops before the post's version.
    const first = await applyPulledPage(
      db,
      createPulledPage({ cursor: 5, lastMutationId: 0, assignments: [other], more: true }),
      { replace: true, atIso: AT },
    );
    expect((await getAssignment(db, post.id))?.departmentId).toBe('dishub');
    expect(first.assignments.map((a) => a.tweetId).sort()).toEqual([other.tweetId, post.id].sort());
    expect((await listOutbox(db)).map((e) => e.id)).toEqual([1]);

    const onServer = { ...(await getAssignment(db, post.id))!, assignedBy: 'siti (server)' };
    await applyPulledPage(
      db,
      createPulledPage({ cursor: 9, lastMutationId: 1, assignments: [onServer] }),
      {
        replace: false,
        atIso: AT,
      },
    );
    expect(await getAssignment(db, post.id)).toEqual(onServer);
    expect(await listOutbox(db)).toEqual([]);
    expect(await readSyncState(db)).toMatchObject({ cursor: 9, lastMutationId: 1, pushedUpTo: 1 });
  });
});

describe('quarantined records', () => {
  const report = (overrides: Partial<QuarantineReport> = {}): QuarantineReport => ({
    kind: 'assignment',
    id: '1900000000000000999',
    version: 10,
    reason: 'assignment.history[0].at is out of range: "…"',
    ...overrides,
  });

  test('are kept with the page, whose cursor still moves; a later good version clears them', async () => {
    await logIn(createActor());
    const good = createAssignment();
    const bad = report();
    await applyPulledPage(db, createPulledPage({ assignments: [good] }), {
      replace: false,
      atIso: AT,
      quarantined: [bad],
    });

    expect(await getAssignment(db, good.tweetId)).toEqual(good);
    expect((await readSyncState(db)).cursor).toBe(10);
    expect(await listQuarantined(db)).toEqual([{ ...bad, at: AT, reported: false }]);

    const fixed = createAssignment({ tweetId: bad.id });
    await applyPulledPage(db, createPulledPage({ cursor: 11, assignments: [fixed] }), {
      replace: false,
      atIso: AT,
    });
    expect(await getAssignment(db, bad.id)).toEqual(fixed);
    expect(await listQuarantined(db)).toEqual([]);
  });

  test('are marked reported once sent, and a new login elsewhere forgets them', async () => {
    await logIn(createActor());
    const [one, two] = [report(), report({ id: '1900000000000000998' })];
    await applyPulledPage(db, createPulledPage(), {
      replace: false,
      atIso: AT,
      quarantined: [one, two],
    });

    await markQuarantineReported(db, [one]);
    expect((await listQuarantined(db)).map((q) => [q.id, q.reported])).toEqual([
      [one.id, true],
      [two.id, false],
    ]);

    await updateSyncState(db, (s) => s, { clearOutbox: true });
    expect(await listQuarantined(db)).toEqual([]);
  });

  test('a department this browser cannot take keeps the version it had', async () => {
    await logIn(createActor());
    const [roads, ...rest] = DEFAULT_DEPARTMENTS;
    const renamed = rest.map((d) => ({ ...d, name: `${d.name} (baru)` }));
    await applyPulledPage(db, createPulledPage({ directory: renamed }), {
      replace: false,
      atIso: AT,
      quarantined: [report({ kind: 'department', id: roads!.id, reason: 'department.x' })],
    });

    const stored = await listDepartments(db);
    expect(stored.find((d) => d.id === roads!.id)).toEqual(roads);
    expect(stored.filter((d) => d.id !== roads!.id)).toEqual(expect.arrayContaining(renamed));
    expect(stored).toHaveLength(DEFAULT_DEPARTMENTS.length);
  });
});
