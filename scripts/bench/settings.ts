/**
 * The bench's command line, sizes, targets and paths, shared by its parts.
 */
import path from 'node:path';

export const PARTS = ['page', 'idb', 'report', 'backup', 'keywords'] as const;
export type Part = (typeof PARTS)[number];

const args = process.argv.slice(2);
export const quick = args.includes('--quick');
export const ROUNDS = Number(argValue('--rounds') ?? (quick ? 1 : 3));
/** The parts named on the command line, in the bench's order; all when none is named. */
export const chosen: Part[] = choose();

/** Page work (1) and latency (2). */
export const STREAM = { total: 2000, chunks: 10, perFrame: 10, keep: 100, settleFrames: 5 };
/**
 * The page runs' three profiles: X's page alone; with the floor (a page script that puts an
 * empty element of the annotation's size in its place, under each author row, see
 * installFloor); with the extension.
 */
export type Variant = 'without' | 'floor' | 'with';
export const VARIANTS: Variant[] = ['without', 'floor', 'with'];
/**
 * The content script's own time (1b): traced runs of arriving posts, after an untraced one,
 * each traced until the content script's reports of it were sent (`settleMs`: its report
 * timer's second, and a little more).
 */
export const OWN_TIME = { runs: quick ? 1 : 3, posts: 300, settleMs: 1200 };
/** Memory (3). */
export const POOL = {
  cells: 15,
  perFrame: 10,
  checkpoints: quick ? [1000, 2000] : [1000, 5000, 10000],
};
/** IndexedDB (4). */
export const DB = { batches: quick ? 4 : 20, batchSize: 5000, samples: 50, idsPerQuery: 50 };
/**
 * msPerPost: keyword matching's own bound. beyondFloorMsPerPost: what the extension adds to a
 * post beyond the floor (one empty line-high element under each author row, where the
 * annotation stands: the least any annotation there costs X's page); percent: the page's main
 * thread in total.
 */
export const TARGETS = {
  msPerPost: 0.05,
  beyondFloorMsPerPost: 0.15,
  percent: 10,
  frames: 2,
  queryMs: 10,
};
/** A post in the page world's index space: warm-up, stream and pool posts never share ids. */
export const INDEX = { warmup: 0, stream: 100, pool: 100_000 };
/** Every third post of the page runs is assigned, like a desk that has triaged a third. */
export const ASSIGNED_EVERY = 3;
/** Whole-run guard: a hung browser must not hang CI (a full run with its restore of 100k fits). */
export const DEADLINE_MS = 20 * 60_000;

const repoRoot = path.resolve(import.meta.dirname, '../..');
export const extensionDir = path.join(
  repoRoot,
  process.env.TANGGAP_OUT_DIR ?? '.output',
  'chrome-mv3',
);
export const outDir = path.join(repoRoot, 'bench-output');
export const HOME = 'https://x.com/home';

function argValue(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function choose(): Part[] {
  const named = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--rounds');
  const unknown = named.filter((a) => !PARTS.includes(a as Part));
  if (unknown.length) {
    fail(`unknown part ${unknown.join(', ')}: the parts are ${PARTS.join(', ')}`);
  }
  return named.length ? PARTS.filter((p) => named.includes(p)) : [...PARTS];
}

export function fail(message: string): never {
  console.error(`bench: could not measure: ${message}`);
  process.exit(1);
}

export const log = (s: string) => console.log(`bench: ${s}`);
