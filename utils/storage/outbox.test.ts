import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createActor, createAssignment, createPost } from '../../tests/factories';
import { rejects } from '../../tests/rejects';
import { getAssignment, putAssignments } from './assignments';
import { listDepartments, seedDepartments } from './departments';
import { commitMutations, countOutbox, listOutbox, recordPushAnswer } from './outbox';
import { getBacklog } from './backlog';
import { recountOpen } from './open-counters';
import { parseMutation } from '../domain/sync-mutations';
import { openTanggapDb, type TanggapDb } from './schema';
import { listRefusals, readSyncState } from './sync-state';
import { DEFAULT_DEPARTMENTS } from '../domain/departments';
import { loadSettings } from './settings';
import type { Actor } from '../domain/actor';
import { CHANGE_AT, commitAs, logIn as logInTo } from './team-test-helpers';

const AT = CHANGE_AT;
let db: TanggapDb;
let n = 0;

beforeEach(async () => {
  db = await openTanggapDb(`outbox-${++n}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
});
afterEach(() => db.close());

const logIn = (actor: Actor) => logInTo(db, actor);
const commit = (name: string, args: unknown, by?: string) => commitAs(db, name, args, by);

describe('commitMutation', () => {
  test('a committed change is durable when it resolves: another connection sees it', async () => {
    const post = createPost();
    const { effect } = await commit('assignPost', { post, departmentId: 'dlh' });
    const other = await openTanggapDb(db.name);
    try {
      expect(await getAssignment(other, post.id)).toEqual(effect.assignment);
    } finally {
      other.close();
    }
  });

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

describe('commitMutations (a batch from the popup)', () => {
  const batch = (...ms: [string, unknown][]) =>
    commitMutations(
      db,
      ms.map(([name, args]) => parseMutation(name, args)),
      { by: 'Rina', at: AT },
    );

  test('refused items change nothing; the rest is committed, queued and counted', async () => {
    const officer = createActor({ username: 'budi', role: 'department', departmentId: 'dlh' });
    await logIn(officer);
    const mine = [1, 2].map(() => createAssignment({ departmentId: 'dlh' }));
    const theirs = createAssignment({ departmentId: 'dishub' });
    await putAssignments(db, [...mine, theirs]);
    await recountOpen(db);
    const outcomes = await batch(
      ['resolve', { tweetId: mine[0]!.tweetId, reason: 'handled' }],
      ['resolve', { tweetId: theirs.tweetId, reason: 'handled' }],
      ['resolve', { tweetId: mine[1]!.tweetId, reason: 'handled' }],
      ['reopen', { tweetId: '999' }],
    );
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual([
      'ok',
      'forbidden',
      'ok',
      'forbidden',
    ]);
    // Committed when the answer came: another connection sees it.
    const other = await openTanggapDb(db.name);
    try {
      expect((await getAssignment(other, mine[0]!.tweetId))?.status).toBe('resolved');
      expect((await getAssignment(other, mine[1]!.tweetId))?.status).toBe('resolved');
      expect((await getAssignment(other, theirs.tweetId))?.status).toBe('open');
    } finally {
      other.close();
    }
    expect((await listOutbox(db)).map((e) => [e.id, e.name, e.by])).toEqual([
      [1, 'resolve', 'budi'],
      [2, 'resolve', 'budi'],
    ]);
    expect((await readSyncState(db)).nextMutationId).toBe(3);
    expect((await getBacklog(db, { nowMs: Date.parse(AT) })).totalOpen).toBe(1);
  });

  test('each change applies on what the ones before it left', async () => {
    const item = createAssignment({ departmentId: 'dlh' });
    await putAssignments(db, [item]);
    await recountOpen(db);
    const outcomes = await batch(
      ['resolve', { tweetId: item.tweetId, reason: 'handled' }],
      ['reopen', { tweetId: item.tweetId }],
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const stored = await getAssignment(db, item.tweetId);
    expect(stored?.status).toBe('open');
    expect(stored?.history.map((e) => e.action).slice(-2)).toEqual(['resolve', 'reopen']);
    expect((await getBacklog(db, { nowMs: Date.parse(AT) })).totalOpen).toBe(1);
  });

  test('a failure that is not a refusal stores none of the batch', async () => {
    const item = createAssignment({ departmentId: 'dlh' });
    await putAssignments(db, [item]);
    const broken = parseMutation('resolve', { tweetId: item.tweetId, reason: 'handled' });
    const note = parseMutation('addNote', { tweetId: item.tweetId, text: 'Sudah dicek' });
    // The second write fails in IndexedDB itself, after the first change was applied.
    const realPut = IDBObjectStore.prototype.put;
    let puts = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args) {
      if (this.name === 'assignments' && ++puts === 2) throw new DOMException('boom', 'DataError');
      return realPut.apply(this, args);
    } as typeof realPut;
    try {
      await expect(commitMutations(db, [broken, note], { by: 'Rina', at: AT })).rejects.toThrow(
        'boom',
      );
    } finally {
      IDBObjectStore.prototype.put = realPut;
    }
    expect((await getAssignment(db, item.tweetId))?.status).toBe('open');
  });
});
