/**
 * The sync server under test in the load benchmark, in a process of its own so that the
 * clients' work does not slow its event loop. Started by `sync-load.ts` with an IPC channel:
 * it creates the teams and officers, serves, reports its memory and CPU every second, and
 * stops when told.
 *
 *   argv: <teams> <officers per team> <password>; DATABASE_URL or TANGGAP_DATA_DIR as the
 *   server reads them.
 */
import { createTeam, createUser } from '../../server/admin';
import { startServer } from '../../server/app';
import { useTestScryptCost } from '../../server/auth';
import { changedEvents, databaseDuration, databaseWait, httpRequests } from '../../server/metrics';
import { openStore } from '../../server/store';
import { counting } from '../../server/test/counting-store';

export interface LoadServerReady {
  kind: 'ready';
  url: string;
  /** Each team's officers' user names. */
  teams: string[][];
}
export interface LoadServerSample {
  kind: 'sample';
  rssMb: number;
  /** Of it, the JavaScript heap in use, and memory outside it (buffers, native). */
  heapUsedMb: number;
  externalMb: number;
  /** CPU time used since the last sample, and the time since it, in ms. */
  cpuMs: number;
  wallMs: number;
  /** SQL statements the server sent since the last sample (transactions' own included). */
  statements: number;
  /** Totals since the start, in ms: where the requests' time went. */
  time: TimeTotals;
  /** Change announcements written to streams since the start, by their page (/metrics). */
  announced: Record<string, number>;
}

/** Sums (ms) and counts since the server started, from its `/metrics` histograms. */
export interface TimeTotals {
  /**
   * Operations of requests waiting in the line for the database (admission), and their count:
   * pushes', pulls', and the event streams' pings (they check the login).
   */
  waitMs: number;
  admitted: number;
  /** Holding a database slot: a query, or a transaction as a whole (the server's own too). */
  databaseMs: number;
  databaseOperations: number;
  /** Answering push and pull requests, from arrival to answer. */
  pushMs: number;
  pushes: number;
  pullMs: number;
  pulls: number;
}

async function timeTotals(): Promise<TimeTotals> {
  const sumCount = async (
    metric: {
      get(): Promise<{
        values: { value: number; labels: Record<string, unknown>; metricName?: string }[];
      }>;
    },
    match: (labels: Record<string, unknown>) => boolean = () => true,
  ) => {
    let sum = 0;
    let count = 0;
    for (const v of (await metric.get()).values) {
      if (!match(v.labels)) continue;
      if (v.metricName?.endsWith('_sum')) sum += v.value;
      if (v.metricName?.endsWith('_count')) count += v.value;
    }
    return { ms: sum * 1000, count };
  };
  const wait = await sumCount(databaseWait, (l) => l.for === 'request');
  const database = await sumCount(databaseDuration);
  const push = await sumCount(httpRequests, (l) => l.route === '/v1/push');
  const pull = await sumCount(httpRequests, (l) => l.route === '/v1/pull');
  return {
    waitMs: wait.ms,
    admitted: wait.count,
    databaseMs: database.ms,
    databaseOperations: database.count,
    pushMs: push.ms,
    pushes: push.count,
    pullMs: pull.ms,
    pulls: pull.count,
  };
}

const [teamCount, officerCount, password] = process.argv.slice(2);
// Hashing 700 passwords at the server's real cost takes minutes; logins are not measured.
useTestScryptCost();
const databaseUrl = process.env.DATABASE_URL;
const store = await openStore(
  databaseUrl ? { databaseUrl } : { dataDir: process.env.TANGGAP_DATA_DIR! },
);
const teams: string[][] = [];
for (let t = 0; t < Number(teamCount); t += 1) {
  const team = await createTeam(store, { name: `Kota ${t + 1}` });
  const users: string[] = [];
  for (let o = 0; o < Number(officerCount); o += 1) {
    const username = `t${t + 1}-o${o + 1}`;
    await createUser(store, {
      teamId: team.id,
      username,
      password: password!,
      role: o === 0 ? 'admin' : 'triage',
    });
    users.push(username);
  }
  teams.push(users);
}
// Each transaction also costs its BEGIN and COMMIT.
const { store: counted, sent: statementsSent } = counting(store);
const server = await startServer({ store: counted });
process.send!({ kind: 'ready', url: server.url, teams } satisfies LoadServerReady);

let cpu = process.cpuUsage();
let sampledAt = performance.now();
const sample = async () => {
  const time = await timeTotals();
  const memory = process.memoryUsage();
  const used = process.cpuUsage(cpu);
  cpu = process.cpuUsage();
  const wallMs = performance.now() - sampledAt;
  const statements = statementsSent.statements;
  statementsSent.statements = 0;
  sampledAt = performance.now();
  process.send!({
    kind: 'sample',
    rssMb: Math.round(memory.rss / 2 ** 20),
    heapUsedMb: Math.round(memory.heapUsed / 2 ** 20),
    // `external` already holds the array buffers.
    externalMb: Math.round(memory.external / 2 ** 20),
    cpuMs: Math.round((used.user + used.system) / 1000),
    wallMs: Math.round(wallMs),
    statements,
    time,
    announced: Object.fromEntries(
      (await changedEvents.get()).values.map((v) => [String(v.labels.page), v.value]),
    ),
  } satisfies LoadServerSample);
};
const sampler = setInterval(() => void sample(), 1_000);

process.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(sampler);
  void server
    .close()
    .then(() => store.close())
    .then(() => process.exit(0));
});
