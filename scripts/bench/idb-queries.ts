/**
 * Part "idb": 4. IndexedDB at a busy desk's size. 100,000 assignments imported from the
 * popup page; getAssignments(50) and getBacklog timed from that page (message round trip
 * included) and inside the service worker, listDepartments as the messaging baseline.
 */
import { snowflake } from '../x-replica/complaints';
import { HOUR, random } from './data';
import type { Desk } from './desk';
import { timedAsk, timeInWorker } from './extension';
import { fmt, median, ok, p95, round, type Row } from './figures';
import { DB, fail, TARGETS } from './settings';

interface QueryFigures {
  medianMs: number;
  p95Ms: number;
  minMs: number;
  medianMinusMessagingMs: number;
  inWorkerMedianMs: number;
  inWorkerP95Ms: number;
}

type Query = 'listDepartments' | 'getAssignments' | 'backlog' | 'backlogDept';

export interface IndexedDbFigures {
  stored: number;
  importBatches: number[];
  importPerSecond: number;
  importTotalMs: number;
  roundTripIncluded: true;
  queries: Record<Query, QueryFigures>;
  backlogTotalOpen: number | undefined;
  backlogItems: number | undefined;
  backlogDeptTotalOpen: number | undefined;
  busiestDepartment: string | undefined;
  getAssignmentsFoundInLast: number;
}

type Backlog = { totalOpen?: number; items?: unknown[] } | undefined;

export async function measureQueries(desk: Desk, nowMs: number): Promise<IndexedDbFigures> {
  const { all, popup, context, deptIds } = desk;
  const rnd = random(99);
  const pick = () => (all[Math.floor(rnd() * all.length)] as { tweetId: string }).tweetId;
  const unknownId = () => snowflake(nowMs + 3 * HOUR + rnd() * HOUR, Math.floor(rnd() * 4096));
  const idBatch = () =>
    Array.from({ length: DB.idsPerQuery }, (_, k) => (k % 5 === 4 ? unknownId() : pick()));
  const busiest = deptIds[0];
  const queries: Record<Query, () => object> = {
    listDepartments: () => ({}),
    getAssignments: () => ({ ids: idBatch() }),
    backlog: () => ({}),
    backlogDept: () => ({ departmentId: busiest }),
  };
  const names: Record<Query, string> = {
    listDepartments: 'listDepartments',
    getAssignments: 'getAssignments',
    backlog: 'getBacklog',
    backlogDept: 'getBacklog',
  };
  const keys = Object.keys(queries) as Query[];
  // The popup reloads its backlog when assignments change: let it finish before timing.
  await popup.waitForTimeout(1000);
  const samples = {} as Record<Query, number[]>;
  const workerSamples = {} as Record<Query, number[]>;
  const lastValue: Partial<Record<Query, unknown>> = {};
  for (const key of keys) {
    samples[key] = [];
    workerSamples[key] = [];
  }
  // Interleaved, so a slow moment of the machine hits every query alike; 5 warm-up rounds.
  for (let s = -5; s < DB.samples; s++) {
    for (const key of keys) {
      const data = queries[key]();
      const r = await timedAsk(popup, names[key], data);
      if (!r.reply?.ok) fail(`${key}: ${JSON.stringify(r.reply)}`);
      if (s >= 0) samples[key].push(r.ms);
      lastValue[key] = r.reply.value;
      const inWorkerMs = await timeInWorker(context, names[key], data);
      if (s >= 0) workerSamples[key].push(inWorkerMs);
    }
  }
  const q = {} as Record<Query, QueryFigures>;
  const baseMs = median(samples.listDepartments);
  for (const key of keys) {
    const xs = samples[key];
    q[key] = {
      medianMs: round(median(xs), 2),
      p95Ms: round(p95(xs), 2),
      minMs: round(Math.min(...xs), 2),
      medianMinusMessagingMs: round(median(xs) - baseMs, 2),
      inWorkerMedianMs: round(median(workerSamples[key]), 2),
      inWorkerP95Ms: round(p95(workerSamples[key]), 2),
    };
  }
  const backlog = lastValue.backlog as Backlog;
  const stored = all.length;
  return {
    stored,
    importBatches: desk.importMs.map((x) => round(x)),
    importPerSecond: Math.round(stored / (desk.totalImportMs / 1000)),
    importTotalMs: round(desk.totalImportMs),
    roundTripIncluded: true,
    queries: q,
    backlogTotalOpen: backlog?.totalOpen,
    backlogItems: backlog?.items?.length,
    backlogDeptTotalOpen: (lastValue.backlogDept as Backlog)?.totalOpen,
    busiestDepartment: busiest,
    getAssignmentsFoundInLast: Object.keys(lastValue.getAssignments ?? {}).length,
  };
}

export function idbRows(idb: IndexedDbFigures): Row[] {
  const labels: [string, Query][] = [
    ['listDepartments (messaging baseline)', 'listDepartments'],
    [`getAssignments(${DB.idsPerQuery})`, 'getAssignments'],
    ['getBacklog (no filter)', 'backlog'],
    [`getBacklog (${idb.busiestDepartment})`, 'backlogDept'],
  ];
  return [
    [
      `IndexedDB import, ${idb.stored} in ${DB.batches} batches`,
      '',
      `${idb.importPerSecond}/s`,
      `${fmt(idb.importTotalMs / 1000, 1)} s`,
      '',
    ],
    ...labels.map(([label, key]): Row => {
      const x = idb.queries[key];
      return [
        `  ${label}`,
        `round trip: median ${fmt(x.medianMs, 2)} ms, p95 ${fmt(x.p95Ms, 2)} ms`,
        `in the worker: median ${fmt(x.inWorkerMedianMs, 2)} ms, p95 ${fmt(x.inWorkerP95Ms, 2)} ms`,
        '',
        key === 'listDepartments'
          ? ''
          : `median in the worker ≤ ${TARGETS.queryMs} ms: ${ok(x.inWorkerMedianMs <= TARGETS.queryMs)}`,
      ];
    }),
  ];
}

export function idbSummary(idb: IndexedDbFigures): string[] {
  const qa = idb.queries;
  return [
    `IndexedDB, ${idb.stored / 1000}k stored:  in the worker, median (p95): getAssignments(${DB.idsPerQuery}) ${fmt(qa.getAssignments.inWorkerMedianMs, 1)} (${fmt(qa.getAssignments.inWorkerP95Ms, 1)}) ms | backlog ${fmt(qa.backlog.inWorkerMedianMs, 1)} (${fmt(qa.backlog.inWorkerP95Ms, 1)}) ms | backlog of one department ${fmt(qa.backlogDept.inWorkerMedianMs, 1)} (${fmt(qa.backlogDept.inWorkerP95Ms, 1)}) ms (target: median ≤${TARGETS.queryMs} ms); a message round trip adds ${fmt(qa.listDepartments.medianMs - qa.listDepartments.inWorkerMedianMs, 1)} ms | import ${idb.importPerSecond}/s`,
  ];
}
