import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { PushedMutation } from '../utils/domain/sync-protocol';
import type { Assignment } from '../utils/domain/types';
import { DatabaseQueue } from './admission';
import { serverConfig } from './config';
import type { HttpError } from './errors';
import type { Store } from './store';
import { assignArgs, BACKENDS, Client, newWorld, PASSWORD, useBackend } from './test/helpers';
import { ADMIN, type ServerProcess, startServerProcess } from './test/server-process';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A line of ten slots refusing past 1 s, on a clock the test moves (`clock.now`). Each operation
 * `ask` starts hangs until the test calls its entry in `ends`; a refusal is returned, not thrown.
 */
function lineOfHangingOperations() {
  const clock = { now: 0 };
  const queue = new DatabaseQueue(10, 1_000, () => clock.now);
  const ends: (() => void)[] = [];
  const ask = () =>
    queue
      .run(() => new Promise<void>((resolve) => ends.push(resolve)), true)
      .catch((error: unknown) => error);
  return { clock, queue, ends, ask };
}

describe('the line for the database', () => {
  test('refuses at once, with Retry-After, what would wait past the bound; the rest all run', async () => {
    const queue = new DatabaseQueue(1, 300);
    const work = () => pause(50).then(() => 'done');
    // The line estimates from the operations it has seen.
    await queue.run(work, true);
    const started = performance.now();
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const at = performance.now();
        try {
          return { ran: await queue.run(work, true) };
        } catch (error) {
          return { refused: error as HttpError, afterMs: performance.now() - at };
        }
      }),
    );
    const ran = outcomes.filter((o) => o.ran === 'done');
    const refused = outcomes.filter((o) => o.refused);
    expect(ran.length + refused.length).toBe(40);
    expect(refused.length).toBeGreaterThan(0);
    for (const { refused: error, afterMs } of refused) {
      expect(error).toMatchObject({ status: 503, code: 'server-busy' });
      expect(Number(error!.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
      expect(afterMs).toBeLessThan(50);
    }
    // What was let in did not wait much past the bound.
    expect(performance.now() - started).toBeLessThan(300 + 2 * 50 + 500);
    // The last slot is given back once the loop has turned.
    await new Promise(setImmediate);
    expect(queue.load()).toEqual({ running: 0, waiting: 0 });
  });

  test('one slow operation does not make the line refuse what the other slots serve at once', async () => {
    let now = 0;
    const queue = new DatabaseQueue(10, 1_000, () => now);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    /** Operations in the order they were asked for, each ending when the test says. */
    const ops: { end: () => void; ran: Promise<unknown> }[] = [];
    const ask = () => {
      let end!: () => void;
      const done = new Promise<void>((resolve) => (end = resolve));
      ops.push({ end, ran: queue.run(() => done, true) });
    };
    // One operation sticks (a slow commit); forty more are asked for behind it.
    ask();
    const stuck = ops.shift()!;
    for (let i = 0; i < 40; i += 1) ask();
    // For three seconds the nine other slots take one from the line every 10 ms, and one
    // more joins it each time: thirty wait all along.
    for (let t = 0; t < 300; t += 1) {
      now += 10;
      ops.shift()!.end();
      await settle();
      ask();
    }
    expect(queue.load()).toEqual({ running: 10, waiting: 31 });
    // At 10 ms for each of nine slots the next in line waits about 40 ms, not seconds.
    expect(queue.expectedWaitMs()).toBeLessThan(1_000);
    for (const op of ops) op.end();
    stuck.end();
    await Promise.all([...ops.map((op) => op.ran), stuck.ran]);
  });

  test('slots waiting for the loop to turn count as operations begun, not as a slow database', async () => {
    const { clock, queue, ends, ask } = lineOfHangingOperations();
    // One operation sticks for a second; nine take 10 ms and end together, their slots handed
    // on once the loop turns; thirty wait.
    const stuck = ask();
    clock.now = 990;
    const nine = Array.from({ length: 9 }, ask);
    const waiting = Array.from({ length: 30 }, ask);
    clock.now = 1_000;
    for (const end of ends.splice(1, 9)) end();
    for (let i = 0; i < 10; i += 1) await Promise.resolve();
    // At 10 ms an operation, the line is some 30 ms long, not three times the stuck second.
    expect(queue.expectedWaitMs()).toBeLessThan(1_000);
    await Promise.all(nine);
    while (ends.length > 0) {
      ends.shift()!();
      await new Promise(setImmediate);
    }
    await Promise.all([stuck, ...waiting]);
  });

  test('when every slot has run long, the line refuses before anyone waited the bound', async () => {
    const { clock, queue, ends, ask } = lineOfHangingOperations();
    await queue.run(async () => (clock.now += 10), true);
    // The database stops answering: ten operations hang, twenty more wait.
    const runs = Array.from({ length: 30 }, ask);
    clock.now += 900;
    // Nobody has waited a second yet, but at this pace the line is three times 900 ms long.
    const refused = await ask();
    expect(refused).toMatchObject({ status: 503, code: 'server-busy' });
    for (const end of ends) end();
    clock.now += 10;
    while (ends.length < 30) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (const end of ends) end();
    }
    await Promise.all(runs);
  });

  test('never refuses the server’s own work, which waits its turn', async () => {
    const queue = new DatabaseQueue(1, 10);
    const done = await Promise.all(
      Array.from({ length: 20 }, () => queue.run(() => pause(5).then(() => true), false)),
    );
    expect(done.every(Boolean)).toBe(true);
  });

  test('the bound comes from TANGGAP_MAX_DATABASE_WAIT_MS, 5 s by default', () => {
    expect(serverConfig(new Map(), {}).maxDatabaseWaitMs).toBe(5_000);
    const env = { TANGGAP_MAX_DATABASE_WAIT_MS: '2000' };
    expect(serverConfig(new Map(), env).maxDatabaseWaitMs).toBe(2_000);
  });
});

async function countOf(store: Store, table: 'tokens' | 'login_failures'): Promise<number> {
  const [row] = await store.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(row?.n ?? 0);
}

/**
 * `store`, whose transactions and connections `slowBy` slows (a database at its limit), and which `hold` stops
 * until the function it returns is called (a database that has stopped answering).
 */
function slowable(store: Store) {
  let delayMs = 0;
  let gate: Promise<void> = Promise.resolve();
  const slow = async () => {
    await gate;
    await pause(delayMs);
  };
  const slowed: Store = {
    kind: store.kind,
    query: (sql, params) => store.query(sql, params),
    transaction: (fn, opts) =>
      store.transaction(async (tx) => {
        await slow();
        return fn(tx);
      }, opts),
    connection: (fn) =>
      store.connection(async (db) => {
        await slow();
        return fn(db);
      }),
    listen: (channel, fn) => store.listen(channel, fn),
    checkWritable: () => store.checkWritable(),
    close: () => store.close(),
  };
  const hold = () => {
    let release!: () => void;
    gate = new Promise((resolve) => (release = resolve));
    return release;
  };
  return { slowed, slowBy: (ms: number) => (delayMs = ms), hold };
}

const PUSHES_EACH = 1;
const WAIT_BOUND_MS = 400;
/**
 * Officers pushing at once, how much each transaction is slowed, and so how long the line
 * would be without the bound (PGlite runs one transaction at a time, PostgreSQL ten).
 */
const FLOOD = {
  PGlite: { officers: 60, slowMs: 100, lineMs: 6_000 },
  PostgreSQL: { officers: 80, slowMs: 1_000, lineMs: 8_000 },
};
/** Pushes that show the server the slow database first. */
const WARM_UP = 2;

describe.each(BACKENDS)('an overloaded server on %s', (name) => {
  const backend = useBackend(name);

  test('answers 503 server-busy at once instead of queueing, and loses nothing', async () => {
    const { slowed, slowBy } = slowable(await backend.newStore());
    const world = await newWorld(backend, { maxDatabaseWaitMs: WAIT_BOUND_MS }, slowed);
    const officers: Client[] = [];
    // One at a time: a crowd of logins would be refused too.
    while (officers.length < FLOOD[name].officers) officers.push(await world.officer('triage'));
    const watcher = await world.officer('admin');
    // Signed in, the officers all push at once into a database slower than the line can take,
    // once the server has seen it slow (it estimates the wait from what it saw).
    slowBy(FLOOD[name].slowMs);
    for (let i = 0; i < WARM_UP; i += 1)
      await watcher.push([watcher.mutation('assignPost', assignArgs('dlh'))]);

    const refusals: { ms: number; retryAfter: number }[] = [];
    const acknowledgedMs: number[] = [];
    const pushed: string[] = [];
    /** Pushes until acknowledged, waiting a little after each refusal, as a browser would. */
    async function pushUntilAcknowledged(o: Client, m: PushedMutation) {
      for (;;) {
        const at = performance.now();
        const res = await o.call('POST', '/v1/push', { clientId: o.clientId, mutations: [m] });
        if (res.status === 200) {
          acknowledgedMs.push(performance.now() - at);
          return;
        }
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({ error: { code: 'server-busy' } });
        const retryAfter = Number(res.headers.get('Retry-After'));
        refusals.push({ ms: performance.now() - at, retryAfter });
        // As a browser does: at least what Retry-After says, at a random moment after it.
        await pause(1000 * retryAfter * (1 + Math.random() / 2));
      }
    }
    await Promise.all(
      officers.map(async (o) => {
        for (let i = 0; i < PUSHES_EACH; i += 1) {
          const m = o.mutation('assignPost', assignArgs('dlh'));
          pushed.push((m.args as { post: { id: string } }).post.id);
          await pushUntilAcknowledged(o, m);
        }
      }),
    );

    expect(refusals.length).toBeGreaterThan(0);
    for (const r of refusals) expect(r.retryAfter).toBeGreaterThanOrEqual(1);
    // Refusals come before a wait in the line: no answer waits the line's whole length.
    const { lineMs } = FLOOD[name];
    expect(Math.max(...refusals.map((r) => r.ms))).toBeLessThan(lineMs / 2);
    expect(Math.max(...acknowledgedMs)).toBeLessThan(lineMs * 0.75);
    // Every officer's every change is in the team, once.
    const seen = new Map<string, Assignment>();
    let page;
    do {
      page = await watcher.pull(500);
      for (const a of page.assignments) seen.set(a.tweetId, a);
    } while (page.more);
    expect(seen.size).toBe(FLOOD[name].officers * PUSHES_EACH + WARM_UP);
    for (const id of pushed) expect(seen.get(id)?.history).toHaveLength(1);
  }, 60_000);
  test('a crowd of logins: each one whole or refused before it began, no failure counted', async () => {
    const { slowed, slowBy, hold } = slowable(await backend.newStore());
    const world = await newWorld(backend, { maxDatabaseWaitMs: WAIT_BOUND_MS }, slowed);
    // Signed in one at a time first: a crowd of logins would be refused too.
    const officers: Client[] = [];
    while (officers.length < 20) officers.push(await world.officer('triage'));
    const tokensBefore = await countOf(world.store, 'tokens');
    slowBy(FLOOD[name].slowMs / 2);
    for (let i = 0; i < WARM_UP; i += 1) await officers[0]!.login();
    // The database stops answering until the first refusal: the logins that took its slots
    // hold them, the others line up behind them until the line is too long, whatever the
    // machine's speed.
    const release = hold();
    let refusedOne!: () => void;
    const refused = new Promise<void>((resolve) => (refusedOne = resolve));
    void refused.then(release);
    // Each officer's browser logs in three times at once (the pair's free failures: an attempt
    // counts as one until its password is checked).
    const statuses = await Promise.all(
      officers.flatMap((o) =>
        [1, 2, 3].map(async () => {
          const client = new Client(world.url, o.username);
          const res = await client.call('POST', '/v1/login', {
            username: o.username,
            password: PASSWORD,
          });
          if (res.status === 503) refusedOne();
          return res.status;
        }),
      ),
    );
    slowBy(0);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(statuses).toContain(200);
    // A crowd from one address may be slowed (429) while its attempts are in flight.
    expect(statuses.filter((s) => ![200, 429, 503].includes(s))).toEqual([]);
    // No login left a failure behind, and each one answered 200 holds its token.
    expect(await countOf(world.store, 'login_failures')).toBe(0);
    expect(await countOf(world.store, 'tokens')).toBe(
      tokensBefore + WARM_UP + statuses.filter((s) => s === 200).length,
    );
    // So every officer logs in at once afterwards, none held back by the crowd.
    for (const o of officers) await o.login();
  }, 60_000);
});

describe('a PGlite server whose one process is out of CPU', () => {
  /** Pushes sent at once, each as large as a push may be: seconds of work for PGlite. */
  const PUSHES = 50;
  const CHANGES_EACH = 100;

  test('tells what it cannot take in time 503 at once, and loses nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tanggap-busy-'));
    let server: ServerProcess | undefined;
    try {
      server = await startServerProcess(join(folder, 'db'), {
        env: {
          TANGGAP_MAX_DATABASE_WAIT_MS: String(WAIT_BOUND_MS),
          TANGGAP_PUSH_CHANGES_PER_MINUTE: String((PUSHES + WARM_UP) * CHANGES_EACH * 2),
        },
      });
      const { url } = server;
      const admin = await new Client(url, ADMIN).login(server.password);
      // Browsers of the one admin, each with a full push.
      const browsers = Array.from({ length: PUSHES + WARM_UP }, () => {
        const browser = new Client(url, ADMIN);
        browser.token = admin.token;
        const mutations = Array.from({ length: CHANGES_EACH }, () =>
          browser.mutation('assignPost', assignArgs('dlh')),
        );
        return { browser, mutations };
      });
      type Browser = (typeof browsers)[number];
      const send = async ({ browser, mutations }: Browser) => {
        const at = performance.now();
        const answer = await browser.call<{ error?: { code: string } }>('POST', '/v1/push', {
          clientId: browser.clientId,
          mutations,
        });
        return { ...answer, ms: performance.now() - at };
      };
      // Connected first, as signed-in browsers are (Node accepts one connection a turn of its
      // loop, so a crowd of new ones would come in one at a time); the server sees the time a
      // full push takes before the crowd pushes.
      await Promise.all(browsers.map(({ browser }) => browser.call('GET', '/v1/me')));
      for (const browser of browsers.slice(PUSHES)) expect((await send(browser)).status).toBe(200);
      const crowd = browsers.slice(0, PUSHES);
      const answers = await Promise.all(crowd.map(send));

      // The pushes that came while the line was full were told so at once, not kept waiting.
      const refused = crowd.filter((_, i) => answers[i]!.status === 503);
      expect(answers.map((a) => a.status).filter((s) => s !== 200 && s !== 503)).toEqual([]);
      expect(refused.length).toBeGreaterThan(0);
      for (const answer of answers.filter((a) => a.status === 503)) {
        expect(answer.body.error?.code).toBe('server-busy');
        expect(Number(answer.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
      }
      const slowest = (status: number) =>
        Math.max(...answers.filter((a) => a.status === status).map((a) => a.ms));
      expect(slowest(503)).toBeLessThan(slowest(200));
      const postIds = (list: Browser[]) =>
        list.flatMap(({ mutations }) =>
          mutations.map((m) => (m.args as { post: { id: string } }).post.id),
        );
      const pulledIds = async () => (await admin.pullEverything()).map((a) => a.tweetId).sort();
      // A refused push changed nothing, every acknowledged one is there.
      expect(await pulledIds()).toEqual(
        postIds(browsers.filter((b) => !refused.includes(b))).sort(),
      );
      // Sent again, as the browsers do after Retry-After, they are all taken.
      for (const browser of refused) expect((await send(browser)).status).toBe(200);
      expect(await pulledIds()).toEqual(postIds(browsers).sort());
    } finally {
      if (server) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
