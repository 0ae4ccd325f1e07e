/**
 * The benchmark: what the built extension costs X's page, in real (headless) Chromium, on
 * the offline X replica, and what its stores cost at a busy desk's size. Figures are compared
 * with a baseline measured in the same run.
 *
 *   npm run bench                        (wxt build && tsx scripts/bench/index.ts)
 *   npm run bench -- [part…] [--rounds 3] [--quick]
 *   tsx scripts/bench/index.ts [part…] [--rounds 3] [--quick]
 *
 * The parts, each in its own module; without a part named, all of them run, in this order:
 *
 *   page      page-cost.ts: 1. page work of 2,000 arriving posts, without the extension, with
 *             the floor and with the extension; 2. time to annotation, in frames; 3. memory
 *             while 10,000 posts pass through 15 re-used cells
 *   idb       idb-queries.ts: 4. IndexedDB with 100,000 assignments: import, getAssignments,
 *             getBacklog, from the popup page and inside the service worker
 *   report    report.ts: the report page's month with those 100,000, against reading alone
 *   backup    backup.ts: a backup of those 100,000 from the options page, and its restore
 *   keywords  keywords.ts: 5. keyword matching on a typical post, in Node (no browser)
 *
 * e.g. `npm run bench -- keywords` or `npm run bench -- idb backup --quick`. `--quick` stores
 * 20,000 assignments and runs fewer posts, for a look at the figures, not for the README.
 *
 * Prints a table and a summary of the parts run, writes bench-output/bench.json. It is not a
 * test: it exits 0 whatever the figures, and non-zero only when it could not measure.
 * Everything is offline: x.com is served by context.route and every other request is refused.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findChromium } from '../chromium';
import { backupRows, backupSummary, type BackupFigures, measureBackup } from './backup';
import { basePosts } from './data';
import { openDesk } from './desk';
import { round, type Row } from './figures';
import { idbRows, idbSummary, type IndexedDbFigures, measureQueries } from './idb-queries';
import { keywordRows, keywordSummary, type KeywordFigures, measureKeywords } from './keywords';
import { measurePageCost, type PageCost, pageRows, pageSummary } from './page-cost';
import { measureReport, type ReportFigures, reportRows, reportSummary } from './report';
import {
  chosen,
  DB,
  DEADLINE_MS,
  extensionDir,
  fail,
  outDir,
  POOL,
  ROUNDS,
  STREAM,
  TARGETS,
} from './settings';

type Results = {
  chromium: string;
  date: string;
  cores: number;
  config: object;
  targets: typeof TARGETS;
  totalSeconds?: number;
  keywordMatching?: KeywordFigures;
  backup?: BackupFigures;
  indexedDb?: IndexedDbFigures;
  report?: ReportFigures;
} & Partial<PageCost>;

const guard = setTimeout(
  () => fail(`still running after ${DEADLINE_MS / 60_000} min`),
  DEADLINE_MS,
);
guard.unref();

const started = Date.now();
const inBrowser = chosen.some((part) => part !== 'keywords');
let chromiumVersion = 'not started';
if (inBrowser) {
  try {
    findChromium();
  } catch (error) {
    fail((error as Error).message);
  }
  if (!fs.existsSync(path.join(extensionDir, 'manifest.json'))) {
    fail(
      `no built extension in ${extensionDir}: run \`npx wxt build\` first (or \`npm run bench\`)`,
    );
  }
  chromiumVersion = execFileSync(findChromium(), ['--version'], { encoding: 'utf8' })
    .trim()
    .replace(/^Chromium\s+/, '');
}

const nowMs = Date.now();
const base = basePosts(nowMs);
const results: Results = {
  chromium: chromiumVersion,
  date: new Date(nowMs).toISOString(),
  cores: os.cpus().length,
  config: { STREAM, POOL, DB, ROUNDS },
  targets: TARGETS,
};

if (chosen.includes('page')) Object.assign(results, await measurePageCost(nowMs, base));

if (chosen.includes('idb') || chosen.includes('report') || chosen.includes('backup')) {
  const desk = await openDesk(nowMs, base);
  try {
    // Measured before the backup, which replaces everything stored.
    const indexedDb = chosen.includes('idb') ? await measureQueries(desk, nowMs) : undefined;
    if (chosen.includes('report')) results.report = await measureReport(desk, nowMs);
    if (chosen.includes('backup')) results.backup = await measureBackup(desk);
    if (indexedDb) results.indexedDb = indexedDb;
  } finally {
    await desk.context.close().catch(() => {});
  }
}

if (chosen.includes('keywords')) results.keywordMatching = measureKeywords();

// ---------------------------------------------------------------------------------------
// Report

results.totalSeconds = round((Date.now() - started) / 1000);
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'bench.json'), JSON.stringify(results, null, 2) + '\n');

const { pageWork, latency, memory, indexedDb, report, backup, keywordMatching } = results;
const page = pageWork && latency && memory ? { pageWork, latency, memory } : undefined;
const rows: Row[] = [
  ['figure', 'without', 'with', 'difference', 'target'],
  ...(page ? pageRows(page) : []),
  ...(indexedDb ? idbRows(indexedDb) : []),
  ...(report ? reportRows(report) : []),
  ...(backup ? backupRows(backup) : []),
  ...(keywordMatching ? keywordRows(keywordMatching) : []),
];
const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => String(r[c]).length))) ?? [];
console.log('');
for (const [i, r] of rows.entries()) {
  console.log(r.map((cell, c) => String(cell).padEnd(widths[c] ?? 0)).join(' | '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
}
const summary = [
  `Tanggap benchmark (Chromium ${chromiumVersion}, ${results.date.slice(0, 16).replace('T', ' ')} UTC, ${results.cores} cores, ${results.totalSeconds} s)`,
  ...(page ? pageSummary(page) : []),
  ...(indexedDb ? idbSummary(indexedDb) : []),
  ...(report ? reportSummary(report) : []),
  ...(backup ? backupSummary(backup) : []),
  ...(keywordMatching ? keywordSummary(keywordMatching) : []),
  `written: ${path.relative(process.cwd(), path.join(outDir, 'bench.json'))}`,
];
console.log(`\n${summary.join('\n')}`);
process.exit(0);
