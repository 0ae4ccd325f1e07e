import { describe, expect, test, vi } from 'vitest';
import { createPost } from '../tests/factories';
import { MAX_TEXT_LENGTH } from '../utils/domain/schemas/assignment';
import type { PullResponse } from '../utils/domain/sync-protocol';
import { resetPassword, revokeTokens, setDisabled } from './admin';
import { startServer } from './app';
import { log } from './log';
import type { Store } from './store';
import { eachStatement } from './test/counting-store';
import { EVENT_PAGE_CHARS } from './sync';
import { changedEventCounts } from './test/changed-event-counts';
import {
  assignArgs,
  BACKENDS,
  Client,
  newWorld,
  openEvents,
  PASSWORD,
  useBackend,
} from './test/helpers';

/** How long a stream may take to hear a change: generous, as a loaded machine needs. */
const HEARD_MS = 10_000;
/**
 * How long a stream may outlive its login: the server ends it within a second, this bound is
 * for a loaded machine. Still well short of the 15 s ping that used to be the only check.
 */
const ENDED_MS = 5_000;

describe.each(BACKENDS)('change events on %s', (name) => {
  const backend = useBackend(name);

  /** A team on `store` that its admin watches: a stream told `ready`, its browser pulled to it. */
  async function watchedTeam(store: Store) {
    const world = await newWorld(backend, {}, store);
    const [triage, watcher] = await Promise.all([world.officer('triage'), world.officer('admin')]);
    const events = await openEvents(world.url, watcher.token);
    backend.defer(async () => events.close());
    expect((await events.next()).event).toBe('ready');
    await watcher.pull();
    return { triage, watcher, events };
  }

  // Heard at all means heard live: the stream is the only way. The wait is generous for a
  // loaded machine; `npm run bench:sync` measures propagation against its target.
  test('a connected stream hears of another officer’s push, then pulls it', async () => {
    const world = await newWorld(backend);
    const [triage, watcher] = await Promise.all([world.officer('triage'), world.officer('admin')]);
    const events = await openEvents(world.url, watcher.token);
    backend.defer(async () => events.close());
    const ready = await events.next();
    expect(ready.event).toBe('ready');
    const { cursor } = ready.data as { cursor: number };
    await watcher.pull();
    expect(watcher.cursor).toBe(cursor);

    await triage.push([triage.mutation('assignPost', assignArgs('dlh'))]);
    const changed = await events.next(HEARD_MS);
    expect(changed.event).toBe('changed');
    expect((changed.data as { cursor: number }).cursor).toBeGreaterThan(cursor);
    const pulled = await watcher.pull();
    expect(pulled.assignments).toHaveLength(1);
    expect(pulled.cursor).toBe((changed.data as { cursor: number }).cursor);
  });

  test('a push is announced from its notice: the team is not read again for it', async () => {
    // The statements that read a team's head for an announcement.
    let headReads = 0;
    const store = eachStatement(await backend.newStore(), (sql, params, send) => {
      if (/^SELECT version, epoch, purged_version FROM teams/.test(sql)) headReads += 1;
      return send(sql, params);
    });
    const { triage, events } = await watchedTeam(store);

    await triage.push([triage.mutation('assignPost', assignArgs('dlh'))]);
    const changed = await events.next(HEARD_MS);

    const { page } = changed.data as { page: PullResponse };
    expect(page.assignments.map((a) => a.departmentId)).toEqual(['dlh']);
    expect(headReads).toBe(0);
  });

  // PostgreSQL holds one lock for the whole database from a committing transaction's NOTIFY
  // until its commit is on disk: a notice sent by the push's write made every push, whatever its
  // team, wait for the flush of the one before. On a disk taking 5 ms a flush the province's
  // load collapsed (`npm run bench:sync -- --load`: push p99 3.3 s and 383 refusals, against
  // 0.2 s and none with the notice after the commit).
  test('a push’s notice is sent once its write has committed, in a statement of its own', async () => {
    const sent: string[] = [];
    const store = eachStatement(await backend.newStore(), (sql, params, send) => {
      sent.push(sql);
      return send(sql, params);
    });
    const { triage, events } = await watchedTeam(store);
    sent.length = 0;

    await triage.push([triage.mutation('assignPost', assignArgs('dlh'))]);
    expect((await events.next(HEARD_MS)).event).toBe('changed');

    const write = sent.findIndex((sql) => /^WITH team AS/.test(sql));
    const notice = sent.findIndex((sql) => /pg_notify/.test(sql));
    expect(write).toBeGreaterThanOrEqual(0);
    expect(sent[write]).not.toMatch(/notify/i);
    expect(notice).toBeGreaterThan(write);
    expect(sent[notice]).toMatch(/^SELECT pg_notify\(/);
  });

  test('a push written again under the team’s lock is announced once that transaction has committed', async () => {
    const sent: string[] = [];
    let moveTeamBeforeWrite = false;
    const store = eachStatement(
      await backend.newStore(),
      async (sql, params, send) => {
        if (moveTeamBeforeWrite && /^WITH team AS/.test(sql)) {
          // Another push of the team came between the read and the write: written again.
          moveTeamBeforeWrite = false;
          await send('UPDATE teams SET version = version + 1 WHERE id = $1', [params![0]]);
        }
        sent.push(sql);
        return send(sql, params);
      },
      () => sent.push('BEGIN'),
      () => sent.push('COMMITTED'),
    );
    const { triage, watcher, events } = await watchedTeam(store);
    sent.length = 0;

    moveTeamBeforeWrite = true;
    await triage.push([triage.mutation('assignPost', assignArgs('dlh'))]);
    expect((await events.next(HEARD_MS)).event).toBe('changed');

    const writes = sent.flatMap((sql, i) => (/^WITH team AS/.test(sql) ? [i] : []));
    expect(writes).toHaveLength(2);
    const committed = sent.indexOf('COMMITTED');
    expect(sent.indexOf('BEGIN')).toBeLessThan(writes[1]!);
    expect(committed).toBeGreaterThan(writes[1]!);
    expect(sent.findIndex((sql) => /pg_notify/.test(sql))).toBeGreaterThan(committed);
    expect((await watcher.pull()).assignments.map((a) => a.departmentId)).toEqual(['dlh']);
  });

  test('a notice that cannot be sent leaves the push answered and kept, and is logged', async () => {
    let failNotices = false;
    const store = eachStatement(await backend.newStore(), (sql, params, send) =>
      failNotices && /pg_notify/.test(sql)
        ? Promise.reject(Object.assign(new Error('the notice queue is full'), { code: '54000' }))
        : send(sql, params),
    );
    const world = await newWorld(backend, {}, store);
    const [triage, other] = await Promise.all([world.officer('triage'), world.officer('admin')]);
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => {});
    backend.defer(async () => warn.mockRestore());

    failNotices = true;
    const answer = await triage.push([triage.mutation('assignPost', assignArgs('dlh'))]);
    failNotices = false;

    expect(answer).toEqual({ lastMutationId: 1, refused: [] });
    expect((await other.pull()).assignments.map((a) => a.departmentId)).toEqual(['dlh']);
    expect(warn).toHaveBeenCalledWith(
      'push.announce-failed',
      expect.objectContaining({ team: world.teamId, code: '54000' }),
    );
  });

  test('a change’s event carries the page a browser at the cursor before it would pull', async () => {
    const world = await newWorld(backend);
    const [triage, watcher, late] = await Promise.all([
      world.officer('triage'),
      world.officer('admin'),
      world.officer('admin'),
    ]);
    const events = await openEvents(world.url, watcher.token);
    backend.defer(async () => events.close());
    const { cursor } = (await events.next()).data as { cursor: number };
    await watcher.pull();
    expect(watcher.cursor).toBe(cursor);

    await triage.push([triage.mutation('assignPost', assignArgs('dlh'))]);
    const changed = await events.next(HEARD_MS);
    expect(changed.event).toBe('changed');
    const data = changed.data as { cursor: number; from: number; page: Partial<PullResponse> };
    expect(data.from).toBe(cursor);
    // The same page a pull from there brings, without one browser's own fields.
    late.cursor = cursor;
    const { lastMutationId, reset, ...pulled } = await late.pull();
    expect([lastMutationId, reset]).toEqual([0, false]);
    expect(data.page).toEqual(pulled);
    expect(data.cursor).toBe(pulled.cursor);
    expect(data.page.assignments!.map((a) => a.departmentId)).toEqual(['dlh']);
  });

  test('a page too large for an event is left to the pull: the event says the cursor', async () => {
    const world = await newWorld(backend);
    const [triage, watcher] = await Promise.all([world.officer('triage'), world.officer('admin')]);
    const events = await openEvents(world.url, watcher.token);
    backend.defer(async () => events.close());
    expect((await events.next()).event).toBe('ready');
    await watcher.pull();

    // Every page cut short (`more`) is larger still: a page holds 2,000 items or 1 MB.
    const long = 'Jalan berlubang di depan sekolah. '.repeat(MAX_TEXT_LENGTH / 40);
    const posts = Array.from({ length: Math.ceil(EVENT_PAGE_CHARS / long.length) + 1 }, () =>
      createPost({ text: long }),
    );
    const counted = await changedEventCounts();
    await triage.push(posts.map((post) => triage.mutation('assignPost', assignArgs('dlh', post))));
    const changed = await events.next(HEARD_MS);
    expect(changed.event).toBe('changed');
    const pulled = await watcher.pull();
    expect(pulled.assignments).toHaveLength(posts.length);
    expect(changed.data).toEqual({ cursor: pulled.cursor });
    expect(await counted()).toEqual({ 'too-large': 1 });
  });

  test('a burst of pushes is heard as a few changes, the last at the final cursor', async () => {
    // A long gap, so that the burst falls within a few of them even on a slow machine.
    const GAP_MS = 3_000;
    const world = await newWorld(backend, { announceGapMs: GAP_MS });
    const [triage, watcher] = await Promise.all([world.officer('triage'), world.officer('admin')]);
    const events = await openEvents(world.url, watcher.token);
    backend.defer(async () => events.close());
    expect((await events.next()).event).toBe('ready');

    const PUSHES = 12;
    const started = performance.now();
    for (let i = 0; i < PUSHES; i += 1) {
      await triage.push([triage.mutation('assignPost', assignArgs('dlh'))]);
    }
    const final = (await watcher.pull()).cursor;
    const heard: number[] = [];
    while (heard.at(-1) !== final) {
      const changed = await events.next(HEARD_MS);
      heard.push((changed.data as { cursor: number }).cursor);
    }
    // Every browser of the team pulls once per announcement, not once per push.
    const gaps = Math.ceil((performance.now() - started) / GAP_MS);
    expect(heard.length).toBeLessThanOrEqual(Math.min(PUSHES, gaps + 1));
    expect(heard).toEqual([...heard].sort((a, b) => a - b));
  });

  test('streams of another team hear nothing; pings keep the stream alive', async () => {
    const world = await newWorld(backend, { pingSeconds: 0.2 });
    const triage = await world.officer('triage');
    const outsider = await newWorld(backend, {}, world.store);
    const stranger = await outsider.officer('admin');
    const events = await openEvents(world.url, stranger.token);
    backend.defer(async () => events.close());
    expect((await events.next()).event).toBe('ready');
    await triage.push([triage.mutation('assignPost', assignArgs('dlh'))]);
    await expect(events.next(700)).rejects.toThrow(/no event in time/);
    expect(events.comments).toContain('ping');
  });

  test('a stream without a valid login is refused', async () => {
    const world = await newWorld(backend);
    const res = await new Client(world.url, 'x').call('GET', '/v1/events', undefined, {
      Authorization: 'Bearer tidak-ada-token-seperti-ini',
    });
    expect(res.status).toBe(401);
  });
});

describe.each(BACKENDS)('streams of ended logins on %s', (name) => {
  const backend = useBackend(name);

  test('logging out ends the login’s stream at once; other logins keep theirs', async () => {
    const world = await newWorld(backend);
    const [officer, colleague] = await Promise.all([
      world.officer('admin'),
      world.officer('triage'),
    ]);
    const mine = await openEvents(world.url, officer.token);
    const theirs = await openEvents(world.url, colleague.token);
    backend.defer(async () => (mine.close(), theirs.close()));
    expect((await mine.next()).event).toBe('ready');
    expect((await theirs.next()).event).toBe('ready');

    expect((await officer.call('POST', '/v1/logout')).status).toBe(204);
    await expect(mine.next(ENDED_MS)).rejects.toThrow('the stream ended');
    await colleague.push([colleague.mutation('assignPost', assignArgs('dlh'))]);
    expect((await theirs.next(HEARD_MS)).event).toBe('changed');
  });

  test.each([
    ['revoking the user’s logins', revokeTokens],
    [
      'disabling the user',
      (store, { username }) => setDisabled(store, { username, disabled: true }),
    ],
    [
      'a new password',
      (store, { username }) => resetPassword(store, { username, password: `${PASSWORD}-baru` }),
    ],
  ] satisfies [string, EndLogins][])(
    '%s ends every stream of the user at once',
    async (_, endLogins) => {
      const world = await newWorld(backend);
      const officer = await world.officer('department', 'dlh');
      const otherLogin = await new Client(world.url, officer.username).login();
      const streams = await Promise.all(
        [officer, otherLogin].map((c) => openEvents(world.url, c.token)),
      );
      backend.defer(async () => streams.forEach((s) => s.close()));
      for (const s of streams) expect((await s.next()).event).toBe('ready');

      await endLogins(world.store, { username: officer.username });
      for (const s of streams) await expect(s.next(ENDED_MS)).rejects.toThrow('the stream ended');
    },
  );

  test('a stream ends when its login expires', async () => {
    // A login of a few seconds: long enough to open the stream on a loaded machine.
    const world = await newWorld(backend, { tokenHours: 3 / 3600 });
    const officer = await world.officer('triage');
    const events = await openEvents(world.url, officer.token);
    backend.defer(async () => events.close());
    expect((await events.next()).event).toBe('ready');
    await expect(events.next(3_000 + ENDED_MS)).rejects.toThrow('the stream ended');
    expect((await officer.call('GET', '/v1/me')).body).toMatchObject({
      error: { code: 'token-expired' },
    });
  });
});

describe.each(BACKENDS)('limits on event streams on %s', (name) => {
  const backend = useBackend(name);

  test('one login holds at most its share of streams; another login has its own', async () => {
    const world = await newWorld(backend, { streamLimits: { perLogin: 2 } });
    const officer = await world.officer('triage');
    const held = await Promise.all([1, 2].map(() => openEvents(world.url, officer.token)));
    backend.defer(async () => held.forEach((s) => s.close()));
    for (const s of held) expect((await s.next()).event).toBe('ready');

    const refused = await officer.call('GET', '/v1/events');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: 'too-many-streams' } });
    expect((refused.body as { error: { message: string } }).error.message).toMatch(/at most 2/);

    const otherLogin = await new Client(world.url, officer.username).login();
    const other = await openEvents(world.url, otherLogin.token);
    backend.defer(async () => other.close());
    expect((await other.next()).event).toBe('ready');

    // A closed stream frees its place once the server notices the client went away.
    held[0]!.close();
    const reopened = await poll(() => openEvents(world.url, officer.token), HEARD_MS);
    backend.defer(async () => reopened.close());
    expect((await reopened.next()).event).toBe('ready');
  });

  test('a full server refuses more streams with 503 and says when to try again', async () => {
    const world = await newWorld(backend, { streamLimits: { total: 2 } });
    const officers = await Promise.all([1, 2, 3].map(() => world.officer('triage')));
    const held = await Promise.all(officers.slice(0, 2).map((o) => openEvents(world.url, o.token)));
    backend.defer(async () => held.forEach((s) => s.close()));
    for (const s of held) expect((await s.next()).event).toBe('ready');

    const refused = await officers[2]!.call('GET', '/v1/events');
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: { code: 'server-busy' } });
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    held[0]!.close();
    const admitted = await poll(() => openEvents(world.url, officers[2]!.token), HEARD_MS);
    backend.defer(async () => admitted.close());
    expect((await admitted.next()).event).toBe('ready');
  });
});

type EndLogins = (store: Store, user: { username: string }) => Promise<unknown>;

/** Tries `fn` until it succeeds or `ms` pass, then throws its last error. */
async function poll<T>(fn: () => Promise<T>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('change events across instances on PostgreSQL', () => {
  const backend = useBackend('PostgreSQL');

  test('a push to one instance reaches a stream held by another (LISTEN/NOTIFY)', async () => {
    const world = await newWorld(backend);
    const second = await startServer({ store: await backend.sameDatabase!() });
    backend.defer(() => second.close());
    const triage = await world.officer('triage');
    const watcher = await new Client(second.url, (await world.officer('admin')).username).login();
    const events = await openEvents(second.url, watcher.token);
    backend.defer(async () => events.close());
    expect((await events.next()).event).toBe('ready');
    await watcher.pull();
    await triage.push([triage.mutation('assignPost', assignArgs('dinkes'))]);
    const changed = await events.next(HEARD_MS);
    expect(changed.event).toBe('changed');
    // This instance built the page from its own cache and the database, as its pulls do.
    const { page } = changed.data as { page: PullResponse };
    expect(page.assignments.map((a) => a.departmentId)).toEqual(['dinkes']);
    expect((await watcher.pull()).assignments.map((a) => a.departmentId)).toEqual(['dinkes']);
  });

  test('an admin command in another process ends the streams held by this one', async () => {
    const world = await newWorld(backend);
    const officer = await world.officer('triage');
    const events = await openEvents(world.url, officer.token);
    backend.defer(async () => events.close());
    expect((await events.next()).event).toBe('ready');
    // The admin command's own connection: the instance hears of it only through the database.
    const adminCommand = await backend.sameDatabase!();
    await revokeTokens(adminCommand, { username: officer.username });
    await expect(events.next(ENDED_MS)).rejects.toThrow('the stream ended');
  });

  test('streams keep hearing changes after the database drops the listening connection', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const watcher = await world.officer('admin');
    const events = await openEvents(world.url, watcher.token);
    backend.defer(async () => events.close());
    expect((await events.next()).event).toBe('ready');
    const killed = await world.store.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE query LIKE 'LISTEN%' AND datname = current_database()`,
    );
    expect(killed).toHaveLength(1);
    // Whether the push lands while the instance listens again or before (its notice lost, then
    // the whole version read again once it listens), the stream hears it.
    await triage.push([triage.mutation('assignPost', assignArgs('dinkes'))]);
    const changed = await events.next(HEARD_MS);
    expect(changed.event).toBe('changed');
    const pulled = await watcher.pull();
    expect(pulled.assignments).toHaveLength(1);
    expect(changed.data).toMatchObject({ cursor: pulled.cursor });
  });
});
