/**
 * The team-sync benchmark, on loopback, for PGlite (in memory) and PostgreSQL (a throwaway
 * cluster started here):
 *
 * a. initial pull: a new client pulls 10,000 assignments, every page, to the last;
 * b. push throughput: batches of 100 mutations, and one mutation per push;
 * c. propagation: client A pushes an assign, client B (holding /v1/events) hears `changed`
 *    and pulls the change; median and 95th percentile over 120 changes.
 *
 *   npm run bench:sync        (tsx scripts/bench-sync.ts [--only pglite|postgres])
 *
 * With --load it runs the province under load instead (scripts/bench/sync-load.ts):
 *
 *   npm run bench:sync -- --load [--quick] [--teams N --officers N --rate N --duration S]
 *
 * Prints a table with the targets, writes bench-output/bench-sync.json. Exits 0 whatever the
 * figures; non-zero only when it could not measure.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTeam, createUser } from '../server/admin';
import { startServer } from '../server/app';
import { openStore, type Store } from '../server/store';
import { startPostgres } from '../server/test/postgres';
import type { PullResponse, PushedMutation, PushResponse } from '../utils/domain/sync-protocol';
import { DEFAULT_DEPARTMENTS } from '../utils/domain/departments';
import { readChangedCursors } from './bench/changed-events';
import { snowflake, storedAssignment } from './x-replica/complaints';
import { runSyncLoad } from './bench/sync-load';

// The server in this process logs its warnings and errors, not a line per request.
process.env.TANGGAP_LOG_LEVEL ??= 'warn';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ORIGIN = 'chrome-extension://tanggap-bench';
const PASSWORD = 'bench-password-panjang';
const SEED = 10_000;
const PROPAGATIONS = 120;
const TARGET_PULL_MS = 3_000;
const TARGET_P95_MS = 2_000;

if (process.argv.includes('--load')) {
  await runSyncLoad(process.argv.slice(2), path.join(repoRoot, 'bench-output'));
  process.exit(0);
}

const only = process.argv.includes('--only')
  ? process.argv[process.argv.indexOf('--only') + 1]
  : undefined;

class BenchClient {
  token = '';
  cursor = 0;
  readonly clientId = `bench-${randomBytes(6).toString('hex')}`;
  private nextId = 1;
  constructor(readonly url: string) {}

  async call<T>(path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.url + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        Origin: ORIGIN,
        'Content-Type': 'application/json',
        ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  async login(username: string) {
    this.token = (
      await this.call<{ token: string }>('/v1/login', { username, password: PASSWORD })
    ).token;
    return this;
  }
  assign(departmentId: string): PushedMutation {
    const id = snowflake(Date.now(), this.nextId);
    const post = {
      id,
      authorHandle: 'warga_bench',
      authorName: 'Warga',
      text: 'Sampah menumpuk di pinggir jalan',
      createdAt: new Date().toISOString(),
      url: `https://x.com/warga_bench/status/${id}`,
      repostedBy: null,
      focused: false,
      replyTo: [],
      promoted: false,
    };
    return {
      id: this.nextId++,
      name: 'assignPost',
      args: { post, departmentId },
      at: new Date().toISOString(),
    };
  }
  push(mutations: PushedMutation[]) {
    return this.call<PushResponse>('/v1/push', { clientId: this.clientId, mutations });
  }
  async pull(): Promise<PullResponse> {
    const page = await this.call<PullResponse>('/v1/pull', {
      clientId: this.clientId,
      cursor: this.cursor,
    });
    this.cursor = page.cursor;
    return page;
  }
}

/** The `changed` events of a stream, as a queue of waiters. */
async function listen(url: string, token: string) {
  const abort = new AbortController();
  const res = await fetch(`${url}/v1/events`, {
    headers: { Origin: ORIGIN, Authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  const waiters: ((cursor: number) => void)[] = [];
  const arrived: number[] = [];
  readChangedCursors(res.body!, (cursor) => {
    const w = waiters.shift();
    if (w) w(cursor);
    else arrived.push(cursor);
  }).catch(() => {
    // Aborted at the end.
  });
  return {
    next: () =>
      new Promise<number>((resolve) => {
        const c = arrived.shift();
        if (c !== undefined) resolve(c);
        else waiters.push(resolve);
      }),
    drain: () => arrived.splice(0),
    close: () => abort.abort(),
  };
}

/** 10,000 stored assignments written straight into the team's rows, one version each. */
async function seed(store: Store, teamId: string) {
  const now = Date.now();
  const depts = DEFAULT_DEPARTMENTS;
  for (let start = 0; start < SEED; start += 1_000) {
    const batch = Array.from({ length: 1_000 }, (_, k) => {
      const i = start + k;
      const dept = depts[i % depts.length]!;
      const assignedMs = now - (i % 500) * 60_000;
      return storedAssignment({
        id: snowflake(now - i * 1_000, i % 4096),
        handle: `warga${i % 300}`,
        name: `Warga ${i % 300}`,
        text: `Keluhan nomor ${i}: jalan berlubang dan sampah menumpuk di dekat pasar`,
        createdMs: assignedMs - 30 * 60_000,
        departmentId: dept.id,
        by: 'seed',
        assignedMs,
        deadlineMs: assignedMs + dept.slaHours * 3_600_000,
        ...(i % 3 === 0 ? { respondedMs: assignedMs + 3_600_000 } : {}),
      });
    });
    await store.transaction(async (tx) => {
      const [team] = await tx.query<{ version: number }>(
        'SELECT version FROM teams WHERE id = $1 FOR UPDATE',
        [teamId],
      );
      await tx.query(
        `INSERT INTO assignments (team_id, tweet_id, department_id, data, version)
         SELECT $1, x->>'tweetId', x->>'departmentId', x, $3 + t.ord
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(x, ord)`,
        [teamId, JSON.stringify(batch), team!.version],
      );
      await tx.query('UPDATE teams SET version = version + $2 WHERE id = $1', [
        teamId,
        batch.length,
      ]);
    });
  }
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function measure(backend: 'PGlite' | 'PostgreSQL', store: Store) {
  const team = await createTeam(store, { name: 'Kota Bench' });
  for (const [username, role] of [
    ['bench-admin', 'admin'],
    ['bench-a', 'triage'],
    ['bench-b', 'triage'],
    ['bench-new', 'triage'],
  ] as const) {
    await createUser(store, { teamId: team.id, username, password: PASSWORD, role });
  }
  // The bench measures the server, not the per-user limit on changes.
  const server = await startServer({ store, userLimits: { changesPerMinute: 1_000_000 } });
  try {
    let t = performance.now();
    await seed(store, team.id);
    const seedMs = performance.now() - t;

    // (a) a new client pulls everything.
    const fresh = await new BenchClient(server.url).login('bench-new');
    t = performance.now();
    let received = 0;
    let pages = 0;
    for (;;) {
      const page = await fresh.pull();
      received += page.assignments.length;
      pages += 1;
      if (!page.more) break;
    }
    const initialPullMs = performance.now() - t;
    if (received !== SEED) throw new Error(`pulled ${received} of ${SEED}`);

    // (b) push throughput.
    const a = await new BenchClient(server.url).login('bench-a');
    t = performance.now();
    for (let b = 0; b < 10; b += 1) {
      await a.push(
        Array.from({ length: 100 }, (_, i) => a.assign(DEFAULT_DEPARTMENTS[i % 16]!.id)),
      );
    }
    const batchedPerSec = 1_000 / ((performance.now() - t) / 1000);
    t = performance.now();
    for (let i = 0; i < 200; i += 1) await a.push([a.assign('dlh')]);
    const singlePerSec = 200 / ((performance.now() - t) / 1000);

    // (c) propagation: push by A → `changed` on B's stream → B's pull brings the item.
    const b = await new BenchClient(server.url).login('bench-b');
    while ((await b.pull()).more);
    const events = await listen(server.url, b.token);
    await new Promise((r) => setTimeout(r, 100));
    events.drain();
    const samples: number[] = [];
    for (let i = 0; i < PROPAGATIONS; i += 1) {
      const m = a.assign('dishub');
      const id = (m.args as { post: { id: string } }).post.id;
      t = performance.now();
      await a.push([m]);
      for (;;) {
        // A lost event would show as a 5 s sample, not as a benchmark that never ends.
        await Promise.race([events.next(), new Promise((r) => setTimeout(r, 5_000))]);
        const page = await b.pull();
        if (page.assignments.some((x) => x.tweetId === id)) break;
      }
      samples.push(performance.now() - t);
    }
    events.close();
    samples.sort((x, y) => x - y);
    return {
      backend,
      seedMs: Math.round(seedMs),
      initialPull: { assignments: received, pages, ms: Math.round(initialPullMs) },
      push: { batch100PerSec: Math.round(batchedPerSec), singlePerSec: Math.round(singlePerSec) },
      propagation: {
        samples: samples.length,
        medianMs: Number(quantile(samples, 0.5).toFixed(1)),
        p95Ms: Number(quantile(samples, 0.95).toFixed(1)),
      },
    };
  } finally {
    await server.close();
  }
}

const results = [];
if (only !== 'postgres') {
  // In a data folder, as `npm run server` runs it, not in memory.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tanggap-bench-pglite-'));
  const store = await openStore({ dataDir });
  try {
    results.push(await measure('PGlite', store));
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
if (only !== 'pglite') {
  const cluster = await startPostgres({ durable: true });
  try {
    const store = await openStore({ databaseUrl: await cluster.createDatabase() });
    try {
      results.push(await measure('PostgreSQL', store));
    } finally {
      await store.close();
    }
  } finally {
    await cluster.stop();
  }
}

const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
const rows = [
  [
    'backend',
    'initial pull 10k',
    'push ×100 batches',
    'push 1 at a time',
    'propagation median',
    'propagation p95',
  ],
  ...results.map((r) => [
    r.backend,
    `${r.initialPull.ms} ms (${r.initialPull.pages} pages) ${verdict(r.initialPull.ms <= TARGET_PULL_MS)}`,
    `${r.push.batch100PerSec} mutations/s`,
    `${r.push.singlePerSec} mutations/s`,
    `${r.propagation.medianMs} ms`,
    `${r.propagation.p95Ms} ms ${verdict(r.propagation.p95Ms <= TARGET_P95_MS)}`,
  ]),
];
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | '));
console.log(
  `Targets: initial pull of ${SEED} ≤ ${TARGET_PULL_MS} ms; propagation p95 ≤ ${TARGET_P95_MS} ms (loopback).`,
);

const outDir = path.join(repoRoot, 'bench-output');
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(
  path.join(outDir, 'bench-sync.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      targets: { initialPullMs: TARGET_PULL_MS, propagationP95Ms: TARGET_P95_MS },
      results,
    },
    null,
    2,
  ) + '\n',
);
