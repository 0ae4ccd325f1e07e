/**
 * The sync engine against the real team server whose database is restored from an older
 * backup (a copy of the PGlite data folder taken earlier): the browser ends with exactly the
 * server's items, and its changes the backup lost reach the server again.
 */
import { afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import {
  browserItems,
  openSyncBrowser,
  serverItems as teamItems,
  type SyncBrowser,
} from '../../../tests/sync-browser';
import { createPost } from '../../../tests/factories';
import { afterRestore, createTeam, createUser } from '../../../server/admin';
import { startServer } from '../../../server/app';
import { useTestScryptCost } from '../../../server/auth';
import { openStore, type Store } from '../../../server/store';
import { listOutbox } from '../../../utils/storage/outbox';
import { readSyncState } from '../../../utils/storage/sync-state';

const PASSWORD = 'kata-sandi-panjang-1';
const sender = {};

let store: Store;
let server: Awaited<ReturnType<typeof startServer>>;
let teamId: string;
const clock = Date.parse('2025-03-10T04:00:00.000Z');
const browsers: SyncBrowser[] = [];

async function loggedIn(username: string): Promise<SyncBrowser> {
  const b = await openSyncBrowser(() => new Date(clock));
  browsers.push(b);
  await b.sync.login({ serverUrl: server.url, username, password: PASSWORD });
  return b;
}

/** Stops the server and starts it again, on the same port, on the backup's database. */
async function restore(backup: Blob) {
  const port = Number(new URL(server.url).port);
  await server.close();
  await store.close();
  store = await openStore({ loadDataDir: backup });
  server = await startServer({ store, port, now: () => new Date(clock) });
}

function backupNow(): Promise<Blob> {
  return (store as Store & { db: { dumpDataDir(): Promise<Blob> } }).db.dumpDataDir();
}

const serverItems = () => teamItems(store, teamId);

async function teamVersion(): Promise<number> {
  const [row] = await store.query<{ version: number }>('SELECT version FROM teams WHERE id = $1', [
    teamId,
  ]);
  return row!.version;
}

beforeAll(() => useTestScryptCost());

beforeEach(async () => {
  store = await openStore({});
  teamId = (await createTeam(store, { name: 'Kota Raya' })).id;
  for (const [username, role] of [
    ['siti', 'triage'],
    ['budi', 'triage'],
  ] as const) {
    await createUser(store, { teamId, username, password: PASSWORD, role });
  }
  server = await startServer({ store, port: 0, now: () => new Date(clock) });
}, 60_000);

afterEach(async () => {
  for (const b of browsers.splice(0)) b.db.close();
  await server.close();
  await store.close();
});

/**
 * Siti's browser before the restore: `kept` is in the backup; `lost` was pushed and pulled
 * after it (its outbox entry is gone); `waiting` was pushed after it but not yet pulled (its
 * entry is still in the outbox, above what the restored server remembers).
 */
async function sitiBeforeRestore() {
  const siti = await loggedIn('siti');
  const [kept, lost, waiting] = [createPost(), createPost(), createPost()];
  await siti.handlers.assignPost({ post: kept, departmentId: 'dlh' }, sender);
  await siti.sync.syncNow();
  const backup = await backupNow();
  await siti.handlers.assignPost({ post: lost, departmentId: 'dlh' }, sender);
  await siti.sync.syncNow();
  await siti.handlers.assignPost({ post: waiting, departmentId: 'dishub' }, sender);
  // Its push's answer carries no page (an older server), and the pull after it fails.
  siti.pushWithoutPage = true;
  siti.answer = (path) =>
    path === '/v1/pull' ? new Response('Bad gateway', { status: 502 }) : undefined;
  await siti.sync.syncNow();
  siti.answer = undefined;
  siti.pushWithoutPage = false;
  expect((await listOutbox(siti.db)).map((e) => e.id)).toEqual([3]);
  expect(await readSyncState(siti.db)).toMatchObject({ pushedUpTo: 3, lastMutationId: 2 });
  expect(Object.keys(await serverItems())).toHaveLength(3);
  return { siti, backup, kept, lost, waiting };
}

test('after-restore, once others pushed past its cursor: the browser holds exactly the server’s items and pushes what the backup lost', async () => {
  const { siti, backup, kept, lost, waiting } = await sitiBeforeRestore();
  const sitiCursor = (await readSyncState(siti.db)).cursor;

  await restore(backup);
  await afterRestore(store, { teamId });
  // Budi goes on with the restored server until the team is past Siti's cursor: without the
  // epoch, her next pull would look like any other.
  const budi = await loggedIn('budi');
  const others = Array.from({ length: 4 }, () => createPost());
  for (const post of others) await budi.handlers.assignPost({ post, departmentId: 'dlh' }, sender);
  await budi.sync.syncNow();
  expect(await teamVersion()).toBeGreaterThan(sitiCursor);
  // A change Siti makes now is pushed too, after the one the backup lost.
  const later = createPost();
  await siti.handlers.addNote({ tweetId: kept.id, text: 'Sudah ditinjau petugas' }, sender);
  await siti.handlers.assignPost({ post: later, departmentId: 'dlh' }, sender);

  const status = await siti.sync.syncNow();

  expect(status).toMatchObject({ waiting: 0, lastError: null, refusals: [] });
  const onServer = await serverItems();
  expect(onServer[lost.id]).toBeUndefined();
  expect(onServer[waiting.id]?.departmentId).toBe('dishub');
  expect(onServer[waiting.id]?.history).toHaveLength(1);
  expect(onServer[later.id]?.departmentId).toBe('dlh');
  expect(onServer[kept.id]?.notes).toEqual(['Sudah ditinjau petugas']);
  expect(Object.keys(onServer).sort()).toEqual(
    [kept.id, waiting.id, later.id, ...others.map((p) => p.id)].sort(),
  );
  expect(await browserItems(siti)).toEqual(onServer);
  expect(await listOutbox(siti.db)).toEqual([]);

  // Budi's browser too started again from the new epoch: it has Siti's changes, nothing more.
  await budi.sync.syncNow();
  expect(await browserItems(budi)).toEqual(onServer);
});

test('a restore without after-restore: a cursor ahead of the team still starts again from 0', async () => {
  const { siti, backup, lost, waiting } = await sitiBeforeRestore();
  const sitiCursor = (await readSyncState(siti.db)).cursor;

  await restore(backup);
  expect(await teamVersion()).toBeLessThan(sitiCursor);

  const status = await siti.sync.syncNow();

  expect(status).toMatchObject({ waiting: 0, lastError: null });
  const onServer = await serverItems();
  expect(onServer[lost.id]).toBeUndefined();
  expect(onServer[waiting.id]?.departmentId).toBe('dishub');
  expect(await browserItems(siti)).toEqual(onServer);
  expect(Object.keys(onServer)).toHaveLength(2);
  expect(await listOutbox(siti.db)).toEqual([]);
  expect((await readSyncState(siti.db)).cursor).toBe(await teamVersion());
});

test('a sync stopped right after it saw the new epoch starts again from what was committed', async () => {
  const { siti, backup, kept, waiting } = await sitiBeforeRestore();
  await restore(backup);
  await afterRestore(store, { teamId });
  // Nothing waits above pushedUpTo: the pull comes first and sees the new epoch; the push of
  // the entry the backup lost, right after it, fails.
  let pushes = 0;
  siti.answer = (path) =>
    path === '/v1/push' && ++pushes === 1
      ? new Response('Bad gateway', { status: 502 })
      : undefined;

  const failed = await siti.sync.syncNow();

  expect(failed.lastError?.code).toBe('server-error');
  expect(failed.waiting).toBe(1);
  expect((await listOutbox(siti.db)).map((e) => e.id)).toEqual([3]);
  expect(await readSyncState(siti.db)).toMatchObject({ cursor: 0, pushedUpTo: 1 });
  expect(Object.keys(await serverItems())).toEqual([kept.id]);

  siti.answer = undefined;
  expect(await siti.sync.syncNow()).toMatchObject({ waiting: 0, lastError: null });
  const onServer = await serverItems();
  expect(Object.keys(onServer).sort()).toEqual([kept.id, waiting.id].sort());
  expect(await browserItems(siti)).toEqual(onServer);
  expect(await listOutbox(siti.db)).toEqual([]);
});
