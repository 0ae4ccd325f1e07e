/**
 * The sync engine against the real team server across a retention purge (a browser away for
 * longer than the sync horizon, holding a change the server refused, whose removal the purge
 * deleted, and a change still to push) and past the per-user limit on changes: it ends with
 * exactly the server's items and loses nothing.
 */
import { afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import {
  browserItems,
  openSyncBrowser,
  serverItems as teamItems,
  type SyncBrowser,
} from '../../../tests/sync-browser';
import { createPost } from '../../../tests/factories';
import { createTeam, createUser } from '../../../server/admin';
import { startServer } from '../../../server/app';
import { useTestScryptCost } from '../../../server/auth';
import { DEFAULT_RETENTION } from '../../../server/config';
import { purge } from '../../../server/retention';
import { openStore, type Store } from '../../../server/store';
import { getAssignment } from '../../../utils/storage/assignments';
import { listOutbox } from '../../../utils/storage/outbox';

const PASSWORD = 'kata-sandi-panjang-1';
const DAY_MS = 86_400_000;
const sender = {};

let store: Store;
let server: Awaited<ReturnType<typeof startServer>>;
let teamId: string;
/** One clock for the server and the browsers, moved on by the tests. */
let clock: number;
const browsers: SyncBrowser[] = [];

async function loggedIn(username: string, { pullLimit }: { pullLimit?: number } = {}) {
  const b = await openSyncBrowser(() => new Date(clock), { pullLimit });
  browsers.push(b);
  await logIn(b, username);
  return b;
}

const logIn = (b: SyncBrowser, username: string) =>
  b.sync.login({ serverUrl: server.url, username, password: PASSWORD });

async function startOn(opts: Partial<Parameters<typeof startServer>[0]> = {}) {
  server = await startServer({ store, port: 0, now: () => new Date(clock), ...opts });
}

const serverItems = () => teamItems(store, teamId);

beforeAll(() => useTestScryptCost());

beforeEach(async () => {
  clock = Date.parse('2025-03-10T04:00:00.000Z');
  store = await openStore({});
  teamId = (await createTeam(store, { name: 'Kota Raya' })).id;
  for (const [username, role] of [
    ['siti', 'triage'],
    ['admin', 'admin'],
  ] as const) {
    await createUser(store, { teamId, username, password: PASSWORD, role });
  }
}, 60_000);

afterEach(async () => {
  for (const b of browsers.splice(0)) b.db.close();
  await server.close();
  await store.close();
});

/**
 * Siti's browser before she goes away: an assign the server refused (the admin removed its
 * department) whose removal she never pulled, and a note she made offline, still to push.
 * Then the team goes on, and the purge runs before and a month after it.
 */
async function sitiAwayAcrossAPurge(opts: { pullLimit?: number } = {}) {
  const admin = await loggedIn('admin');
  const items = Array.from({ length: 4 }, () => createPost());
  for (const post of items) await admin.handlers.assignPost({ post, departmentId: 'dlh' }, sender);
  await admin.sync.syncNow();
  const siti = await loggedIn('siti', opts);
  const ghost = createPost();
  siti.offline = true;
  await siti.handlers.assignPost({ post: ghost, departmentId: 'rsud' }, sender);
  await admin.handlers.removeDepartment({ id: 'rsud' }, sender);
  await admin.sync.syncNow();
  siti.offline = false;
  // Its push's answer carries no page (an older server), and the pull after it fails.
  siti.pushWithoutPage = true;
  siti.answer = (path) =>
    path === '/v1/pull' ? new Response('Bad gateway', { status: 502 }) : undefined;
  await siti.sync.syncNow();
  siti.answer = undefined;
  siti.pushWithoutPage = false;
  expect(await getAssignment(siti.db, ghost.id)).toBeDefined();
  siti.offline = true;
  await siti.handlers.addNote({ tweetId: items[0]!.id, text: 'Sudah dicek petugas' }, sender);

  clock += 3_600_000;
  const newer = createPost();
  await admin.handlers.assignPost({ post: newer, departmentId: 'dlh' }, sender);
  await admin.sync.syncNow();
  await purge(store, DEFAULT_RETENTION, new Date(clock));
  clock += 31 * DAY_MS;
  const purged = await purge(store, DEFAULT_RETENTION, new Date(clock));
  expect(purged?.tombstones).toBe(1);
  expect(Object.keys(await serverItems())).not.toContain(ghost.id);
  siti.offline = false;
  return { siti, ghost, noted: items[0]! };
}

test('a browser logged in all along while the purge ran: it pulls everything again, exactly the server’s items', async () => {
  await startOn({ tokenHours: 40 * 24 });
  const { siti, ghost, noted } = await sitiAwayAcrossAPurge();

  const status = await siti.sync.syncNow();

  expect(status).toMatchObject({ waiting: 0, lastError: null });
  const onServer = await serverItems();
  expect(onServer[noted.id]?.notes).toEqual(['Sudah dicek petugas']);
  expect(await getAssignment(siti.db, ghost.id)).toBeUndefined();
  expect(await browserItems(siti)).toEqual(onServer);
  expect(await listOutbox(siti.db)).toEqual([]);
});

test('a browser whose login ended while it was away: its next login, in pages, ends with exactly the server’s items', async () => {
  await startOn();
  const { siti, ghost, noted } = await sitiAwayAcrossAPurge({ pullLimit: 1 });
  expect((await siti.sync.syncNow()).lastError?.code).toBe('session-ended');

  const status = await logIn(siti, 'siti');

  expect(status).toMatchObject({ waiting: 0, lastError: null });
  const onServer = await serverItems();
  expect(onServer[noted.id]?.notes).toEqual(['Sudah dicek petugas']);
  expect(await getAssignment(siti.db, ghost.id)).toBeUndefined();
  expect(await browserItems(siti)).toEqual(onServer);
  expect(await listOutbox(siti.db)).toEqual([]);
});

test('more changes than a minute allows: the browser waits as told and loses none', async () => {
  await startOn({ userLimits: { changesPerMinute: 10 } });
  const siti = await loggedIn('siti');
  const assign = async (n: number) => {
    for (const post of Array.from({ length: n }, () => createPost())) {
      await siti.handlers.assignPost({ post, departmentId: 'dlh' }, sender);
    }
  };
  await assign(8);
  expect(await siti.sync.syncNow()).toMatchObject({ waiting: 0, lastError: null });
  await assign(5);

  const busy = await siti.sync.syncNow();

  expect(busy.lastError?.code).toBe('busy');
  expect(busy.waiting).toBe(5);
  expect(Object.keys(await serverItems())).toHaveLength(8);

  // 2 changes left, one more every 6 s: the 5 go in 18 s.
  clock += 18_000;
  const status = await siti.sync.syncNow();

  expect(status).toMatchObject({ waiting: 0, lastError: null });
  const onServer = await serverItems();
  expect(Object.keys(onServer)).toHaveLength(13);
  expect(await browserItems(siti)).toEqual(onServer);
  expect(await listOutbox(siti.db)).toEqual([]);
});
