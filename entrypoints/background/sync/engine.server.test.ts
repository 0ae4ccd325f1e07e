/**
 * The sync engine against the real team server (`server/`, on an in-memory PGlite database,
 * over real HTTP on 127.0.0.1): refusals the server alone can see, a pull in several pages,
 * and the faults a real server and network produce. Each "browser" is its own IndexedDB, its
 * own `storage.local` and its own engine.
 */
import { memoryStorage } from '../../../tests/memory-storage';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createPost } from '../../../tests/factories';
import { afterRestore, createTeam, createUser } from '../../../server/admin';
import { startServer } from '../../../server/app';
import { useTestScryptCost } from '../../../server/auth';
import { openStore, type Store } from '../../../server/store';
import { captureLogs } from '../../../server/test/logs';
import { getAssignment } from '../../../utils/storage/assignments';
import { listDepartments, seedDepartments } from '../../../utils/storage/departments';
import { listOutbox } from '../../../utils/storage/outbox';
import type { PullApplied } from '../../../utils/storage/pull';
import { openTanggapDb, type TanggapDb } from '../../../utils/storage/schema';
import { readSyncState, updateSyncState } from '../../../utils/storage/sync-state';
import { DEFAULT_DEPARTMENTS } from '../../../utils/domain/departments';
import { setLanguage } from '../../../utils/i18n/i18n';
import type { BackgroundProtocol, Handlers } from '../../../utils/messaging/protocol';
import { syncErrorWords } from '../../../utils/i18n/sync-words';
import type { Role } from '../../../utils/domain/actor';
import type { Assignment } from '../../../utils/domain/types';
import { MAX_PUSH_MUTATIONS } from '../../../utils/domain/sync-protocol';
import { createBackgroundHandlers } from '../handlers';
import { createSyncEngine, type SyncEngine } from './engine';

const PASSWORD = 'kata-sandi-panjang-1';
const EXTENSION_ORIGIN = 'chrome-extension://tanggap-engine-test';
const HOUR_MS = 3_600_000;
const sender = {};

type Server = Awaited<ReturnType<typeof startServer>>;
let store: Store;
let server: Server;
let port: number;
let clock: number;
/** The server's own clock, which a test may move on alone (a token expiring). */
let serverClock: number;
let teamId: string;
const browsers: Browser_[] = [];
let n = 0;

/** What one officer's browser holds: its database, storage, engine and handlers. */
interface Browser_ {
  db: TanggapDb;
  sync: SyncEngine;
  handlers: Handlers<BackgroundProtocol>;
  applied: PullApplied[];
  /** Makes requests fail as if the network were down. */
  offline: boolean;
  /** Replaces the server's answer to a path, when set. */
  answer?: (path: string) => Response | undefined;
  /**
   * Pushes as to a server older than push pages: the push's query is left out, so its answer
   * carries no page.
   */
  pushWithoutPage: boolean;
  /** Awaited before each request is sent, when set (a request held on its way). */
  before?: (path: string) => Promise<void>;
  /** Called with the text of the event stream as it arrives, when set. */
  onEvents?: (text: string) => void;
  /** Called after each pull page is committed and before it is broadcast. */
  onApplied?: (changes: PullApplied) => Promise<void>;
}

async function openBrowser({ pullLimit }: { pullLimit?: number } = {}): Promise<Browser_> {
  const db = await openTanggapDb(`sync-server-${++n}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
  const b = { db, applied: [], offline: false, pushWithoutPage: false } as unknown as Browser_;
  b.sync = createSyncEngine({
    db: async () => db,
    fetch: async (input, init) => {
      if (b.offline) throw new TypeError('Failed to fetch');
      const url = new URL(String(input));
      const replaced = b.answer?.(url.pathname);
      if (replaced) return replaced;
      await b.before?.(url.pathname);
      if (b.pushWithoutPage && url.pathname === '/v1/push') url.search = '';
      // As the browser sends it on an extension's requests.
      const headers = new Headers(init?.headers);
      headers.set('Origin', EXTENSION_ORIGIN);
      const response = await fetch(url, { ...init, headers });
      const onEvents = b.onEvents;
      if (!onEvents || !response.body || !String(input).endsWith('/v1/events')) return response;
      const decoder = new TextDecoder();
      const watched = response.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            onEvents(decoder.decode(chunk, { stream: true }));
            controller.enqueue(chunk);
          },
        }),
      );
      return new Response(watched, { status: response.status, headers: response.headers });
    },
    now: () => new Date(clock),
    random: () => 0.5,
    storage: memoryStorage(),
    alarms: fakeBrowser.alarms,
    onApplied: async (changes) => {
      b.applied.push(changes);
      await b.onApplied?.(changes);
    },
    // Retries are left to the test: it syncs again itself.
    setTimer: (fn, ms) => {
      if (ms !== 2_000) return () => {};
      const id = setTimeout(fn, ms);
      return () => clearTimeout(id);
    },
    timeoutMs: 2_000,
    pullLimit,
  });
  b.handlers = createBackgroundHandlers({
    db: async () => db,
    now: () => new Date(clock),
    officer: async () => 'local',
    onChanged: () => {},
    sync: b.sync,
  });
  browsers.push(b);
  return b;
}

const logIn = (b: Browser_, username: string) =>
  b.sync.login({ serverUrl: server.url, username, password: PASSWORD });

async function addUser(username: string, role: Role, departmentId?: string) {
  await createUser(store, { teamId, username, password: PASSWORD, role, departmentId });
}

/** Everything the server holds for the team, as a fresh browser pulls it. */
async function serverItems(): Promise<Record<string, Assignment>> {
  const rows = await store.query<{ data: Assignment }>(
    'SELECT data FROM assignments WHERE team_id = $1',
    [teamId],
  );
  return Object.fromEntries(rows.map((r) => [r.data.tweetId, r.data]));
}

async function browserItems(b: Browser_): Promise<Record<string, Assignment>> {
  const all = await b.db.getAll('assignments');
  return Object.fromEntries(all.map((a) => [a.tweetId, a]));
}

beforeAll(() => useTestScryptCost());

beforeEach(async () => {
  setLanguage('en');
  clock = Date.parse('2025-03-10T04:00:00.000Z');
  serverClock = clock;
  store = await openStore({});
  teamId = (await createTeam(store, { name: 'Kota Raya' })).id;
  await addUser('admin', 'admin');
  await addUser('siti', 'triage');
  server = await startServer({ store, port: 0, now: () => new Date(serverClock) });
  port = Number(new URL(server.url).port);
}, 60_000);

afterEach(async () => {
  for (const b of browsers.splice(0)) {
    b.sync.stopLive();
    b.db.close();
  }
  await server.close();
  await store.close();
});

/**
 * Siti assigns a post to `rsud` while offline, then the admin removes `rsud` and syncs: Siti's
 * next push is refused by the server alone. Siti is back online, not yet synced.
 */
async function assignedOfflineToARemovedDepartment() {
  const [siti, admin] = [await openBrowser(), await openBrowser()];
  await logIn(siti, 'siti');
  await logIn(admin, 'admin');
  const post = createPost();
  siti.offline = true;
  await siti.handlers.assignPost({ post, departmentId: 'rsud' }, sender);
  await admin.handlers.removeDepartment({ id: 'rsud' }, sender);
  await admin.sync.syncNow();
  siti.offline = false;
  return { siti, post };
}

describe('refusals only the server can see', () => {
  test('an assign to a department the admin removed, on a post the server never had, goes away', async () => {
    const { siti, post } = await assignedOfflineToARemovedDepartment();
    expect((await getAssignment(siti.db, post.id))?.departmentId).toBe('rsud');

    const status = await siti.sync.syncNow();

    expect(await getAssignment(siti.db, post.id)).toBeUndefined();
    expect(status).toMatchObject({ waiting: 0, lastError: null });
    expect(status.refusals).toEqual([
      expect.objectContaining({ code: 'unknown-department', name: 'assignPost', tweetId: post.id }),
    ]);
    expect(await listOutbox(siti.db)).toEqual([]);
    expect((await listDepartments(siti.db)).map((d) => d.id)).not.toContain('rsud');
    expect(siti.applied.at(-1)?.removedIds).toEqual([post.id]);
  });

  test('a department an admin made up with a handle the server already gave is taken away', async () => {
    await addUser('admin2', 'admin');
    const [mine, other] = [await openBrowser(), await openBrowser()];
    await logIn(mine, 'admin');
    await logIn(other, 'admin2');
    const made = (id: string) => ({
      ...DEFAULT_DEPARTMENTS[0]!,
      id,
      name: `Dinas ${id}`,
      shortName: id,
      handle: 'dinas_baru_kota',
    });
    mine.offline = true;
    await mine.handlers.saveDepartment({ department: made('baru-a') }, sender);
    await other.handlers.saveDepartment({ department: made('baru-b') }, sender);
    await other.sync.syncNow();

    mine.offline = false;
    const status = await mine.sync.syncNow();

    expect(status.refusals).toEqual([
      expect.objectContaining({ code: 'bad-request', name: 'saveDepartment' }),
    ]);
    const ids = (await listDepartments(mine.db)).map((d) => d.id);
    expect(ids).not.toContain('baru-a');
    expect(ids).toContain('baru-b');
    expect(await listDepartments(mine.db)).toEqual(await listDepartments(other.db));
    expect(status.waiting).toBe(0);
  });
});

describe('the push’s answer carries the page the pull after it would bring', () => {
  /** The paths a browser asks from now on. */
  function watch(b: Browser_): string[] {
    const asked: string[] = [];
    b.answer = (path) => void asked.push(path);
    return asked;
  }

  test('a whole page: no pull, others’ changes here, its own confirmed and out of the outbox', async () => {
    const [siti, admin] = [await openBrowser(), await openBrowser()];
    await logIn(siti, 'siti');
    await logIn(admin, 'admin');
    const [theirs, mine] = [createPost(), createPost()];
    await admin.handlers.assignPost({ post: theirs, departmentId: 'dinkes' }, sender);
    await admin.sync.syncNow();
    const asked = watch(siti);

    await siti.handlers.assignPost({ post: mine, departmentId: 'dlh' }, sender);
    const status = await siti.sync.syncNow();

    expect(asked).toEqual(['/v1/push']);
    expect(status).toMatchObject({ waiting: 0, lastError: null });
    expect(await listOutbox(siti.db)).toEqual([]);
    expect(await readSyncState(siti.db)).toMatchObject({ lastMutationId: 1, pushedUpTo: 1 });
    expect(await browserItems(siti)).toEqual(await serverItems());
    expect(siti.applied.at(-1)?.assignments.map((a) => a.tweetId)).toEqual([theirs.id, mine.id]);
  });

  test('an outbox of more than one push: each answer’s page taken, no pull, all confirmed', async () => {
    const siti = await openBrowser();
    await logIn(siti, 'siti');
    siti.offline = true;
    for (let i = 0; i < MAX_PUSH_MUTATIONS + 5; i++) {
      await siti.handlers.assignPost({ post: createPost(), departmentId: 'dlh' }, sender);
    }
    siti.offline = false;
    const asked = watch(siti);

    const status = await siti.sync.syncNow();

    expect(asked).toEqual(['/v1/push', '/v1/push']);
    expect(status).toMatchObject({ waiting: 0, lastError: null });
    expect(await listOutbox(siti.db)).toEqual([]);
    expect(await readSyncState(siti.db)).toMatchObject({
      lastMutationId: MAX_PUSH_MUTATIONS + 5,
      pushedUpTo: MAX_PUSH_MUTATIONS + 5,
    });
    expect(await browserItems(siti)).toEqual(await serverItems());
  });

  test('a page cut short (`more`): it pulls the rest, and ends with the server’s items', async () => {
    const [siti, admin] = [await openBrowser({ pullLimit: 2 }), await openBrowser()];
    await logIn(siti, 'siti');
    await logIn(admin, 'admin');
    for (const post of Array.from({ length: 4 }, () => createPost())) {
      await admin.handlers.assignPost({ post, departmentId: 'dlh' }, sender);
    }
    await admin.sync.syncNow();
    const asked = watch(siti);

    await siti.handlers.assignPost({ post: createPost(), departmentId: 'dishub' }, sender);
    const status = await siti.sync.syncNow();

    expect(asked).toEqual(['/v1/push', '/v1/pull', '/v1/pull']);
    expect(status).toMatchObject({ waiting: 0, lastError: null });
    expect(await listOutbox(siti.db)).toEqual([]);
    expect(await browserItems(siti)).toEqual(await serverItems());
  });

  test('a refused change is taken back by the page alone', async () => {
    const { siti, post } = await assignedOfflineToARemovedDepartment();
    const asked = watch(siti);

    const status = await siti.sync.syncNow();

    expect(asked).toEqual(['/v1/push']);
    expect(status.refusals).toEqual([
      expect.objectContaining({ code: 'unknown-department', tweetId: post.id }),
    ]);
    expect(await getAssignment(siti.db, post.id)).toBeUndefined();
    expect((await listDepartments(siti.db)).map((d) => d.id)).not.toContain('rsud');
    expect(await listOutbox(siti.db)).toEqual([]);
  });

  test('a page that says `reset` (a database restored, its cursor ahead): it pulls everything again', async () => {
    const [siti, admin] = [await openBrowser(), await openBrowser()];
    await logIn(siti, 'siti');
    await logIn(admin, 'admin');
    await admin.handlers.assignPost({ post: createPost(), departmentId: 'dlh' }, sender);
    await admin.sync.syncNow();
    // A cursor the team never reached, as after a restore without `after-restore`.
    await updateSyncState(siti.db, (s) => ({ ...s, cursor: s.cursor + 50 }));
    const asked = watch(siti);

    await siti.handlers.assignPost({ post: createPost(), departmentId: 'dishub' }, sender);
    const status = await siti.sync.syncNow();

    expect(asked).toEqual(['/v1/push', '/v1/pull']);
    expect(status).toMatchObject({ waiting: 0, lastError: null });
    expect(siti.applied.at(-1)?.replaced).toBe(true);
    expect(await browserItems(siti)).toEqual(await serverItems());
    expect(Object.keys(await serverItems())).toHaveLength(2);
  });

  test('another epoch: the push is refused whole, the pull sees it, the change goes again', async () => {
    const siti = await openBrowser();
    await logIn(siti, 'siti');
    await afterRestore(store, { teamId });
    const asked = watch(siti);
    const post = createPost();

    await siti.handlers.assignPost({ post, departmentId: 'dlh' }, sender);
    const status = await siti.sync.syncNow();

    // The second push, from cursor 0, brings the whole team back: no pull after it.
    expect(asked).toEqual(['/v1/push', '/v1/pull', '/v1/push']);
    expect(status).toMatchObject({ waiting: 0, lastError: null });
    expect((await serverItems())[post.id]?.departmentId).toBe('dlh');
    expect(await browserItems(siti)).toEqual(await serverItems());
    expect(await listOutbox(siti.db)).toEqual([]);
  });

  test('a change made while a push is on its way goes in that run, and no pull follows', async () => {
    const [siti, admin] = [await openBrowser(), await openBrowser()];
    await logIn(siti, 'siti');
    await logIn(admin, 'admin');
    await admin.handlers.assignPost({ post: createPost(), departmentId: 'dinkes' }, sender);
    await admin.sync.syncNow();
    const asked = watch(siti);
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    siti.before = async (path) => {
      if (path === '/v1/push' && asked.length === 1) await held;
    };

    await siti.handlers.assignPost({ post: createPost(), departmentId: 'dlh' }, sender);
    const first = siti.sync.pushNow();
    await vi.waitFor(() => expect(asked).toEqual(['/v1/push']));
    await siti.handlers.assignPost({ post: createPost(), departmentId: 'dlh' }, sender);
    const second = siti.sync.pushNow();
    answer();
    const [, status] = await Promise.all([first, second]);

    // The first run pushed the second change too; the run asked for it had nothing to do.
    expect(asked).toEqual(['/v1/push', '/v1/push']);
    expect(status).toMatchObject({ waiting: 0, lastError: null });
    expect(await listOutbox(siti.db)).toEqual([]);
    expect(await browserItems(siti)).toEqual(await serverItems());
  });

  test('an answer without a page (a server before them) is followed by a pull, as before', async () => {
    const siti = await openBrowser();
    await logIn(siti, 'siti');
    siti.pushWithoutPage = true;
    const asked = watch(siti);

    await siti.handlers.assignPost({ post: createPost(), departmentId: 'dlh' }, sender);
    const status = await siti.sync.syncNow();

    expect(asked).toEqual(['/v1/push', '/v1/pull']);
    expect(status).toMatchObject({ waiting: 0, lastError: null });
    expect(await listOutbox(siti.db)).toEqual([]);
    expect(await browserItems(siti)).toEqual(await serverItems());
  });
});

test('a row no browser can read, stored before a rule, no longer stops the team', async () => {
  const admin = await openBrowser();
  await logIn(admin, 'admin');
  const [bad, good] = [createPost(), createPost()];
  await admin.handlers.assignPost({ post: bad, departmentId: 'dlh' }, sender);
  await admin.handlers.assignPost({ post: good, departmentId: 'dlh' }, sender);
  await admin.sync.syncNow();
  await store.query(
    `UPDATE assignments SET data = jsonb_set(data, '{history,0,at}', '"1999-12-31T23:59:00.000Z"')
     WHERE team_id = $1 AND tweet_id = $2`,
    [teamId, bad.id],
  );
  const logs = captureLogs();
  const siti = await openBrowser();

  const status = await logIn(siti, 'siti');

  expect(status.lastError).toBeNull();
  expect(Object.keys(await browserItems(siti))).toEqual([good.id]);
  expect(status.quarantined).toEqual([
    expect.objectContaining({ kind: 'assignment', id: bad.id, reported: true }),
  ]);
  expect(logs.records().filter((r) => r.event === 'sync.record-quarantined')).toEqual([
    expect.objectContaining({ team: teamId, kind: 'assignment', record: bad.id }),
  ]);
  const mine = createPost();
  await siti.handlers.assignPost({ post: mine, departmentId: 'dishub' }, sender);
  expect(await siti.sync.syncNow()).toMatchObject({ waiting: 0, lastError: null });
  expect((await serverItems())[mine.id]?.assignedBy).toBe('siti');
});

test('a pull in pages: a confirmed change never shows undone, and the end state is the server’s', async () => {
  const admin = await openBrowser();
  await logIn(admin, 'admin');
  const older = Array.from({ length: 5 }, () => createPost());
  for (const post of older) await admin.handlers.assignPost({ post, departmentId: 'dlh' }, sender);
  await admin.sync.syncNow();

  const siti = await openBrowser({ pullLimit: 3 });
  await logIn(siti, 'siti');
  siti.offline = true;
  const mine = createPost();
  const noted = older[0]!;
  await siti.handlers.assignPost({ post: mine, departmentId: 'dishub' }, sender);
  await siti.handlers.addNote({ tweetId: noted.id, text: 'Sudah dicek petugas' }, sender);
  await siti.handlers.setStatus({ tweetId: older[4]!.id, status: 'responded' }, sender);
  // Others go on meanwhile: their changes come before hers in the team's order.
  const newer = Array.from({ length: 4 }, () => createPost());
  for (const post of newer) await admin.handlers.assignPost({ post, departmentId: 'dlh' }, sender);
  await admin.sync.syncNow();
  // She logs out (her changes wait) and in again: the pull starts from nothing, in pages.
  await siti.sync.logout();
  siti.offline = false;

  const seen: string[] = [];
  siti.applied.length = 0;
  siti.onApplied = async () => {
    const [a, b] = [await getAssignment(siti.db, mine.id), await getAssignment(siti.db, noted.id)];
    seen.push(`${a?.departmentId}|${b ? b.notes.includes('Sudah dicek petugas') : 'absent'}`);
  };
  const status = await logIn(siti, 'siti');

  expect(siti.applied.length).toBeGreaterThanOrEqual(3);
  // Her assignment stays shown on every page; the note is there whenever the item is (a
  // login's first page replaces this browser's items: the others arrive page by page).
  expect(seen.every((s) => s === 'dishub|true' || s === 'dishub|absent')).toBe(true);
  expect(seen.at(-1)).toBe('dishub|true');
  for (const changes of siti.applied) {
    const item = changes.assignments.find((a) => a.tweetId === noted.id);
    if (item) expect(item.notes).toContain('Sudah dicek petugas');
    expect(changes.assignments.find((a) => a.tweetId === mine.id)?.departmentId ?? 'dishub').toBe(
      'dishub',
    );
  }
  expect(status).toMatchObject({ waiting: 0, lastError: null, refusals: [] });
  expect(await listOutbox(siti.db)).toEqual([]);
  const onServer = await serverItems();
  expect(Object.keys(onServer)).toHaveLength(10);
  expect(await browserItems(siti)).toEqual(onServer);
  expect(onServer[older[4]!.id]?.status).toBe('responded');
});

test('live: another officer’s change arrives in the event, with no pull', async () => {
  const [siti, admin] = [await openBrowser(), await openBrowser()];
  await logIn(siti, 'siti');
  await logIn(admin, 'admin');
  const asked: string[] = [];
  admin.answer = (path) => void asked.push(path);
  let heard = '';
  admin.onEvents = (text) => (heard += text);
  admin.sync.startLive();
  // The stream is held once its `ready` is sent; the push must come after that.
  await vi.waitFor(() => expect(heard).toContain('event: ready\n'));
  expect(asked).toEqual(['/v1/events']);

  const post = createPost();
  await siti.handlers.assignPost({ post, departmentId: 'dlh' }, sender);
  await siti.sync.syncNow();

  await vi.waitFor(
    async () => expect((await browserItems(admin))[post.id]?.departmentId).toBe('dlh'),
    { timeout: 10_000 },
  );
  expect(asked).toEqual(['/v1/events']);
  expect(await browserItems(admin)).toEqual(await serverItems());
  expect(admin.applied.at(-1)?.assignments.map((a) => a.tweetId)).toEqual([post.id]);
});

describe('faults with the real server', () => {
  test('the server stops in the middle of a push: nothing lost, nothing applied twice', async () => {
    const siti = await openBrowser();
    await logIn(siti, 'siti');
    const post = createPost();
    await siti.handlers.assignPost({ post, departmentId: 'dlh' }, sender);
    await siti.handlers.addNote({ tweetId: post.id, text: 'Petugas menuju lokasi' }, sender);

    // The push's write commits (on the sync's first connection, which then reads its page); the
    // server is stopped before it answers.
    const connection = store.connection.bind(store);
    let stopping: Promise<void> | undefined;
    store.connection = (async (fn: never) => {
      const result: unknown = await connection(fn);
      if (!stopping) {
        stopping = server.close();
        await stopping;
      }
      return result;
    }) as Store['connection'];
    const failed = await siti.sync.syncNow();
    store.connection = connection;
    await stopping;

    expect(failed.lastError?.code).toBe('unreachable');
    expect(syncErrorWords(failed.lastError!)).toMatch(/cannot be reached/);
    expect(failed.waiting).toBe(2);
    expect((await listOutbox(siti.db)).map((e) => e.name)).toEqual(['assignPost', 'addNote']);
    expect((await serverItems())[post.id]?.notes).toEqual(['Petugas menuju lokasi']);

    server = await startServer({ store, port, now: () => new Date(serverClock) });
    const healed = await siti.sync.syncNow();

    expect(healed).toMatchObject({ waiting: 0, lastError: null, refusals: [] });
    const onServer = await serverItems();
    expect(onServer[post.id]?.notes).toEqual(['Petugas menuju lokasi']);
    expect(onServer[post.id]?.history.filter((e) => e.action === 'note')).toHaveLength(1);
    expect(await browserItems(siti)).toEqual(onServer);
  });

  test.each([
    ['a 500', () => new Response('Internal Server Error', { status: 500 }), 'server-error'],
    [
      'a malformed answer',
      () => Response.json({ lastMutationId: 'many', refused: null }),
      'unreadable',
    ],
  ] as const)('%s: the outbox stays whole and the status says why', async (_, answer, code) => {
    const siti = await openBrowser();
    await logIn(siti, 'siti');
    const post = createPost();
    await siti.handlers.assignPost({ post, departmentId: 'dlh' }, sender);
    const before = await listOutbox(siti.db);
    siti.answer = (path) => (path === '/v1/push' ? answer() : undefined);

    const status = await siti.sync.syncNow();

    expect(status.lastError?.code).toBe(code);
    expect(syncErrorWords(status.lastError!)).toMatch(
      code === 'server-error' ? /had a problem \(error 500\)/ : /cannot read/,
    );
    expect(status.waiting).toBe(1);
    expect(await listOutbox(siti.db)).toEqual(before);
    expect(await serverItems()).toEqual({});

    siti.answer = undefined;
    expect(await siti.sync.syncNow()).toMatchObject({ waiting: 0, lastError: null });
    expect((await serverItems())[post.id]?.departmentId).toBe('dlh');
  });

  test('an expired token: logged out, changes kept, and the next login sends them', async () => {
    const siti = await openBrowser();
    await logIn(siti, 'siti');
    const post = createPost();
    await siti.handlers.assignPost({ post, departmentId: 'dlh' }, sender);
    // The browser's clock still says the token is good: the server alone decides.
    serverClock += 13 * HOUR_MS;

    const status = await siti.sync.syncNow();

    expect(status).toMatchObject({ loggedIn: false, waiting: 1 });
    expect(syncErrorWords(status.lastError!)).toBe(
      'Your session has ended: log in again. Your changes are kept until then.',
    );
    expect(await serverItems()).toEqual({});
    setLanguage('id');
    expect(syncErrorWords(status.lastError!)).toMatch(/^Sesi Anda sudah berakhir/);

    expect(await logIn(siti, 'siti')).toMatchObject({ loggedIn: true, waiting: 0 });
    expect((await serverItems())[post.id]?.departmentId).toBe('dlh');
  });
});

test("an admin's account requests reach the server's admin API with the login's token", async () => {
  const admin = await openBrowser();
  const siti = await openBrowser();
  await expect(admin.handlers.teamAccounts({}, sender)).rejects.toThrow(/session has ended/);
  await logIn(admin, 'admin');
  await logIn(siti, 'siti');
  // A tab on X (its content script) gets no account and no new password.
  const onX = { tab: { id: 7 } } as Parameters<typeof admin.handlers.teamAccounts>[1];
  await expect(admin.handlers.teamAccounts({}, onX)).rejects.toThrow(/options page/);
  await expect(
    admin.handlers.teamChangeAccount({ username: 'siti', action: 'password' }, onX),
  ).rejects.toThrow(/options page/);
  // The options page opened in a tab of its own is answered.
  const optionsTab = {
    tab: { id: 8 },
    url: browser.runtime.getURL('/options.html'),
  } as Parameters<typeof admin.handlers.teamAccounts>[1];
  expect((await admin.handlers.teamAccounts({}, optionsTab)).users.length).toBeGreaterThan(0);

  const created = await admin.handlers.teamCreateAccount(
    { username: 'Budi', role: 'department', departmentId: 'dlh' },
    sender,
  );
  expect(created.user).toMatchObject({ username: 'budi', role: 'department', disabled: false });
  const budi = await openBrowser();
  expect(
    await budi.sync.login({ serverUrl: server.url, username: 'budi', password: created.password! }),
  ).toMatchObject({ loggedIn: true, role: 'department' });

  await admin.handlers.teamChangeAccount({ username: 'budi', action: 'disable' }, sender);
  const list = await admin.handlers.teamAccounts({}, sender);
  expect(list.team).toEqual({ id: teamId, name: 'Kota Raya' });
  expect(list.users.map((u) => [u.username, u.disabled])).toEqual([
    ['admin', false],
    ['budi', true],
    ['siti', false],
  ]);
  await expect(
    admin.handlers.teamChangeAccount({ username: 'admin', action: 'role', role: 'triage' }, sender),
  ).rejects.toThrow(/last active admin/);
  await expect(
    admin.handlers.teamChangeAccount(
      { username: 'budi', action: 'role', role: 'kepala' as Role },
      sender,
    ),
  ).rejects.toThrow(/role must be one of/);
  // The server decides: a triage officer's request is refused there.
  await expect(siti.handlers.teamAccounts({}, sender)).rejects.toThrow(/Only the team's admins/);
});

describe('the team’s intake', () => {
  /** The admin watches the city's account for the team; then each officer logs in. */
  async function teamWatching(...usernames: string[]) {
    const admin = await openBrowser();
    await logIn(admin, 'admin');
    await admin.handlers.saveSettings({ settings: { watchedHandles: ['PemkotBdg'] } }, sender);
    await admin.sync.syncNow();
    const browsers: Browser_[] = [];
    for (const username of usernames) {
      const b = await openBrowser();
      await logIn(b, username);
      browsers.push(b);
    }
    return browsers;
  }
  const intake = (b: Browser_) => b.handlers.getIntake({ limit: 10 }, sender);
  const mentionPost = (text: string) =>
    createPost({ text: `${text} @PemkotBdg`, createdAt: new Date(clock - HOUR_MS).toISOString() });

  test('one records, the other counts it; one dismisses, it leaves the other’s list', async () => {
    await addUser('rina', 'triage');
    const [siti, rina] = (await teamWatching('siti', 'rina')) as [Browser_, Browser_];
    const [rubbish, flood] = [mentionPost('Sampah menumpuk'), mentionPost('Banjir lagi')];

    await siti.handlers.recordMentions({ posts: [rubbish, flood] }, sender);
    await siti.sync.syncNow();
    await rina.sync.syncNow();
    expect(await intake(rina)).toMatchObject({ untriaged: 2, oldestMinutes: 60 });

    await rina.handlers.dismissMention({ tweetId: rubbish.id }, sender);
    await rina.sync.syncNow();
    await siti.sync.syncNow();
    expect((await intake(siti)).mentions.map((m) => m.tweetId)).toEqual([flood.id]);
    expect(await siti.handlers.listDismissedMentions({}, sender)).toEqual([rubbish.id]);
    expect(siti.applied.at(-1)).toMatchObject({ mentionsChanged: true });
  });

  test('the earliest sighting wins, though its browser was offline and pushed last', async () => {
    await addUser('rina', 'triage');
    const [siti, rina] = (await teamWatching('siti', 'rina')) as [Browser_, Browser_];
    const post = mentionPost('Lampu jalan mati');
    const firstSeen = new Date(clock).toISOString();
    rina.offline = true;
    await rina.handlers.recordMentions({ posts: [post] }, sender);
    clock += 10 * 60_000;
    serverClock = clock;
    await siti.handlers.recordMentions({ posts: [post] }, sender);
    await siti.sync.syncNow();

    rina.offline = false;
    await rina.sync.syncNow();
    await siti.sync.syncNow();

    for (const b of [siti, rina]) {
      expect((await intake(b)).mentions).toEqual([
        expect.objectContaining({ tweetId: post.id, firstSeenAt: firstSeen }),
      ]);
    }
  });

  test('a mention no browser can read is quarantined; the rest of the intake comes', async () => {
    const [siti] = (await teamWatching('siti')) as [Browser_];
    const [bad, good] = [mentionPost('Jalan rusak'), mentionPost('Pohon tumbang')];
    await siti.handlers.recordMentions({ posts: [bad, good] }, sender);
    await siti.sync.syncNow();
    await store.query(
      `UPDATE mentions SET data = jsonb_set(data, '{firstSeenAt}', '"1999-12-31T23:59:00.000Z"')
       WHERE team_id = $1 AND tweet_id = $2`,
      [teamId, bad.id],
    );
    const fresh = await openBrowser();

    const status = await logIn(fresh, 'siti');

    expect(status.lastError).toBeNull();
    expect((await intake(fresh)).mentions.map((m) => m.tweetId)).toEqual([good.id]);
    expect(status.quarantined).toEqual([
      expect.objectContaining({ kind: 'mention', id: bad.id, reported: true }),
    ]);
  });
});
