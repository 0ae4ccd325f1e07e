import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createActor, createAssignment, createPost } from '../../../tests/factories';
import { createFakeServer, type Fault, type FakeServer } from '../../../tests/fake-sync-server';
import { rejects } from '../../../tests/rejects';
import { getAssignment, putAssignments } from '../../../utils/storage/assignments';
import { listDepartments, seedDepartments } from '../../../utils/storage/departments';
import { listOutbox } from '../../../utils/storage/outbox';
import type { PullApplied } from '../../../utils/storage/pull';
import { openTanggapDb, type TanggapDb } from '../../../utils/storage/schema';
import { readSyncState } from '../../../utils/storage/sync-state';
import { DEFAULT_DEPARTMENTS } from '../../../utils/domain/departments';
import { setLanguage } from '../../../utils/i18n/i18n';
import type { BackgroundProtocol, Handlers } from '../../../utils/messaging/protocol';
import { RETRY_ALARM } from './retry';
import { SESSION_KEY } from './session';
import { syncErrorWords } from '../../../utils/i18n/sync-words';
import { createBackgroundHandlers } from '../handlers';
import { createSyncEngine, type SyncEngine } from './engine';

const SERVER = 'https://tanggap.example.go.id';
const PASSWORD = 'kata-sandi-panjang-1';
const TIMEOUT_MS = 30;
const siti = createActor({ username: 'siti', role: 'triage' });
const budi = createActor({ username: 'budi', role: 'department', departmentId: 'dlh' });
const admin = createActor({ username: 'admin', role: 'admin' });

let db: TanggapDb;
let n = 0;
let server: FakeServer;
let retries: number[];
let applied: PullApplied[];
let random: () => number;

beforeEach(async () => {
  db = await openTanggapDb(`sync-engine-${++n}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
  server = createFakeServer();
  server.addUser(siti, PASSWORD);
  server.addUser(budi, PASSWORD);
  server.addUser(admin, PASSWORD);
  retries = [];
  applied = [];
  random = () => 0.5;
  setLanguage('en');
});
afterEach(() => db.close());

function engine(): SyncEngine {
  return createSyncEngine({
    db: async () => db,
    fetch: server.fetch,
    now: () => new Date(),
    random: () => random(),
    storage: fakeBrowser.storage.local,
    alarms: fakeBrowser.alarms,
    onApplied: (changes) => void applied.push(changes),
    // Request time-outs run for real; retries are only recorded.
    setTimer: (fn, ms) => {
      if (ms !== TIMEOUT_MS) {
        retries.push(ms);
        return () => {};
      }
      const id = setTimeout(fn, ms);
      return () => clearTimeout(id);
    },
    timeoutMs: TIMEOUT_MS,
  });
}

/** The background's handlers over the same database, as the pages reach them. */
function handlersFor(sync: SyncEngine): Handlers<BackgroundProtocol> {
  return createBackgroundHandlers({
    db: async () => db,
    now: () => new Date(),
    officer: async () => 'local',
    onChanged: () => {},
    sync,
  });
}

const sender = {};
const logIn = (sync: SyncEngine, username = 'siti') =>
  sync.login({ serverUrl: SERVER, username, password: PASSWORD });

describe('login', () => {
  test('keeps the token out of IndexedDB and replaces this browser’s data with the team’s', async () => {
    const mine = createAssignment({ departmentId: 'dlh' });
    await putAssignments(db, [mine]);
    const teamPost = createPost();
    server.apply(admin, 'removeDepartment', { id: 'rsud' });
    server.apply(siti, 'assignPost', { post: teamPost, departmentId: 'dishub' });

    const status = await logIn(engine());

    expect(status).toMatchObject({
      loggedIn: true,
      username: 'siti',
      role: 'triage',
      team: { name: 'Kota Raya' },
      serverUrl: SERVER,
      waiting: 0,
      lastError: null,
    });
    expect(status.lastSyncAt).not.toBeNull();
    const session = (await fakeBrowser.storage.local.get(SESSION_KEY))[SESSION_KEY];
    expect(session).toMatchObject({ token: expect.any(String) });
    expect(JSON.stringify(await readSyncState(db))).not.toContain(
      (session as { token: string }).token,
    );
    expect(await getAssignment(db, mine.tweetId)).toBeUndefined();
    expect((await getAssignment(db, teamPost.id))?.departmentId).toBe('dishub');
    expect((await listDepartments(db)).map((d) => d.id)).not.toContain('rsud');
    expect((await readSyncState(db)).clientId).toMatch(/^[0-9a-f]{32}$/);
  });

  test.each([
    ['http://tanggap.example.go.id', /HTTPS is required/],
    ['ftp://tanggap.example.go.id', /HTTPS is required/],
    ['not an address', /not a web address/],
    ['https://tanggap.example.go.id/admin?x=1', /only the team server’s address/],
  ])('refuses the address %s, asking nothing of any server', async (serverUrl, words) => {
    await rejects(
      engine().login({ serverUrl, username: 'siti', password: PASSWORD }),
      'bad-request',
      words,
    );
    expect(server.requests).toEqual([]);
  });

  test('plain http is accepted for a server on this computer', async () => {
    const status = await engine().login({
      serverUrl: 'http://127.0.0.1:8787/',
      username: 'siti',
      password: PASSWORD,
    });
    expect(status.serverUrl).toBe('http://127.0.0.1:8787');
  });

  test('a wrong password is refused as such, and nothing is stored', async () => {
    const sync = engine();
    await expect(
      sync.login({ serverUrl: SERVER, username: 'siti', password: 'salah-sekali-123' }),
    ).rejects.toMatchObject({ code: 'sync-failed', data: { reason: 'bad-login' } });
    expect(await fakeBrowser.storage.local.get(SESSION_KEY)).toEqual({});
    expect((await sync.status()).loggedIn).toBe(false);
  });
});

describe('push and pull', () => {
  test('a change made while logged in reaches the server and leaves the outbox', async () => {
    const sync = engine();
    await logIn(sync);
    const post = createPost();
    const handlers = handlersFor(sync);
    await handlers.assignPost({ post, departmentId: 'dlh' }, sender);
    expect((await sync.status()).waiting).toBe(1);

    const status = await sync.syncNow();

    expect(status.waiting).toBe(0);
    expect(server.assignments.get(post.id)?.assignedBy).toBe('siti');
    expect(server.lastMutationId((await readSyncState(db)).clientId)).toBe(1);
  });

  test('a refused change is listed with its post; the pull brings the true state', async () => {
    const item = createPost();
    server.apply(siti, 'assignPost', { post: item, departmentId: 'dlh' });
    const sync = engine();
    await logIn(sync, 'budi');
    // Reassigned on the server before the officer's change arrives.
    server.apply(siti, 'assignPost', { post: item, departmentId: 'dishub' });
    await handlersFor(sync).setStatus({ tweetId: item.id, status: 'responded' }, sender);
    expect((await getAssignment(db, item.id))?.status).toBe('responded');

    const status = await sync.syncNow();

    expect(status.waiting).toBe(0);
    expect(status.refusals).toEqual([
      expect.objectContaining({ code: 'forbidden', name: 'setStatus', tweetId: item.id }),
    ]);
    const stored = await getAssignment(db, item.id);
    expect(stored).toMatchObject({ departmentId: 'dishub', status: 'open' });
    expect(applied.at(-1)?.assignments.map((a) => a.tweetId)).toEqual([item.id]);
  });

  test('pulled changes of others are applied and announced', async () => {
    const sync = engine();
    await logIn(sync);
    const post = createPost();
    server.apply(admin, 'assignPost', { post, departmentId: 'dinkes' });
    server.apply(admin, 'saveTeamSettings', { settings: { dueSoonHours: 3 } });
    await sync.syncNow();
    expect((await getAssignment(db, post.id))?.departmentId).toBe('dinkes');
    expect(applied.at(-1)).toMatchObject({ settingsChanged: true });
  });

  test('a pull that reaches the end says so, once what it brought is stored', async () => {
    const seenAtTheEnd: (string | undefined)[] = [];
    const post = createPost();
    const sync = createSyncEngine({
      db: async () => db,
      fetch: server.fetch,
      now: () => new Date(),
      random: () => 0.5,
      storage: fakeBrowser.storage.local,
      alarms: fakeBrowser.alarms,
      onApplied: () => {},
      onCaughtUp: () =>
        void getAssignment(db, post.id).then((a) => seenAtTheEnd.push(a?.departmentId)),
    });
    await logIn(sync);
    server.apply(admin, 'assignPost', { post, departmentId: 'dinkes' });
    await sync.syncNow();
    await vi.waitFor(() => expect(seenAtTheEnd).toEqual([undefined, 'dinkes']));
  });
});

describe('a pulled record this browser cannot take', () => {
  /** The server sends `id` with an event dated before 2000, as an older server could. */
  function poison(id: string) {
    server.pullAnswer = (page) => ({
      ...page,
      assignments: page.assignments.map((a) =>
        a.tweetId === id
          ? { ...a, history: [{ ...a.history[0]!, at: '1999-12-31T23:59:00.000Z' }] }
          : a,
      ),
    });
  }

  test('is quarantined: the rest arrives, later pushes still go, the server hears once', async () => {
    const [bad, good] = [createPost(), createPost()];
    server.apply(admin, 'assignPost', { post: bad, departmentId: 'dinkes' });
    server.apply(admin, 'assignPost', { post: good, departmentId: 'dlh' });
    poison(bad.id);
    const sync = engine();

    const status = await logIn(sync);

    expect(status.lastError).toBeNull();
    expect(await getAssignment(db, good.id)).toBeDefined();
    expect(await getAssignment(db, bad.id)).toBeUndefined();
    const reason = expect.stringMatching(/^assignment\.history\[0\]\.at is out of range/);
    expect(status.quarantined).toEqual([
      {
        kind: 'assignment',
        id: bad.id,
        version: 2,
        reason,
        at: expect.any(String),
        reported: true,
      },
    ]);
    expect(server.reports).toEqual([
      { quarantined: [{ kind: 'assignment', id: bad.id, version: 2, reason }] },
    ]);

    const mine = createPost();
    await handlersFor(sync).assignPost({ post: mine, departmentId: 'dlh' }, sender);
    const after = await sync.syncNow();
    expect(after).toMatchObject({ waiting: 0, lastError: null });
    expect(server.assignments.get(mine.id)?.assignedBy).toBe('siti');
    expect(server.reports).toHaveLength(1);

    // The server's next version of the item is one this browser can take.
    server.pullAnswer = undefined;
    server.apply(admin, 'addNote', { tweetId: bad.id, text: 'Dicek ulang' });
    const fixed = await sync.syncNow();
    expect((await getAssignment(db, bad.id))?.notes).toEqual(['Dicek ulang']);
    expect(fixed.quarantined).toEqual([]);
  });

  test('a report that fails is sent after the next pull, and never fails a sync', async () => {
    const bad = createPost();
    server.apply(admin, 'assignPost', { post: bad, departmentId: 'dinkes' });
    poison(bad.id);
    server.faultPath = '/v1/reports';
    server.fault = 'server-error';
    const sync = engine();

    const status = await logIn(sync);

    expect(status.lastError).toBeNull();
    expect(status.quarantined.map((q) => [q.id, q.reported])).toEqual([[bad.id, false]]);
    expect(server.reports).toEqual([]);

    server.fault = null;
    const next = await sync.syncNow();
    expect(next.quarantined.map((q) => [q.id, q.reported])).toEqual([[bad.id, true]]);
    expect(server.reports.map((r) => r.quarantined.map((q) => q.id))).toEqual([[bad.id]]);
  });
});

describe('faults', () => {
  test.each<[Fault, string, RegExp]>([
    ['timeout', 'timeout', /did not answer \(timed out after 15 s\)/],
    ['network', 'unreachable', /cannot be reached/],
    ['server-error', 'server-error', /had a problem \(error 502\)/],
    ['busy', 'busy', /busy/],
    ['storage-full', 'storage-full', /disk is full\. Your changes are kept here/],
    ['garbage', 'unreadable', /answered something Tanggap cannot read/],
    ['malformed', 'unreadable', /answered something Tanggap cannot read/],
  ])(
    '%s: the outbox stays whole, the status says so, a retry is set',
    async (fault, code, words) => {
      const sync = engine();
      await logIn(sync);
      await handlersFor(sync).assignPost({ post: createPost(), departmentId: 'dlh' }, sender);
      const before = await listOutbox(db);
      server.fault = fault;

      const status = await sync.syncNow();

      expect(await listOutbox(db)).toEqual(before);
      expect(status.waiting).toBe(1);
      expect(status.lastError?.code).toBe(code);
      expect(syncErrorWords(status.lastError!)).toMatch(words);
      expect(retries).toHaveLength(1);
      expect(await fakeBrowser.alarms.get(RETRY_ALARM)).toBeDefined();

      server.fault = null;
      const healed = await sync.syncNow();
      expect(healed).toMatchObject({ waiting: 0, lastError: null });
      expect(await fakeBrowser.alarms.get(RETRY_ALARM)).toBeUndefined();
    },
  );

  test('the error is said in Indonesian too', async () => {
    const sync = engine();
    await logIn(sync);
    server.fault = 'timeout';
    const { lastError } = await sync.syncNow();
    setLanguage('id');
    expect(syncErrorWords(lastError!)).toMatch(/tidak menjawab \(batas waktu 15 detik habis\)/);
  });

  test('retries back off exponentially with full jitter, up to 5 minutes', async () => {
    random = () => 0.999_999;
    const sync = engine();
    await logIn(sync);
    server.fault = 'server-error';
    for (let i = 0; i < 12; i++) await sync.syncNow();
    expect(retries.slice(0, 4)).toEqual([999, 1_999, 3_999, 7_999]);
    expect(retries.at(-1)).toBe(299_999);
    random = () => 0;
    await sync.syncNow();
    expect(retries.at(-1)).toBe(0);
  });

  test('an ended session stops retrying, keeps the outbox, and the same user goes on', async () => {
    const sync = engine();
    await logIn(sync);
    const post = createPost();
    await handlersFor(sync).assignPost({ post, departmentId: 'dlh' }, sender);
    const { clientId } = await readSyncState(db);
    server.fault = 'expired';

    const status = await sync.syncNow();

    expect(status).toMatchObject({ loggedIn: false, waiting: 1 });
    expect(syncErrorWords(status.lastError!)).toBe(
      'Your session has ended: log in again. Your changes are kept until then.',
    );
    expect(retries).toEqual([]);
    expect(await fakeBrowser.storage.local.get(SESSION_KEY)).toEqual({});

    server.fault = null;
    const again = await logIn(sync);
    expect(again).toMatchObject({ loggedIn: true, waiting: 0, lastError: null });
    expect((await readSyncState(db)).clientId).toBe(clientId);
    expect(server.assignments.get(post.id)?.departmentId).toBe('dlh');
  });

  test('another user must agree to discard the changes still waiting', async () => {
    const sync = engine();
    await logIn(sync);
    await handlersFor(sync).assignPost({ post: createPost(), departmentId: 'dlh' }, sender);
    server.fault = 'expired';
    await sync.syncNow();
    server.fault = null;

    await expect(logIn(sync, 'budi')).rejects.toMatchObject({
      code: 'sync-failed',
      data: { reason: 'waiting', waiting: 1 },
    });
    expect(await listOutbox(db)).toHaveLength(1);

    const status = await sync.login({
      serverUrl: SERVER,
      username: 'budi',
      password: PASSWORD,
      discardWaiting: true,
    });
    expect(status).toMatchObject({ loggedIn: true, username: 'budi', waiting: 0 });
  });

  test('a push whose answer was lost is finished by a restarted worker, applied once', async () => {
    const first = engine();
    await logIn(first);
    const post = createPost();
    await handlersFor(first).assignPost({ post, departmentId: 'dlh' }, sender);
    await handlersFor(first).addNote({ tweetId: post.id, text: 'Sudah dicek' }, sender);
    server.fault = 'lose-answer';
    server.faultPath = '/v1/push';
    expect((await first.syncNow()).waiting).toBe(2);
    expect(server.assignments.get(post.id)?.notes).toEqual(['Sudah dicek']);

    // The worker stops; a new one starts over the same database and storage.
    server.fault = null;
    const second = engine();
    const status = await second.syncNow();

    expect(status).toMatchObject({ waiting: 0, lastError: null });
    expect(server.assignments.get(post.id)?.notes).toEqual(['Sudah dicek']);
    expect((await getAssignment(db, post.id))?.notes).toEqual(['Sudah dicek']);
  });
});

describe('logging in again', () => {
  test('edits made while logged out give way to the team’s items; waiting ones are pushed', async () => {
    const sync = engine();
    await logIn(sync);
    const handlers = handlersFor(sync);
    const [teamPost, waitingPost] = [createPost(), createPost()];
    await handlers.assignPost({ post: teamPost, departmentId: 'dlh' }, sender);
    await sync.syncNow();
    // Offline: this change waits in the outbox; then the officer logs out.
    server.fault = 'network';
    await handlers.assignPost({ post: waitingPost, departmentId: 'dinkes' }, sender);
    await sync.logout();
    server.fault = null;
    // Alone: changes made here are this browser's only, never pushed.
    const localPost = createPost();
    await handlers.assignPost({ post: localPost, departmentId: 'dishub' }, sender);
    await handlers.assignPost({ post: teamPost, departmentId: 'rsud' }, sender);
    expect((await sync.status()).waiting).toBe(1);

    const status = await logIn(sync);

    expect(status).toMatchObject({ loggedIn: true, waiting: 0, lastError: null });
    expect(await getAssignment(db, localPost.id)).toBeUndefined();
    expect((await getAssignment(db, teamPost.id))?.departmentId).toBe('dlh');
    expect((await getAssignment(db, waitingPost.id))?.departmentId).toBe('dinkes');
    expect(server.assignments.get(waitingPost.id)?.departmentId).toBe('dinkes');
    expect(server.assignments.has(localPost.id)).toBe(false);
    expect(applied.at(-1)).toMatchObject({ replaced: true });
  });
});

test('at a worker start, resume pushes what waits; with nothing waiting it asks nothing', async () => {
  const first = engine();
  await logIn(first);
  server.fault = 'network';
  const post = createPost();
  await handlersFor(first).assignPost({ post, departmentId: 'dlh' }, sender);
  server.fault = null;
  server.requests.length = 0;

  await engine().resume();

  expect(server.assignments.get(post.id)?.departmentId).toBe('dlh');
  expect((await engine().status()).waiting).toBe(0);
  server.requests.length = 0;
  await engine().resume();
  expect(server.requests).toEqual([]);
});

test('sync is single-flight: a call during a run makes one more run after it', async () => {
  const sync = engine();
  await logIn(sync);
  server.requests.length = 0;
  const runs = await Promise.all([sync.syncNow(), sync.syncNow(), sync.syncNow()]);
  expect(runs.every((s) => s.loggedIn)).toBe(true);
  // Two runs, each one pull (nothing to push).
  expect(server.requests.map((r) => r.path)).toEqual(['/v1/pull', '/v1/pull']);
});

test('a push asked with nothing waiting asks nothing; with a change waiting it syncs', async () => {
  const sync = engine();
  await logIn(sync);
  server.requests.length = 0;
  await sync.pushNow();
  expect(server.requests).toEqual([]);
  await handlersFor(sync).assignPost({ post: createPost(), departmentId: 'dlh' }, sender);
  // This server's push answers carry no page: a pull follows.
  expect(await sync.pushNow()).toMatchObject({ waiting: 0, lastError: null });
  expect(server.requests.map((r) => r.path)).toEqual(['/v1/push', '/v1/pull']);
});

test('logging out keeps waiting changes for the same user, unless they are discarded', async () => {
  const sync = engine();
  await logIn(sync);
  await handlersFor(sync).assignPost({ post: createPost(), departmentId: 'dlh' }, sender);
  server.fault = 'network';
  await sync.syncNow();
  server.fault = null;
  const out = await sync.logout();
  expect(out).toMatchObject({ loggedIn: false, waiting: 1, username: 'siti' });
  const discarded = await sync.logout({ discardWaiting: true });
  expect(discarded.waiting).toBe(0);
});

test('a logout waits for the sync in flight, so the old run cannot land after it', async () => {
  const sync = engine();
  await logIn(sync);
  // A pull that hangs until the engine's time-out.
  server.fault = 'timeout';
  server.faultPath = '/v1/pull';
  const order: string[] = [];
  const run = sync.syncNow().then(() => order.push('sync'));
  await vi.waitFor(() => expect(server.requests.at(-1)?.path).toBe('/v1/pull'));
  const out = await sync.logout();
  order.push('logout');
  await run;
  expect(order).toEqual(['sync', 'logout']);
  expect(out.loggedIn).toBe(false);
  expect((await sync.status()).loggedIn).toBe(false);
});

test('live: a change announced by the server with a newer cursor is pulled', async () => {
  const sync = engine();
  await logIn(sync);
  const post = createPost();
  let send: (text: string) => void = () => {};
  server.events = () =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        const encoder = new TextEncoder();
        send = (text) => controller.enqueue(encoder.encode(text));
      },
    });
  sync.startLive();
  await vi.waitFor(() => expect(server.requests.at(-1)?.path).toBe('/v1/events'));
  server.apply(admin, 'assignPost', { post, departmentId: 'dlh' });
  const { cursor } = await readSyncState(db);
  send(`: ping\n\nevent: changed\ndata: {"cursor":${cursor + 1}}\n\n`);
  await vi.waitFor(async () =>
    expect((await getAssignment(db, post.id))?.departmentId).toBe('dlh'),
  );
  sync.stopLive();
});

describe('live: a change that carries its page', () => {
  /** A logged-in engine with an event stream the test writes `changed` events to. */
  async function live({ fetch }: { fetch?: typeof server.fetch } = {}) {
    const sync = createSyncEngine({
      db: async () => db,
      fetch: fetch ?? server.fetch,
      now: () => new Date(),
      random: () => 0.5,
      storage: fakeBrowser.storage.local,
      alarms: fakeBrowser.alarms,
      onApplied: (changes) => void applied.push(changes),
      setTimer: (fn, ms) => {
        retries.push(ms);
        return () => {};
      },
    });
    // A team with a past: a browser at cursor 0 has pulled nothing yet, and takes no event.
    server.apply(admin, 'assignPost', { post: createPost(), departmentId: 'dlh' });
    await logIn(sync);
    let write: (text: string) => void = () => {};
    server.events = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          const encoder = new TextEncoder();
          write = (text) => controller.enqueue(encoder.encode(text));
        },
      });
    sync.startLive();
    await vi.waitFor(() => expect(server.requests.at(-1)?.path).toBe('/v1/events'));
    applied = [];
    const send = (data: string) => write(`event: changed\ndata: ${data}\n\n`);
    const pulls = () => server.requests.filter((r) => r.path === '/v1/pull').length;
    return { sync, send, pulls };
  }

  /** `live`, whose pulls, while `held.on`, wait after their answer until `held.release()`. */
  async function liveWithHeldPulls() {
    const held = { on: false, release: () => {} };
    const browser = await live({
      fetch: async (input, init) => {
        const answer = await server.fetch(input, init);
        if (held.on && String(input).endsWith('/v1/pull')) {
          await new Promise<void>((resolve) => (held.release = resolve));
        }
        return answer;
      },
    });
    return { ...browser, held };
  }

  test('at this browser’s cursor: applied as a pulled page, with no pull', async () => {
    const { sync, send, pulls } = await live();
    const before = await readSyncState(db);
    const pulled = pulls();
    const post = createPost();
    server.apply(admin, 'assignPost', { post, departmentId: 'dlh' });

    send(server.changedEvent(before.cursor));

    await vi.waitFor(async () => expect((await readSyncState(db)).cursor).toBe(before.cursor + 1));
    expect((await getAssignment(db, post.id))?.departmentId).toBe('dlh');
    expect(applied.map((a) => a.assignments.map((x) => x.tweetId))).toEqual([[post.id]]);
    expect(pulls()).toBe(pulled);
    expect((await readSyncState(db)).lastMutationId).toBe(before.lastMutationId);
    sync.stopLive();
  });

  test('from before this browser’s cursor: taken whole, what it had stays as it was', async () => {
    const { sync, send, pulls } = await live();
    const { cursor } = await readSyncState(db);
    const [first, second] = [createPost(), createPost()];
    server.apply(admin, 'assignPost', { post: first, departmentId: 'dlh' });
    await sync.syncNow();
    const held = await getAssignment(db, first.id);
    expect(held?.departmentId).toBe('dlh');
    const pulled = pulls();
    server.apply(admin, 'assignPost', { post: second, departmentId: 'dinkes' });

    send(server.changedEvent(cursor));

    await vi.waitFor(async () => expect((await readSyncState(db)).cursor).toBe(cursor + 2));
    expect(pulls()).toBe(pulled);
    expect(await getAssignment(db, first.id)).toEqual(held);
    expect((await getAssignment(db, second.id))?.departmentId).toBe('dinkes');
    sync.stopLive();
  });

  test('from a cursor ahead of this browser’s: pulled instead', async () => {
    const { sync, send, pulls } = await live();
    const { cursor } = await readSyncState(db);
    const pulled = pulls();
    const [first, second] = [createPost(), createPost()];
    server.apply(admin, 'assignPost', { post: first, departmentId: 'dlh' });
    server.apply(admin, 'assignPost', { post: second, departmentId: 'dinkes' });

    // The page from the version after this browser's: taken alone it would lose `first`.
    send(server.changedEvent(cursor + 1));

    await vi.waitFor(async () => expect((await readSyncState(db)).cursor).toBe(cursor + 2));
    expect(pulls()).toBe(pulled + 1);
    expect((await getAssignment(db, first.id))?.departmentId).toBe('dlh');
    expect((await getAssignment(db, second.id))?.departmentId).toBe('dinkes');
    sync.stopLive();
  });

  test('with a change of this browser waiting: a sync pushes it, then pulls', async () => {
    const { sync, send, pulls } = await live();
    const { cursor } = await readSyncState(db);
    const pulled = pulls();
    const mine = createPost();
    // Committed, not yet pushed: the sync this starts is held back by a failing push.
    server.fault = 'network';
    server.faultPath = '/v1/push';
    await handlersFor(sync).assignPost({ post: mine, departmentId: 'dlh' }, sender);
    await vi.waitFor(() => expect(retries.length).toBeGreaterThan(0));
    server.fault = null;
    const theirs = createPost();
    server.apply(admin, 'assignPost', { post: theirs, departmentId: 'dinkes' });

    send(server.changedEvent(cursor));

    await vi.waitFor(async () => expect(await listOutbox(db)).toEqual([]));
    expect(pulls()).toBe(pulled + 1);
    expect(server.assignments.get(mine.id)?.assignedBy).toBe('siti');
    expect((await getAssignment(db, theirs.id))?.departmentId).toBe('dinkes');
    expect((await getAssignment(db, mine.id))?.history).toHaveLength(1);
    sync.stopLive();
  });

  test('a record this browser cannot take is quarantined as from a pull; the rest applies', async () => {
    const { sync, send, pulls } = await live();
    const { cursor } = await readSyncState(db);
    const pulled = pulls();
    const [bad, good] = [createPost(), createPost()];
    server.apply(admin, 'assignPost', { post: bad, departmentId: 'dinkes' });
    server.apply(admin, 'assignPost', { post: good, departmentId: 'dlh' });
    server.pullAnswer = (page) => ({
      ...page,
      assignments: page.assignments.map((a) =>
        a.tweetId === bad.id
          ? { ...a, history: [{ ...a.history[0]!, at: '1999-12-31T23:59:00.000Z' }] }
          : a,
      ),
    });

    send(server.changedEvent(cursor));

    await vi.waitFor(async () => expect((await readSyncState(db)).cursor).toBe(cursor + 2));
    expect(await getAssignment(db, good.id)).toBeDefined();
    expect(await getAssignment(db, bad.id)).toBeUndefined();
    const status = await sync.status();
    expect(status.quarantined.map((q) => [q.kind, q.id, q.version])).toEqual([
      ['assignment', bad.id, cursor + 2],
    ]);
    await vi.waitFor(() =>
      expect(server.reports.map((r) => r.quarantined[0]?.id)).toEqual([bad.id]),
    );
    expect(pulls()).toBe(pulled);
    sync.stopLive();
  });

  test('an unreadable page is not taken: a sync pulls the change', async () => {
    const { sync, send, pulls } = await live();
    const { cursor } = await readSyncState(db);
    const pulled = pulls();
    const post = createPost();
    server.apply(admin, 'assignPost', { post, departmentId: 'dlh' });

    send(JSON.stringify({ cursor: cursor + 1, from: cursor, page: { assignments: 'none' } }));

    await vi.waitFor(async () => expect((await readSyncState(db)).cursor).toBe(cursor + 1));
    expect(pulls()).toBe(pulled + 1);
    expect((await getAssignment(db, post.id))?.departmentId).toBe('dlh');
    sync.stopLive();
  });

  test('an event during a running pull waits its turn, then finds its page pulled', async () => {
    const { sync, send, pulls, held } = await liveWithHeldPulls();
    const { cursor } = await readSyncState(db);
    const pulled = pulls();
    const post = createPost();
    server.apply(admin, 'assignPost', { post, departmentId: 'dlh' });
    held.on = true;
    const running = sync.syncNow();
    await vi.waitFor(() => expect(pulls()).toBe(pulled + 1));

    send(server.changedEvent(cursor));
    // Long enough for the event to be read: it must not apply while the pull's answer waits.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(applied).toEqual([]);
    expect((await readSyncState(db)).cursor).toBe(cursor);

    held.on = false;
    held.release();
    await running;
    await vi.waitFor(async () => expect((await readSyncState(db)).cursor).toBe(cursor + 1));
    // Applied once, by the pull; the event's page was already here.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(applied.map((a) => a.assignments.map((x) => x.tweetId))).toEqual([[post.id]]);
    expect(pulls()).toBe(pulled + 1);
    sync.stopLive();
  });

  test('a change pushed and answered, not yet pulled back, is not undone by an older page', async () => {
    const { sync, send, pulls } = await live();
    const post = createPost();
    server.apply(admin, 'assignPost', { post, departmentId: 'dlh' });
    await sync.syncNow();
    const { cursor } = await readSyncState(db);
    server.apply(admin, 'assignPost', { post: createPost(), departmentId: 'dinkes' });
    // Announced before this browser's change reached the server: it holds the post as it was.
    const older = server.changedEvent(cursor - 1);
    server.fault = 'network';
    server.faultPath = '/v1/pull';
    await handlersFor(sync).addNote({ tweetId: post.id, text: 'sudah ditelepon' }, sender);
    expect((await sync.syncNow()).lastError?.code).toBe('unreachable');
    expect(server.assignments.get(post.id)?.notes).toHaveLength(1);
    const pulled = pulls();

    send(older);

    // Not taken: the sync it starts cannot pull yet, and what was here stays.
    await vi.waitFor(() => expect(pulls()).toBe(pulled + 1));
    await sync.syncNow();
    expect((await readSyncState(db)).cursor).toBe(cursor);
    expect((await getAssignment(db, post.id))?.notes).toEqual(['sudah ditelepon']);
    expect(await listOutbox(db)).toHaveLength(1);

    server.fault = null;
    await sync.syncNow();
    expect(await listOutbox(db)).toEqual([]);
    expect((await readSyncState(db)).cursor).toBe(cursor + 2);
    expect((await getAssignment(db, post.id))?.notes).toEqual(['sudah ditelepon']);
    sync.stopLive();
  });

  test('two pages that came during a run are applied after it, in order', async () => {
    const { sync, send, pulls, held } = await liveWithHeldPulls();
    const { cursor } = await readSyncState(db);
    const pulled = pulls();
    held.on = true;
    // A pull answered before the changes below, its answer held back.
    const running = sync.syncNow();
    await vi.waitFor(() => expect(pulls()).toBe(pulled + 1));
    const [first, second] = [createPost(), createPost()];
    server.apply(admin, 'assignPost', { post: first, departmentId: 'dlh' });
    send(server.changedEvent(cursor));
    server.apply(admin, 'assignPost', { post: second, departmentId: 'dinkes' });
    send(server.changedEvent(cursor + 1));
    await new Promise((resolve) => setTimeout(resolve, 50));

    held.on = false;
    held.release();
    await running;

    await vi.waitFor(async () => expect((await readSyncState(db)).cursor).toBe(cursor + 2));
    expect(applied.map((a) => a.assignments.map((x) => x.tweetId))).toEqual([
      [first.id],
      [second.id],
    ]);
    expect(pulls()).toBe(pulled + 1);
    sync.stopLive();
  });

  test('a push asked during a run that leaves nothing waiting: the pages are taken, no pull', async () => {
    const { sync, send, pulls, held } = await liveWithHeldPulls();
    const { cursor } = await readSyncState(db);
    const pulled = pulls();
    held.on = true;
    const running = sync.syncNow();
    await vi.waitFor(() => expect(pulls()).toBe(pulled + 1));
    // Asked for a change the run in flight pushed already (nothing waits when the next starts).
    const pushed = sync.pushNow();
    const post = createPost();
    server.apply(admin, 'assignPost', { post, departmentId: 'dlh' });
    send(server.changedEvent(cursor));
    await new Promise((resolve) => setTimeout(resolve, 50));

    held.on = false;
    held.release();
    await Promise.all([running, pushed]);

    await vi.waitFor(async () => expect((await readSyncState(db)).cursor).toBe(cursor + 1));
    expect(applied.map((a) => a.assignments.map((x) => x.tweetId))).toEqual([[post.id]]);
    expect(pulls()).toBe(pulled + 1);
    expect(server.requests.filter((r) => r.path === '/v1/push')).toEqual([]);
    sync.stopLive();
  });

  test('an applied page clears the fault an earlier run left in the status', async () => {
    const { sync, send } = await live();
    const { cursor } = await readSyncState(db);
    server.fault = 'network';
    const failed = await sync.syncNow();
    expect(failed.lastError?.code).toBe('unreachable');
    server.fault = null;
    server.apply(admin, 'assignPost', { post: createPost(), departmentId: 'dlh' });

    send(server.changedEvent(cursor));

    await vi.waitFor(async () => expect((await readSyncState(db)).cursor).toBe(cursor + 1));
    await vi.waitFor(async () => expect(await sync.status()).toMatchObject({ lastError: null }));
    expect((await readSyncState(db)).failures).toBe(0);
    sync.stopLive();
  });

  test('logging in again ends the previous login’s stream and opens one with the new token', async () => {
    const signals: AbortSignal[] = [];
    const { sync } = await live({
      fetch: (input, init) => {
        if (String(input).endsWith('/v1/events') && init?.signal) signals.push(init.signal);
        return server.fetch(input, init);
      },
    });
    expect(signals).toHaveLength(1);

    await logIn(sync, 'budi');

    expect(signals[0]?.aborted).toBe(true);
    await vi.waitFor(() => expect(signals).toHaveLength(2));
    expect(signals[1]?.aborted).toBe(false);
    sync.stopLive();
  });
});
