import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createActor, createAssignment, createPost } from '../../tests/factories';
import { rejects } from '../../tests/rejects';
import {
  applyPulledPage,
  commitMutation,
  countOutbox,
  getAssignment,
  getBacklog,
  listDepartments,
  listOutbox,
  listRefusals,
  openTanggapDb,
  putAssignments,
  readSyncState,
  recordPushAnswer,
  replaceAllData,
  seedDepartments,
  updateSyncState,
  type TanggapDb,
} from './db';
import { DEFAULT_DEPARTMENTS } from '../domain/departments';
import { loadSettings } from './settings';
import { parseMutation } from '../domain/sync-mutations';
import { teamSettingsOf } from '../domain/settings';
import type { PullResponse } from '../domain/sync-protocol';
import type { Actor } from '../domain/actor';

const AT = '2025-03-10T04:00:00.000Z';
let db: TanggapDb;
let n = 0;

beforeEach(async () => {
  db = await openTanggapDb(`db-sync-${++n}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
});
afterEach(() => db.close());

async function logIn(actor: Actor) {
  await updateSyncState(db, (s) => ({
    ...s,
    clientId: 'client-0001',
    actor,
    username: actor.username,
    serverUrl: 'https://tanggap.example.go.id',
  }));
}

const commit = (name: string, args: unknown, by = 'Rina') =>
  commitMutation(db, parseMutation(name, args), { by, at: AT });

function page(overrides: Partial<PullResponse> = {}): PullResponse {
  return {
    cursor: 10,
    lastMutationId: 0,
    assignments: [],
    removedAssignmentIds: [],
    directory: null,
    settings: null,
    more: false,
    epoch: 'e1',
    reset: false,
    ...overrides,
  };
}

describe('commitMutation', () => {
  test('alone, the change is stored with the officer’s name and nothing is queued', async () => {
    const post = createPost();
    const { effect, queued } = await commit('assignPost', { post, departmentId: 'dlh' });
    expect(effect.assignment?.assignedBy).toBe('Rina');
    expect((await getAssignment(db, post.id))?.departmentId).toBe('dlh');
    expect(queued).toBeNull();
    expect(await listOutbox(db)).toEqual([]);
  });

  test('in a team, each change is queued with the user’s name; ids increase without gaps', async () => {
    await logIn(createActor({ username: 'siti' }));
    const post = createPost();
    await commit('assignPost', { post, departmentId: 'dlh' });
    await commit('addNote', { tweetId: post.id, text: 'Sudah dicek' });
    await commit('setStatus', { tweetId: post.id, status: 'responded' });
    const outbox = await listOutbox(db);
    expect(outbox.map((e) => [e.id, e.name, e.by, e.at])).toEqual([
      [1, 'assignPost', 'siti', AT],
      [2, 'addNote', 'siti', AT],
      [3, 'setStatus', 'siti', AT],
    ]);
    expect((await getAssignment(db, post.id))?.assignedBy).toBe('siti');
    expect((await readSyncState(db)).nextMutationId).toBe(4);
  });

  test('a refused change writes nothing and queues nothing, and uses no id', async () => {
    const officer = createActor({ username: 'budi', role: 'department', departmentId: 'dlh' });
    await logIn(officer);
    const post = createPost();
    await rejects(commit('assignPost', { post, departmentId: 'dlh' }), 'forbidden', /triage/);
    await rejects(
      commit('setStatus', { tweetId: post.id, status: 'responded' }),
      'forbidden',
      /not assigned to your department/,
    );
    const other = createAssignment({ departmentId: 'dishub' });
    await putAssignments(db, [other]);
    await rejects(commit('addNote', { tweetId: other.tweetId, text: 'x' }), 'forbidden', /dishub/);
    expect(await getAssignment(db, post.id)).toBeUndefined();
    expect((await getAssignment(db, other.tweetId))?.notes).toEqual([]);
    expect(await listOutbox(db)).toEqual([]);
    expect((await readSyncState(db)).nextMutationId).toBe(1);
  });

  test('a change that changes nothing is not queued', async () => {
    await logIn(createActor());
    const { queued } = await commit('reportReplies', {
      conversationId: createPost().id,
      replies: [{ id: createPost().id, authorHandle: 'dinas_pu_kota', createdAt: AT }],
    });
    expect(queued).toBeNull();
    expect(await listOutbox(db)).toEqual([]);
  });

  test('directory and team settings: replaced whole, the officer’s own settings kept', async () => {
    await logIn(createActor({ username: 'admin', role: 'admin' }));
    await commit('removeDepartment', { id: 'rsud' });
    await commit('saveTeamSettings', { settings: { dueSoonHours: 3 } });
    expect((await listDepartments(db)).map((d) => d.id)).not.toContain('rsud');
    const settings = await loadSettings(db);
    expect(settings.dueSoonHours).toBe(3);
    expect(settings.language).toBe('auto');
    expect((await listOutbox(db)).map((e) => e.name)).toEqual([
      'removeDepartment',
      'saveTeamSettings',
    ]);
  });
});

describe('recordPushAnswer', () => {
  test('moves pushedUpTo and keeps refusals with their item, the last 50; no entry leaves', async () => {
    await logIn(createActor());
    const post = createPost();
    await commit('assignPost', { post, departmentId: 'dlh' });
    await commit('addNote', { tweetId: post.id, text: 'a' });
    await commit('addNote', { tweetId: post.id, text: 'b' });
    const { confirmed, refusals } = await recordPushAnswer(
      db,
      { lastMutationId: 2, refused: [{ id: 2, code: 'forbidden', message: 'No' }] },
      AT,
    );
    expect(confirmed).toBe(2);
    expect(refusals).toEqual([
      { id: 2, code: 'forbidden', message: 'No', name: 'addNote', tweetId: post.id, at: AT },
    ]);
    // Kept until a pull brings their effect, but no longer to be pushed.
    expect((await listOutbox(db)).map((e) => e.id)).toEqual([1, 2, 3]);
    expect((await listOutbox(db, undefined, 2)).map((e) => e.id)).toEqual([3]);
    expect(await countOutbox(db, (await readSyncState(db)).pushedUpTo)).toBe(1);

    // A repeated answer records nothing twice.
    await recordPushAnswer(
      db,
      { lastMutationId: 2, refused: [{ id: 2, code: 'forbidden', message: 'No' }] },
      AT,
    );
    expect(await listRefusals(db)).toHaveLength(1);

    for (let i = 0; i < 60; i++) await commit('addNote', { tweetId: post.id, text: `n${i}` });
    const ids = (await listOutbox(db)).map((e) => e.id);
    await recordPushAnswer(
      db,
      { lastMutationId: ids.at(-1)!, refused: ids.map((id) => ({ id, code: 'x', message: 'm' })) },
      AT,
    );
    const kept = await listRefusals(db);
    expect(kept).toHaveLength(50);
    expect(kept.at(-1)?.id).toBe(ids.at(-1));
    expect((await readSyncState(db)).pushedUpTo).toBe(ids.at(-1));
  });
});

describe('applyPulledPage', () => {
  test('re-applies a waiting change on top of the pulled item; confirmed ones leave', async () => {
    await logIn(createActor({ username: 'budi', role: 'department', departmentId: 'dlh' }));
    const item = createAssignment({ departmentId: 'dlh' });
    await putAssignments(db, [item]);
    await commit('addNote', { tweetId: item.tweetId, text: 'Petugas ke lokasi' });
    const pulled = { ...item, notes: ['Warga menelepon lagi'] };
    const applied = await applyPulledPage(db, page({ assignments: [pulled] }), {
      replace: false,
      atIso: AT,
    });
    const stored = await getAssignment(db, item.tweetId);
    expect(stored?.notes).toEqual(['Warga menelepon lagi', 'Petugas ke lokasi']);
    expect(applied.assignments).toEqual([stored]);
    expect((await listOutbox(db)).map((e) => e.id)).toEqual([1]);

    await applyPulledPage(db, page({ cursor: 11, lastMutationId: 1, assignments: [pulled] }), {
      replace: false,
      atIso: AT,
    });
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
    await applyPulledPage(db, page({ assignments: [reassigned] }), { replace: false, atIso: AT });
    expect(await getAssignment(db, item.tweetId)).toEqual(reassigned);
    expect((await listOutbox(db)).map((e) => e.name)).toEqual(['setStatus']);
  });

  test('the first pull replaces this browser’s items and directory, counters included', async () => {
    const mine = createAssignment({ departmentId: 'dlh' });
    await putAssignments(db, [mine]);
    const team = [createAssignment({ departmentId: 'dishub' })];
    const directory = DEFAULT_DEPARTMENTS.filter((d) => d.id === 'dishub' || d.id === 'dinkes');
    await applyPulledPage(db, page({ assignments: team, directory }), {
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
      page({
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
      page({ lastMutationId: 1, removedAssignmentIds: [gone.tweetId, post.id] }),
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
    const applied = await applyPulledPage(db, page({ removedAssignmentIds: [post.id] }), {
      replace: false,
      atIso: AT,
    });
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
    await applyPulledPage(db, page({ lastMutationId: 0, assignments: [onServer], more: true }), {
      replace: false,
      atIso: AT,
    });
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
      page({ cursor: 5, lastMutationId: 0, assignments: [other], more: true }),
      { replace: true, atIso: AT },
    );
    expect((await getAssignment(db, post.id))?.departmentId).toBe('dishub');
    expect(first.assignments.map((a) => a.tweetId).sort()).toEqual([other.tweetId, post.id].sort());
    expect((await listOutbox(db)).map((e) => e.id)).toEqual([1]);

    const onServer = { ...(await getAssignment(db, post.id))!, assignedBy: 'siti (server)' };
    await applyPulledPage(db, page({ cursor: 9, lastMutationId: 1, assignments: [onServer] }), {
      replace: false,
      atIso: AT,
    });
    expect(await getAssignment(db, post.id)).toEqual(onServer);
    expect(await listOutbox(db)).toEqual([]);
    expect(await readSyncState(db)).toMatchObject({ cursor: 9, lastMutationId: 1, pushedUpTo: 1 });
  });
});

test('a restore is refused while logged in to a team, and changes nothing', async () => {
  await logIn(createActor());
  const item = createAssignment();
  await putAssignments(db, [item]);
  await rejects(
    replaceAllData(db, { assignments: [], departments: [], programmes: [], settings: {} }),
    'bad-request',
    /log out of the team first/,
  );
  expect(await getAssignment(db, item.tweetId)).toEqual(item);
});
