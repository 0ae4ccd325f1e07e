/**
 * The province under load (`npm run bench:sync -- --load`): teams of officers, each a
 * signed-in browser holding an event stream, changing items at a steady total rate, on
 * PostgreSQL (a throwaway cluster) and on PGlite (a data folder). The server runs in a child
 * process; the browsers here behave as the extension does: a change is pushed at once, then
 * pulled to the end (a push asks for the page a pull from its cursor returns, and pulls only when
 * the answer carries none or one with `more`); a `changed` event ahead of the browser's cursor that carries the page from
 * that cursor or before is taken without a pull when none of the browser's own changes waits to
 * be pulled back, and any other starts a sync; one run at a time (a sync, a push, or an event's
 * page), and what comes during one waits for it (syncs fold into one, and a push asked for a
 * change the run in flight pushed costs nothing after it); a failure waits (full jitter
 * from 1 s, at least Retry-After) and keeps the change.
 *
 * Flags: --teams 35 --officers 20 --rate 200 (mutations/s, all browsers together)
 * --duration 60 (s of steady load, after the sign-in and first pull) --only pglite|postgres
 * --quick (10 teams × 20, 60 mutations/s, 10 s); --without-push-pages (pushes as a browser
 * before push pages: a pull after every push, to compare); --server-cpu-prof DIR (the server
 * process writes a V8 CPU profile there when it stops).
 *
 * Reports sustained mutations/s, push p50/p95/p99, delivery p95 (push acknowledged at A →
 * B's pull or event brings it), pulls/s, event pages and push pages taken/s, errors by kind, server RSS and
 * CPU; writes
 * bench-output/bench-sync-load.json.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '../../server/test/postgres';
import {
  type PullResponse,
  type PushedMutation,
  pushPageQuery,
  type PushResponse,
} from '../../utils/domain/sync-protocol';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { snowflake } from '../x-replica/complaints';
import { type ChangedData, changedEventReader } from './changed-events';
import {
  browserConnections,
  type HttpAnswer,
  NoAnswer,
  openTextStream,
  requestText,
} from './bench-http';
import { foldSyncAsk, type SyncAsk, type SyncRun } from '../../utils/domain/sync-runs';
import { machineCpuMs, processTreeCpuMs } from './process-cpu';
import type { LoadServerReady, LoadServerSample, TimeTotals } from './sync-load-server';

const here = path.dirname(fileURLToPath(import.meta.url));
const ORIGIN = 'chrome-extension://tanggap-bench';
const PASSWORD = 'bench-password-panjang';
/** The browser's time-out for one request. */
const TIMEOUT_MS = 15_000;
/** How long the end waits for every browser to catch up. */
const DRAIN_MS = 20_000;
/** Items a browser remembers having seen (see `Browser.recent`). */
const RECENT_ITEMS = 1_000;
const TARGETS = { pushP99Ms: 1_000, deliveryP95Ms: 1_000, errors: 0, rssGrowthMb: 50 };

interface Options {
  teams: number;
  officers: number;
  rate: number;
  durationS: number;
  /** Pushes ask for the page a pull would return (as the extension does). */
  pushPages: boolean;
  /** Where the server process writes its CPU profile, if anywhere. */
  serverCpuProf?: string;
}

function options(argv: string[]): Options & { only?: string } {
  const flag = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const number = (name: string, full: number, short: number) => {
    const value = Number(flag(name) ?? (quick ? short : full));
    if (!(value > 0)) throw new Error(`--${name} must be a positive number`);
    return value;
  };
  return {
    teams: number('teams', 35, 10),
    officers: number('officers', 20, 20),
    rate: number('rate', 200, 60),
    durationS: number('duration', 60, 10),
    pushPages: !argv.includes('--without-push-pages'),
    ...(flag('server-cpu-prof') ? { serverCpuProf: path.resolve(flag('server-cpu-prof')!) } : {}),
    ...(flag('only') ? { only: flag('only') } : {}),
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Ask = SyncAsk<ChangedData>;
type Run = SyncRun<ChangedData>;

/** Why a browser could not take an event's page. */
type Untakeable =
  | 'event page from past its cursor'
  | 'event page partial'
  | 'event page before its first pull'
  | 'event page with its change waiting'
  | 'event page before its change came back';

/** What made a browser pull to the end. */
type PullCause =
  | 'event without page'
  | Untakeable
  | 'retry'
  | 'sign-in'
  | 'push page partial'
  | 'push answer without page';

/** What all browsers of one run record. */
class Recorder {
  pushMs: number[] = [];
  /** When each push of `pushMs` was answered (performance.now()). */
  pushAnsweredAt: number[] = [];
  /** When each failure came, while measuring. */
  failedAt: number[] = [];
  deliveryMs: number[] = [];
  errors = new Map<string, number>();
  acknowledged = 0;
  pulls = 0;
  /** Events whose page a browser took instead of pulling. */
  eventPages = 0;
  /** Push answers whose page spared a pull. */
  pushPages = 0;
  /** Why browsers pulled, while changes came. */
  pullCauses = new Map<PullCause, number>();
  /** When each pushed item was acknowledged, and sightings that came before its answer. */
  ackAt = new Map<string, number>();
  early = new Map<string, number[]>();
  measuring = false;

  error(kind: string) {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
    if (this.measuring) this.failedAt.push(performance.now());
  }
  pulled(cause: PullCause) {
    if (this.measuring) this.pullCauses.set(cause, (this.pullCauses.get(cause) ?? 0) + 1);
  }
  acked(tweetId: string, at: number) {
    this.ackAt.set(tweetId, at);
    for (const seen of this.early.get(tweetId) ?? []) this.deliveryMs.push(Math.max(0, seen - at));
    this.early.delete(tweetId);
  }
  seen(tweetId: string, at: number) {
    const acked = this.ackAt.get(tweetId);
    if (acked !== undefined) this.deliveryMs.push(at - acked);
    else this.early.set(tweetId, [...(this.early.get(tweetId) ?? []), at]);
  }
}

class HttpFailure extends Error {
  constructor(
    readonly kind: string,
    readonly retryAfterMs = 0,
  ) {
    super(kind);
  }
}

/** The event texts parsed last, and their data. */
const recentEvents = new Map<string, unknown>();

/**
 * A team's browsers get each announcement as the same text: it is parsed once for all of them
 * (they only read its data). Parsing is each browser's own work, done here on the cores the
 * server and the database need.
 */
function parseSharedEvent(text: string): unknown {
  let data = recentEvents.get(text);
  if (data === undefined) {
    data = JSON.parse(text);
    recentEvents.set(text, data);
    if (recentEvents.size > 256) recentEvents.delete(recentEvents.keys().next().value!);
  }
  return data;
}

/** One officer's browser. */
class Browser {
  token = '';
  cursor = 0;
  readonly clientId = randomBytes(16).toString('hex');
  private nextId = 1;
  /** This browser's last change a pull has shown back. */
  private lastMutationId = 0;
  private outbox: { m: PushedMutation; tweetId: string }[] = [];
  private running: Promise<void> | null = null;
  /** What the run after this one does: a sync, or a push and the event pages that came. */
  private next: Run | null = null;
  /** Why the next sync was asked for: the first reason since the last one ran. */
  private syncCause: PullCause | null = null;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;
  private stream: { close: () => void } | null = null;
  /** Closed at the run's end: a stream that opens after it is closed at once. */
  private closed = false;
  /** Items this browser made: its own pulls of them are not deliveries. */
  private readonly own = new Set<string>();
  /**
   * The items it saw last: a page from before its cursor brings some again (an event's page
   * holds at most a few hundred), and a second sighting is no delivery.
   */
  private readonly recent = new Set<string>();
  private readonly connections = browserConnections();

  constructor(
    readonly url: string,
    readonly username: string,
    private readonly rec: Recorder,
    private readonly pushPages: boolean,
  ) {}

  private async call<T>(route: string, body?: unknown): Promise<T> {
    let res: HttpAnswer;
    try {
      res = await requestText(this.url + route, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          Origin: ORIGIN,
          'Content-Type': 'application/json',
          ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        timeoutMs: TIMEOUT_MS,
        agent: this.connections,
      });
    } catch (error) {
      if (error instanceof NoAnswer)
        throw new HttpFailure(`${route.split('?')[0]} ${error.message}`);
      throw error;
    }
    if (res.status < 200 || res.status > 299) {
      let code = '';
      try {
        code = (JSON.parse(res.text) as { error: { code: string } }).error.code;
      } catch {
        // Not the protocol's error body.
      }
      throw new HttpFailure(
        `${route.split('?')[0]} ${res.status} ${code}`.trim(),
        res.retryAfterS * 1000,
      );
    }
    return JSON.parse(res.text) as T;
  }

  async login() {
    this.token = (
      await this.call<{ token: string }>('/v1/login', {
        username: this.username,
        password: PASSWORD,
      })
    ).token;
  }

  /**
   * The event stream: a `changed` ahead of the cursor is taken or starts a sync. Reopened if
   * it ends.
   */
  async listen(): Promise<void> {
    const feed = changedEventReader((event) => {
      if (event.cursor <= this.cursor) return;
      if (event.page) this.run({ page: event });
      else this.sync('event without page');
    }, parseSharedEvent);
    const res = await openTextStream(
      `${this.url}/v1/events`,
      { Origin: ORIGIN, Authorization: `Bearer ${this.token}` },
      feed,
    );
    if (res.status !== 200) {
      res.close();
      throw new HttpFailure(`/v1/events ${res.status}`, res.retryAfterS * 1000);
    }
    if (this.closed) return res.close();
    const stream = { close: res.close };
    this.stream = stream;
    void res.ended.then(async () => {
      if (this.stream !== stream) return;
      this.rec.error('event stream ended');
      await pause(1_000);
      if (this.stream === stream)
        await this.listen().catch(() => this.rec.error('event stream refused'));
    });
  }

  /** An officer's change: a new complaint assigned to a department. */
  change() {
    const id = snowflake(Date.now(), this.nextId);
    const now = new Date().toISOString();
    const m: PushedMutation = {
      id: this.nextId++,
      name: 'assignPost',
      args: {
        post: {
          id,
          authorHandle: 'warga_bench',
          authorName: 'Warga',
          text: 'Lampu jalan mati di depan pasar',
          createdAt: now,
          url: `https://x.com/warga_bench/status/${id}`,
          repostedBy: null,
          focused: false,
          replyTo: [],
          promoted: false,
        },
        departmentId: DEFAULT_DEPARTMENTS[this.nextId % DEFAULT_DEPARTMENTS.length]!.id,
      },
      at: now,
    };
    this.own.add(id);
    this.outbox.push({ m, tweetId: id });
    if (!this.retry) this.run('push');
  }

  get idle() {
    return this.running === null && this.outbox.length === 0 && this.retry === undefined;
  }

  /** A sync (push, then pull to the end); during a failure's wait, left to its retry. */
  sync(cause: PullCause) {
    if (this.retry) return;
    this.syncCause ??= cause;
    this.run('sync');
  }

  /**
   * One run at a time: a sync, a push, or event pages. What comes during a run makes one more
   * after it: a sync when one was asked for (it pulls every page anyway), else a push of what
   * waits, if one was asked and something still waits, or else the pages in order.
   */
  private run(ask: Ask) {
    if (this.running) this.next = foldSyncAsk(this.next, ask);
    else this.start(foldSyncAsk(null, ask));
  }

  private start(run: Run) {
    // Cleared once settled: a run of pages only may end before this assignment.
    this.running = (async () => {
      for (let t: Run | null = run; t; t = this.next, this.next = null) {
        let cause: PullCause = 'sign-in';
        if (t === 'sync') {
          cause = this.syncCause ?? cause;
          this.syncCause = null;
        } else if (!t.push || this.outbox.length === 0) {
          // The first page it cannot take makes it sync instead, unless it is waiting to retry.
          let untakeable: Untakeable | null = null;
          for (const e of t.pages) if ((untakeable = this.take(e))) break;
          if (!untakeable || this.retry) continue;
          cause = untakeable;
        }
        try {
          const pushed = await this.pushAll();
          if (pushed !== 'caught up') {
            this.rec.pulled(pushed === 'nothing pushed' ? cause : pushed);
            await this.pullToEnd();
          }
          this.failures = 0;
        } catch (error) {
          if (!(error instanceof HttpFailure)) throw error;
          // A request its close cut short: the run is over, nothing to retry.
          if (this.closed) break;
          this.rec.error(error.kind);
          this.failures += 1;
          const ceiling = Math.min(300_000, 1_000 * 2 ** (this.failures - 1));
          const wait = Math.max(error.retryAfterMs, Math.random() * ceiling);
          this.retry = setTimeout(() => {
            this.retry = undefined;
            this.sync('retry');
          }, wait);
          this.next = null;
          this.syncCause = null;
          break;
        }
      }
    })().finally(() => {
      this.running = null;
      // Asked after the loop last looked (an event read while this settled): one more run.
      const next = this.next;
      this.next = null;
      if (next) this.start(next);
    });
  }

  /**
   * An event's page, taken as the extension takes it: when it starts at or before this cursor
   * and every change this browser made was shown back by a pull. Null when taken or stale,
   * else why a sync must fetch it.
   */
  private take(event: ChangedData): Untakeable | null {
    if (event.cursor <= this.cursor) return null;
    const page = event.page;
    if (!page || page.more) return 'event page partial';
    if (this.cursor === 0) return 'event page before its first pull';
    if ((event.from ?? Infinity) > this.cursor) return 'event page from past its cursor';
    if (this.outbox.length > 0) return 'event page with its change waiting';
    if (this.nextId - 1 > this.lastMutationId) return 'event page before its change came back';
    const at = performance.now();
    this.rec.eventPages += 1;
    for (const a of page.assignments) this.saw(a.tweetId, at);
    this.cursor = page.cursor;
    return null;
  }

  private saw(tweetId: string, at: number) {
    if (this.own.has(tweetId) || this.recent.has(tweetId)) return;
    this.rec.seen(tweetId, at);
    this.recent.add(tweetId);
    if (this.recent.size > RECENT_ITEMS) this.recent.delete(this.recent.values().next().value!);
  }

  /** Caught up when the last push's answer carried the whole page a pull would return. */
  private async pushAll(): Promise<
    'caught up' | 'nothing pushed' | 'push page partial' | 'push answer without page'
  > {
    let outcome: Awaited<ReturnType<Browser['pushAll']>> = 'nothing pushed';
    while (this.outbox.length > 0) {
      const batch = this.outbox.slice(0, 100);
      const started = performance.now();
      const query = this.pushPages ? pushPageQuery({ cursor: this.cursor }) : '';
      const res = await this.call<PushResponse>(`/v1/push${query}`, {
        clientId: this.clientId,
        mutations: batch.map((e) => e.m),
      });
      const at = performance.now();
      if (this.rec.measuring) {
        this.rec.pushMs.push(at - started);
        this.rec.pushAnsweredAt.push(at);
      }
      if (res.refused.length > 0) this.rec.error(`refused ${res.refused[0]!.code}`);
      const done = this.outbox.filter((e) => e.m.id <= res.lastMutationId);
      this.outbox = this.outbox.filter((e) => e.m.id > res.lastMutationId);
      for (const e of done) {
        this.rec.acked(e.tweetId, at);
        if (this.rec.measuring) this.rec.acknowledged += 1;
      }
      const page = res.page as PullResponse | undefined;
      outcome = !page ? 'push answer without page' : page.more ? 'push page partial' : 'caught up';
      if (page) {
        this.rec.pushPages += 1;
        this.pulled(page, at);
      }
    }
    return outcome;
  }

  private async pullToEnd() {
    for (;;) {
      const page = await this.call<PullResponse>('/v1/pull', {
        clientId: this.clientId,
        cursor: this.cursor,
      });
      this.rec.pulls += 1;
      this.pulled(page, performance.now());
      if (!page.more) return;
    }
  }

  /** A pull answer, pulled or carried by a push's answer. */
  private pulled(page: PullResponse, at: number) {
    if (this.cursor > 0) for (const a of page.assignments) this.saw(a.tweetId, at);
    this.cursor = page.cursor;
    this.lastMutationId = Math.max(this.lastMutationId, page.lastMutationId);
  }

  close() {
    this.closed = true;
    const stream = this.stream;
    this.stream = null;
    stream?.close();
    clearTimeout(this.retry);
    this.retry = undefined;
    this.connections.destroy();
  }
}

/** Runs `fn` over `items`, `width` at a time. */
async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** `fn` again after a 503 (a busy server), waiting at least its Retry-After, as a browser does. */
async function untilAnswered(fn: () => Promise<void>) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof HttpFailure) || !error.kind.includes(' 503') || attempt === 10)
        throw error;
      await pause(Math.max(error.retryAfterMs, 1_000));
    }
  }
}

const quantile = (values: number[], q: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
const ms = (x: number) => Math.round(x);

async function startServerProcess(env: NodeJS.ProcessEnv, o: Options) {
  const child = fork(
    path.join(here, 'sync-load-server.ts'),
    [String(o.teams), String(o.officers), PASSWORD],
    {
      execArgv: [
        '--import',
        'tsx',
        ...(o.serverCpuProf ? ['--cpu-prof', `--cpu-prof-dir=${o.serverCpuProf}`] : []),
      ],
      env: { ...process.env, ...env },
      stdio: 'inherit',
    },
  );
  const samples: (LoadServerSample & { receivedAt: number })[] = [];
  const ready = await new Promise<LoadServerReady>((resolve, reject) => {
    child.on('message', (m: LoadServerReady | LoadServerSample) => {
      if (m.kind === 'ready') resolve(m);
      else samples.push({ ...m, receivedAt: performance.now() });
    });
    child.once('exit', (code) => reject(new Error(`the server ended (${code})`)));
  });
  return { child, ready, samples };
}

async function stopServerProcess(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send('stop');
  await Promise.race([exited, pause(15_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** CPU ms so far: this process (the browsers), the database's processes, the machine. */
function cpuNow(databasePid: number | null) {
  const own = process.cpuUsage();
  return {
    browsersMs: (own.user + own.system) / 1000,
    databaseMs: databasePid === null ? null : processTreeCpuMs(databasePid),
    machine: machineCpuMs(),
  };
}

/**
 * Where the steady phase's time went: each process group's CPU (% of one core) and the
 * machine's (% of all its cores); the server's mean push and pull; a database operation's
 * mean wait in the line for the database and time in it, and operations per request.
 */
function whereTimeWent(
  before: ReturnType<typeof cpuNow>,
  after: ReturnType<typeof cpuNow>,
  serverCpuMs: number,
  wallMs: number,
  t0: TimeTotals | undefined,
  t1: TimeTotals | undefined,
) {
  const percent = (used: number | null) =>
    used === null ? null : Math.round((100 * used) / wallMs);
  const machine =
    before.machine && after.machine
      ? Math.round(
          (100 * (after.machine.busyMs - before.machine.busyMs)) /
            (after.machine.totalMs - before.machine.totalMs),
        )
      : null;
  const delta = (k: keyof TimeTotals) => (t0 && t1 ? t1[k] - t0[k] : NaN);
  const requests = delta('pushes') + delta('pulls');
  return {
    cpuPercent: {
      browsers: percent(after.browsersMs - before.browsersMs),
      server: percent(serverCpuMs),
      database:
        before.databaseMs === null || after.databaseMs === null
          ? null
          : percent(after.databaseMs - before.databaseMs),
      machineOfAllCores: machine,
      cores: os.cpus().length,
    },
    perRequestMs: {
      push: Number((delta('pushMs') / delta('pushes')).toFixed(1)),
      pull: Number((delta('pullMs') / delta('pulls')).toFixed(1)),
    },
    perOperationMs: {
      waiting: Number((delta('waitMs') / delta('admitted')).toFixed(1)),
      inDatabase: Number((delta('databaseMs') / delta('databaseOperations')).toFixed(1)),
    },
    databaseOperationsPerRequest: Number((delta('databaseOperations') / requests).toFixed(1)),
  };
}

/** The machine's CPU so far, and when it was read (performance.now()). */
interface MachineSample {
  at: number;
  cpu: ReturnType<typeof machineCpuMs>;
}

/** The index of the item of `items` whose time is nearest `at` (-1 when there is none). */
function nearest<T>(items: T[], at: number, timeOf: (item: T) => number): number {
  let best = -1;
  for (let i = 0; i < items.length; i++) {
    if (best < 0 || Math.abs(timeOf(items[i]!) - at) < Math.abs(timeOf(items[best]!) - at))
      best = i;
  }
  return best;
}

/**
 * The steady load's worst seconds, for what the totals hide (a stall of a few seconds): those
 * with a push answered after more than the target or a failure, worst first, or else the one
 * with the slowest push; with what the server's and the machine's samples of that second say.
 */
function slowestSeconds(
  rec: Recorder,
  steadyStart: number,
  serverSamples: (LoadServerSample & { receivedAt: number })[],
  machine: MachineSample[],
) {
  const seconds = new Map<number, { pushes: number; slowestMs: number; failures: number }>();
  const at = (time: number) => {
    const second = Math.floor((time - steadyStart) / 1000);
    let entry = seconds.get(second);
    if (!entry) seconds.set(second, (entry = { pushes: 0, slowestMs: 0, failures: 0 }));
    return { second, entry };
  };
  rec.pushMs.forEach((ms, i) => {
    const { entry } = at(rec.pushAnsweredAt[i]!);
    entry.pushes += 1;
    entry.slowestMs = Math.max(entry.slowestMs, ms);
  });
  for (const time of rec.failedAt) at(time).entry.failures += 1;
  const worst = [...seconds]
    .sort(([, a], [, b]) => b.failures - a.failures || b.slowestMs - a.slowestMs)
    .filter(([, s], i) => i === 0 || s.failures > 0 || s.slowestMs > TARGETS.pushP99Ms)
    .slice(0, 5);
  return worst.map(([second, s]) => {
    // Each server sample covers the second before it came: the one that came nearest the
    // second's end covers the most of it.
    const start = steadyStart + second * 1000;
    const end = start + 1000;
    const i = nearest(serverSamples, end, (x) => x.receivedAt);
    const server = serverSamples[i];
    const before = serverSamples[i - 1];
    const m0 = machine[nearest(machine, start, (x) => x.at)]?.cpu;
    const m1 = machine[nearest(machine, end, (x) => x.at)]?.cpu;
    return {
      second,
      ...s,
      slowestMs: ms(s.slowestMs),
      serverCpuPercent: server ? Math.round((100 * server.cpuMs) / server.wallMs) : null,
      waitingMs:
        server && before
          ? ms(
              (server.time.waitMs - before.time.waitMs) /
                Math.max(1, server.time.admitted - before.time.admitted),
            )
          : null,
      machinePercent:
        m0 && m1 && m1 !== m0
          ? Math.round((100 * (m1.busyMs - m0.busyMs)) / (m1.totalMs - m0.totalMs))
          : null,
    };
  });
}

async function measure(
  backend: 'PGlite' | 'PostgreSQL',
  env: NodeJS.ProcessEnv,
  o: Options,
  databasePid: () => number | null = () => null,
) {
  const { child, ready, samples } = await startServerProcess(env, o);
  const rec = new Recorder();
  const browsers = ready.teams.flatMap((team) =>
    team.map((u) => new Browser(ready.url, u, rec, o.pushPages)),
  );
  try {
    let t = performance.now();
    await inParallel(browsers, 20, async (b) => {
      await untilAnswered(() => b.login());
      await untilAnswered(() => b.listen());
    });
    const signInMs = performance.now() - t;
    t = performance.now();
    browsers.forEach((b) => b.sync('sign-in'));
    while (!browsers.every((b) => b.idle)) await pause(50);
    const firstPullMs = performance.now() - t;

    // Steady load: each browser changes an item at random moments (a Poisson process), the
    // total at the rate asked for.
    const meanGapMs = (browsers.length / o.rate) * 1000;
    let stopping = false;
    const timers = new Set<NodeJS.Timeout>();
    const schedule = (b: Browser) => {
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          if (stopping) return;
          b.change();
          schedule(b);
        },
        -Math.log(1 - Math.random()) * meanGapMs,
      );
      timers.add(timer);
    };
    const samplesBefore = samples.length;
    const cpuBefore = cpuNow(databasePid());
    rec.measuring = true;
    const pullsBefore = rec.pulls;
    const eventPagesBefore = rec.eventPages;
    const pushPagesBefore = rec.pushPages;
    const errorsBefore = new Map(rec.errors);
    t = performance.now();
    const machineSample = () => ({ at: performance.now(), cpu: machineCpuMs() });
    const machineEachSecond: MachineSample[] = [machineSample()];
    const machineSampler = setInterval(() => machineEachSecond.push(machineSample()), 1_000);
    browsers.forEach(schedule);
    await pause(o.durationS * 1000);
    clearInterval(machineSampler);
    machineEachSecond.push(machineSample());
    stopping = true;
    for (const timer of timers) clearTimeout(timer);
    const steadyS = (performance.now() - t) / 1000;
    const cpuAfter = cpuNow(databasePid());
    rec.measuring = false;
    const pullsSteady = rec.pulls - pullsBefore;
    const eventPagesSteady = rec.eventPages - eventPagesBefore;
    const pushPagesSteady = rec.pushPages - pushPagesBefore;
    const acknowledged = rec.acknowledged;
    const steady = samples.slice(samplesBefore);
    // The end: every change acknowledged and pulled by every browser of its team.
    const drainStart = performance.now();
    while (!browsers.every((b) => b.idle) && performance.now() - drainStart < DRAIN_MS) {
      await pause(50);
    }
    const unfinished = browsers.filter((b) => !b.idle).length;
    const errors: Record<string, number> = Object.fromEntries(
      [...rec.errors].map(([k, n]) => [k, n - (errorsBefore.get(k) ?? 0)]).filter(([, n]) => n),
    );
    // A quarter in: the step from an idle server to 700 busy streams (V8's heap sized for the
    // load, the sockets' buffers) comes first; growth after it is what would run out.
    // Judged on each quarter's peak: a single sample may fall just after a collection, and a
    // leak raises the peaks.
    const peak = (from: number, to: number) =>
      Math.max(
        ...steady
          .slice(Math.floor(from * steady.length), Math.ceil(to * steady.length))
          .map((x) => x.rssMb),
      );
    const rss = {
      startMb: steady[0]?.rssMb ?? NaN,
      quarterMb: steady[Math.floor(steady.length / 4)]?.rssMb ?? NaN,
      middleMb: steady[Math.floor(steady.length / 2)]?.rssMb ?? NaN,
      endMb: steady.at(-1)?.rssMb ?? NaN,
      peakSecondQuarterMb: peak(0.25, 0.5),
      peakLastQuarterMb: peak(0.75, 1),
      heapUsedStartEndMb: [steady[0]?.heapUsedMb, steady.at(-1)?.heapUsedMb],
      externalStartEndMb: [steady[0]?.externalMb, steady.at(-1)?.externalMb],
    };
    // Of one core, over the wall time the samples cover (a blocked event loop samples late).
    const cpuPercent = Math.round(
      (100 * steady.reduce((sum, s) => sum + s.cpuMs, 0)) /
        Math.max(
          1,
          steady.reduce((sum, s) => sum + s.wallMs, 0),
        ),
    );
    const statements = steady.reduce((sum, s) => sum + s.statements, 0);
    const time = whereTimeWent(
      cpuBefore,
      cpuAfter,
      steady.reduce((sum, s) => sum + s.cpuMs, 0),
      steadyS * 1000,
      samples[samplesBefore - 1]?.time,
      steady.at(-1)?.time,
    );
    const requests = rec.pushMs.length + pullsSteady;
    // All samples: those of the steady load's last second come during the drain.
    const slowest = slowestSeconds(rec, t, samples, machineEachSecond);
    const announcedBefore = samples[samplesBefore - 1]?.announced ?? {};
    const announced = Object.fromEntries(
      Object.entries(steady.at(-1)?.announced ?? {})
        .map(([page, n]) => [page, Math.round((n - (announcedBefore[page] ?? 0)) / steadyS)])
        .filter(([, perSec]) => perSec !== 0),
    );
    return {
      backend,
      browsers: browsers.length,
      teams: o.teams,
      offeredPerSec: o.rate,
      signInMs: ms(signInMs),
      firstPullMs: ms(firstPullMs),
      steadySeconds: Number(steadyS.toFixed(1)),
      sustainedPerSec: Number((acknowledged / steadyS).toFixed(1)),
      pushes: rec.pushMs.length,
      push: {
        p50Ms: ms(quantile(rec.pushMs, 0.5)),
        p95Ms: ms(quantile(rec.pushMs, 0.95)),
        p99Ms: ms(quantile(rec.pushMs, 0.99)),
      },
      delivery: {
        samples: rec.deliveryMs.length,
        p50Ms: ms(quantile(rec.deliveryMs, 0.5)),
        p95Ms: ms(quantile(rec.deliveryMs, 0.95)),
      },
      pullsPerSec: Math.round(rec.pulls / (steadyS + (performance.now() - drainStart) / 1000)),
      steady: {
        pullsPerSec: Math.round(pullsSteady / steadyS),
        eventPagesPerSec: Math.round(eventPagesSteady / steadyS),
        pushPagesPerSec: Math.round(pushPagesSteady / steadyS),
        pullCauses: Object.fromEntries(rec.pullCauses),
        announcedPerSec: announced,
      },
      errors,
      unfinishedBrowsers: unfinished,
      serverRss: rss,
      serverCpuPercent: cpuPercent,
      statementsPerSec: Math.round(statements / steadyS),
      statementsPerRequest: Number((statements / Math.max(1, requests)).toFixed(1)),
      slowestSeconds: slowest,
      ...time,
    };
  } finally {
    browsers.forEach((b) => b.close());
    await stopServerProcess(child);
  }
}

export async function runSyncLoad(argv: string[], outDir: string) {
  const { only, ...o } = options(argv);
  console.log(
    `Load: ${o.teams} teams × ${o.officers} browsers, ${o.rate} mutations/s offered, ` +
      `${o.durationS} s steady (loopback; server in its own process)` +
      `${o.pushPages ? '' : '; pushes without pages, each followed by a pull'}.`,
  );
  const results: Awaited<ReturnType<typeof measure>>[] = [];
  if (only !== 'pglite') {
    const cluster = await startPostgres({ durable: true });
    try {
      results.push(
        await measure('PostgreSQL', { DATABASE_URL: await cluster.createDatabase() }, o, () =>
          cluster.postmasterPid(),
        ),
      );
    } finally {
      await cluster.stop();
    }
  }
  if (only !== 'postgres') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tanggap-bench-load-'));
    try {
      results.push(await measure('PGlite', { TANGGAP_DATA_DIR: dataDir, DATABASE_URL: '' }, o));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }

  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const errorCount = (r: (typeof results)[number]) =>
    Object.values(r.errors).reduce((a, b) => a + b, 0);
  const rows = [
    [
      'backend',
      'sustained',
      'push p50/p95/p99',
      'delivery p95',
      'errors',
      'server RSS start/peak Q2/peak Q4',
      'CPU',
      'SQL/s (per request)',
    ],
    ...results.map((r) => [
      r.backend,
      `${r.sustainedPerSec}/s of ${r.offeredPerSec}`,
      `${r.push.p50Ms}/${r.push.p95Ms}/${r.push.p99Ms} ms ${verdict(r.push.p99Ms <= TARGETS.pushP99Ms)}`,
      `${r.delivery.p95Ms} ms ${verdict(r.delivery.p95Ms <= TARGETS.deliveryP95Ms)}`,
      `${errorCount(r)} ${verdict(errorCount(r) === TARGETS.errors && r.unfinishedBrowsers === 0)}`,
      `${r.serverRss.startMb}/${r.serverRss.peakSecondQuarterMb}/${r.serverRss.peakLastQuarterMb} MB ${verdict(
        r.serverRss.peakLastQuarterMb - r.serverRss.peakSecondQuarterMb <= TARGETS.rssGrowthMb,
      )}`,
      `${r.serverCpuPercent}%`,
      `${r.statementsPerSec} (${r.statementsPerRequest})`,
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | '));
  for (const r of results) {
    if (errorCount(r) > 0) console.log(`${r.backend} errors:`, r.errors);
  }
  const pct = (x: number | null) => (x === null ? 'n/a' : `${x}%`);
  for (const { backend, cpuPercent: c, perRequestMs: t, ...r } of results) {
    console.log(
      `${backend} CPU (% of one core): browsers ${pct(c.browsers)}, server ${pct(c.server)}, ` +
        `database ${backend === 'PGlite' ? 'in the server' : pct(c.database)}; machine ` +
        `${pct(c.machineOfAllCores)} of its ${c.cores} cores (other work included).`,
    );
    console.log(
      `${backend} while changes came: ${r.steady.pullsPerSec} pulls/s, ` +
        `${r.steady.eventPagesPerSec} events/s and ${r.steady.pushPagesPerSec} push answers/s ` +
        `whose page a browser took without pulling; syncs that pulled, by cause:`,
      Object.entries(r.steady.pullCauses)
        .map(([cause, n]) => `${cause} ${n}`)
        .join(', ') || 'none',
    );
    console.log(
      `${backend} announcements written to streams per second, by their page:`,
      Object.entries(r.steady.announcedPerSec)
        .map(([page, n]) => `${page} ${n}`)
        .join(', ') || 'none',
    );
    console.log(
      `${backend} server memory start → a quarter in → middle → end: RSS ${r.serverRss.startMb} → ` +
        `${r.serverRss.quarterMb} → ${r.serverRss.middleMb} → ${r.serverRss.endMb} MB (peaks: ` +
        `second quarter ${r.serverRss.peakSecondQuarterMb}, last ${r.serverRss.peakLastQuarterMb} MB), ` +
        `of it JavaScript heap in use (start → end) ${r.serverRss.heapUsedStartEndMb.join(' → ')} MB, ` +
        `buffers ${r.serverRss.externalStartEndMb.join(' → ')} MB.`,
    );
    console.log(
      `${backend} time: push ${t.push} ms, pull ${t.pull} ms in the server on average; a ` +
        `database operation waited ${r.perOperationMs.waiting} ms in the line for it (a ` +
        `request's or a stream ping's) and took ${r.perOperationMs.inDatabase} ms in it (the ` +
        `server's own announcements included); ${r.databaseOperationsPerRequest} operations ` +
        `per push or pull.`,
    );
  }
  for (const r of results) {
    console.log(
      `${r.backend} slowest seconds of the steady load:`,
      r.slowestSeconds
        .map(
          (x) =>
            `${x.second} s: ${x.pushes} pushes answered, the slowest after ${x.slowestMs} ms, ` +
            `${x.failures} failures, server CPU ${x.serverCpuPercent ?? 'n/a'}%, machine ` +
            `${x.machinePercent ?? 'n/a'}%, a database operation waited ` +
            `${x.waitingMs ?? 'n/a'} ms in the line`,
        )
        .join('; '),
    );
  }
  console.log(
    `Targets at ${o.rate} mutations/s: push p99 ≤ ${TARGETS.pushP99Ms} ms, delivery p95 ≤ ` +
      `${TARGETS.deliveryP95Ms} ms, 0 errors, server RSS flat (its peak in the last quarter ` +
      `≤ ${TARGETS.rssGrowthMb} MB above its peak in the second).`,
  );
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(
    path.join(outDir, 'bench-sync-load.json'),
    JSON.stringify(
      { date: new Date().toISOString(), options: o, targets: TARGETS, results },
      null,
      2,
    ) + '\n',
  );
}
