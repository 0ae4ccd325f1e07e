/**
 * Part "page": what the extension costs X's page, against X's page alone, in the same run.
 *
 * 1. page work: 2,000 real-markup posts (renderPost's cells) arrive, 10 per animation frame,
 *    at the bottom of a timeline that keeps its last 100 cells; main-thread time from CDP
 *    (Performance.getMetrics) in three profiles: without the extension, with the floor (an
 *    empty element of the annotation's size in the annotation's place, on a line of its own
 *    under each author row, put by a page script) and with the extension.
 *    The three take turns every 200 posts, so a shared machine's drift hits them alike.
 * 2. time to annotation, in frames, measured in the page's own world during the same runs.
 * 3. memory: 15 re-used cells while 10,000 posts pass through; heap after GC at 1k/5k/10k.
 * 1b. the content script's own time: its callbacks in a DevTools trace of arriving posts, a
 *    figure measured directly rather than as the difference of two totals that move by ten
 *    per cent from run to run on a shared machine.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { extensionIdOf, launchWithExtension } from '../chromium';
import { snowflake } from '../x-replica/complaints';
import { fillPost, themedTemplates } from '../x-replica/post-template';
import { routeXReplica } from '../x-replica/serve';
import { pageSource } from '../page-source';
import { type BasePost, benchSpec, HOUR, pageAssignments, random } from './data';
import { ask, departmentIds, openPopup } from './extension';
import {
  bootstrapInterval,
  boundVerdict,
  fmt,
  type Interval,
  median,
  ok,
  p95,
  quantile,
  round,
  signed,
  type Row,
} from './figures';
import { traceScriptTime } from './main-thread-trace';
import { type DriverData, installDriverIn, installFloorIn, type PageBench } from './page-driver';
import {
  extensionDir,
  fail,
  HOME,
  INDEX,
  log,
  OWN_TIME,
  POOL,
  ROUNDS,
  STREAM,
  TARGETS,
  type Variant,
  VARIANTS,
} from './settings';

interface Work {
  taskMs: number;
  scriptMs: number;
  styleLayoutMs: number;
  threadCpuMs: number;
}

export interface PageCost {
  pageWork: {
    posts: number;
    chunks: number;
    totalMs: Record<Variant, Work>;
    addedPercent: number;
    /** 90 % bootstrap interval of addedPercent over the turns (see turnIntervals). */
    addedPercentInterval: Interval;
    addedMsPerPost: number;
    addedScriptMsPerPost: number;
    addedStyleLayoutMsPerPost: number;
    addedThreadCpuPercent: number;
    floorPercent: number;
    floorMsPerPost: number;
    beyondFloorMsPerPost: number;
    beyondFloorInterval: Interval;
    chunkPercent: Record<'with' | 'floor', { q1: number; median: number; q3: number }>;
    roundPercent: { floor: number; with: number }[];
    /** Per post, against the page without an element: the floor, the extension, and between. */
    split: Record<'floor' | 'with' | 'beyondFloor', Split>;
    contentScript: ContentScriptTime;
  };
  latency: {
    posts: number;
    medianFrames: number;
    p95Frames: number;
    maxFrames: number;
    neverAnnotated: number;
    withinTargetPercent: number;
    histogram: Record<string, number>;
  };
  memory: {
    without: MemoryRun;
    with: MemoryRun;
    growthKB: { with: number; without: number };
    extensionKB: { posts: number; heapKB: number; nodes: number }[];
    extensionGrowthKB: number;
    flat: boolean;
  };
}

/**
 * Where a profile's added time goes, in ms per post: script, style and layout, the rest of the
 * main thread's tasks (pre-paint, paint, compositing, HTML parsing, GC), and its CPU time
 * (ThreadTime: unlike the others, not stretched by a busy machine's other processes).
 */
export interface Split {
  script: number;
  styleLayout: number;
  rest: number;
  cpu: number;
}

/** The content script's own callbacks, from traces of arriving posts (measure 1b). */
export interface ContentScriptTime {
  posts: number;
  msPerPost: number;
  /** Of the page's main-thread time in the same traces. */
  percentOfPage: number;
  /** Each traced run's ms per post. */
  runs: number[];
}

interface MemoryRun {
  points: { posts: number; heapUsedKB: number; nodes: number; listeners: number }[];
  annotatedPercent: number | undefined;
}

type PageRun = { page: Page; cdp: CDPSession };

/** One turn of the page runs: each profile's main-thread time for the same posts, in ms. */
export type Turn = Record<Variant, number>;

/**
 * How far the page runs' two verdicts can be trusted within this run: 90 % bootstrap intervals
 * of the page's added per cent and of the cost beyond the floor, over the turns. A turn's three
 * profiles ran side by side in time, so a turn is resampled whole; the same turns give the
 * same intervals. Whole runs differ by more (the README's figures): the interval is the least
 * of the uncertainty, not all of it.
 */
export function turnIntervals(
  turns: Turn[],
  postsPerTurn: number,
): { addedPercent: Interval; beyondFloorMsPerPost: Interval } {
  const total = (ts: readonly Turn[], v: Variant) => ts.reduce((sum, t) => sum + t[v], 0);
  const rounded = ({ low, high }: Interval) => ({ low: round(low, 4), high: round(high, 4) });
  return {
    addedPercent: rounded(
      bootstrapInterval(
        turns,
        (ts) => (100 * (total(ts, 'with') - total(ts, 'without'))) / total(ts, 'without'),
        random(1),
      ),
    ),
    beyondFloorMsPerPost: rounded(
      bootstrapInterval(
        turns,
        (ts) => (total(ts, 'with') - total(ts, 'floor')) / (ts.length * postsPerTurn),
        random(2),
      ),
    ),
  };
}

const noWork = (): Work => ({ taskMs: 0, scriptMs: 0, styleLayoutMs: 0, threadCpuMs: 0 });
function addWork(sum: Work, more: Work) {
  for (const k of Object.keys(sum) as (keyof Work)[]) sum[k] += more[k];
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const m: Record<string, number> = {};
  for (const { name, value } of list) m[name] = value;
  return m;
}

/** The driver's API, inside `evaluate`. */
type BenchWindow = { __bench: PageBench };

/** A fresh x.com replica page with the driver installed. */
async function openXPage(context: BrowserContext, driverData: DriverData): Promise<PageRun> {
  const page = await context.newPage();
  await page.goto(HOME);
  await installDriverIn(page, driverData);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

/**
 * Warm-up: with the extension, until a first post is annotated (the service worker is up and
 * the departments are loaded); then the same idle second in both profiles.
 */
async function warmUp(page: Page, withExt: boolean) {
  const ms = await page.evaluate(
    ([i, t]) => (window as unknown as BenchWindow).__bench.warmup(i, t),
    [INDEX.warmup, withExt ? 20_000 : 0] as const,
  );
  if (withExt && ms < 0) fail('no annotation on the warm-up post within 20 s');
  await page.waitForTimeout(1000);
}

/**
 * 1b: posts arrive as in the page runs, in a page of the extension's profile, each run of
 * `OWN_TIME.posts` traced on its own after a first untraced one, until what the run made the
 * content script report has been sent.
 */
async function measureContentScriptTime(
  context: BrowserContext,
  driverData: DriverData,
): Promise<ContentScriptTime> {
  const urlPrefix = `chrome-extension://${await extensionIdOf(context)}/`;
  const { page, cdp } = await openXPage(context, driverData);
  try {
    await warmUp(page, true);
    const stream = (count: number, restart: boolean) =>
      page.evaluate((o) => (window as unknown as BenchWindow).__bench.streamChunk(o), {
        first: INDEX.stream,
        count,
        ...STREAM,
        restart,
      });
    await stream(OWN_TIME.posts, true);
    await page.waitForTimeout(OWN_TIME.settleMs);
    let scriptMs = 0;
    let taskMs = 0;
    const runs: number[] = [];
    for (let run = 0; run < OWN_TIME.runs; run++) {
      const time = await traceScriptTime(cdp, urlPrefix, async () => {
        await stream(OWN_TIME.posts, false);
        await page.waitForTimeout(OWN_TIME.settleMs);
      });
      scriptMs += time.scriptMs;
      taskMs += time.taskMs;
      runs.push(round(time.scriptMs / OWN_TIME.posts, 4));
    }
    const posts = OWN_TIME.posts * OWN_TIME.runs;
    return {
      posts,
      msPerPost: round(scriptMs / posts, 4),
      percentOfPage: round((100 * scriptMs) / taskMs, 2),
      runs,
    };
  } finally {
    await page.close();
  }
}

/** Measures 1, 1b, 2 and 3 in three fresh browser profiles. */
export async function measurePageCost(nowMs: number, base: BasePost[]): Promise<PageCost> {
  const startId = snowflake(nowMs - 48 * HOUR, 0);
  const driverData: DriverData = {
    fillSrc: pageSource(fillPost),
    specSrc: pageSource(benchSpec),
    templates: themedTemplates('dark'),
    base,
    startId,
    nowMs,
  };

  // --- 1 + 2: page work and time to annotation ----------------------------------------------

  const withCtx = await launchWithExtension({ extensionDir });
  const withoutCtx = await launchWithExtension({});
  const floorCtx = await launchWithExtension({});
  const contexts: Record<Variant, BrowserContext> = {
    without: withoutCtx,
    floor: floorCtx,
    with: withCtx,
  };
  try {
    for (const context of Object.values(contexts)) {
      await routeXReplica(context, { posts: [], nowMs });
    }

    // A third of the posts of the page runs are assigned, from the popup, before any X tab.
    const popup = await openPopup(withCtx);
    const deptIds = await departmentIds(popup);
    if (!deptIds.length) fail('the background lists no departments');
    const indices: number[] = [];
    for (let i = 0; i < STREAM.total; i++) indices.push(INDEX.stream + i);
    const last = POOL.checkpoints.at(-1) ?? 0;
    for (let i = 0; i < last + POOL.cells; i++) indices.push(INDEX.pool + i);
    const seeded = pageAssignments(base, startId, nowMs, deptIds, indices);
    await ask(popup, 'importAssignments', { assignments: seeded });
    await popup.close();
    log(`page runs: ${seeded.length} of their posts assigned`);

    const perChunk = STREAM.total / STREAM.chunks;
    const total: Record<Variant, Work> = { without: noWork(), floor: noWork(), with: noWork() };
    /** Each chunk's work against the `without` chunk next to it in time, in per cent. */
    const chunkPercent: Record<'floor' | 'with', number[]> = { floor: [], with: [] };
    const turns: Turn[] = [];
    const roundPercent: { floor: number; with: number }[] = [];
    const latencies: number[] = [];
    let never = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const pages = {} as Record<Variant, PageRun>;
      for (const variant of VARIANTS) {
        pages[variant] = await openXPage(contexts[variant], driverData);
        if (variant === 'floor') await installFloorIn(pages[variant].page);
        await warmUp(pages[variant].page, variant === 'with');
      }
      const sums: Record<Variant, Work> = { without: noWork(), floor: noWork(), with: noWork() };
      for (let c = 0; c < STREAM.chunks; c++) {
        // Every variant takes every place in the order in turn, so none is always first.
        const shift = (c + round) % VARIANTS.length;
        const order = [...VARIANTS.slice(shift), ...VARIANTS.slice(0, shift)];
        const work = {} as Record<Variant, Work>;
        for (const variant of order) {
          const { page, cdp } = pages[variant];
          const before = await metrics(cdp);
          const r = await page.evaluate(
            (o) => (window as unknown as BenchWindow).__bench.streamChunk(o),
            { first: INDEX.stream, count: perChunk, ...STREAM, restart: c === 0 },
          );
          const after = await metrics(cdp);
          const d = (k: string) => ((after[k] ?? NaN) - (before[k] ?? NaN)) * 1000;
          work[variant] = {
            taskMs: d('TaskDuration'),
            scriptMs: d('ScriptDuration'),
            styleLayoutMs: d('RecalcStyleDuration') + d('LayoutDuration'),
            threadCpuMs: d('ThreadTime'),
          };
          addWork(sums[variant], work[variant]);
          if (variant === 'with') {
            latencies.push(...r.latencies);
            never += r.unannotated;
          }
        }
        turns.push({
          without: work.without.taskMs,
          floor: work.floor.taskMs,
          with: work.with.taskMs,
        });
        const base0 = work.without.taskMs;
        for (const v of ['floor', 'with'] as const) {
          chunkPercent[v].push((100 * (work[v].taskMs - base0)) / base0);
        }
      }
      for (const variant of VARIANTS) addWork(total[variant], sums[variant]);
      const pct = (v: Variant) =>
        (100 * (sums[v].taskMs - sums.without.taskMs)) / sums.without.taskMs;
      roundPercent.push({ floor: pct('floor'), with: pct('with') });
      log(
        `round ${round + 1}: task without ${fmt(sums.without.taskMs, 0)} ms, floor ${fmt(sums.floor.taskMs, 0)} ms, ` +
          `with ${fmt(sums.with.taskMs, 0)} ms (${signed(pct('with'))} %)`,
      );
      for (const { page } of Object.values(pages)) await page.close();
    }

    // --- 1b: the content script's own time --------------------------------------------------

    const contentScript = await measureContentScriptTime(withCtx, driverData);
    log(
      `content script's own time: ${fmt(contentScript.msPerPost, 3)} ms per post ` +
        `(runs ${contentScript.runs.map((x) => fmt(x, 3)).join(' / ')})`,
    );

    const posts = STREAM.total * ROUNDS;
    const perPost = (v: Variant, k: keyof Work = 'taskMs') =>
      (total[v][k] - total.without[k]) / posts;
    const percent = (v: Variant) =>
      (100 * (total[v].taskMs - total.without.taskMs)) / total.without.taskMs;
    const expected = latencies.length + never;
    const within = latencies.filter((f) => f <= TARGETS.frames).length;
    const quartiles = (xs: number[]) => ({
      q1: round(quantile(xs, 0.25)),
      median: round(median(xs)),
      q3: round(quantile(xs, 0.75)),
    });
    const restOf = (w: Work) => w.taskMs - w.scriptMs - w.styleLayoutMs;
    const splitOf = (v: 'floor' | 'with'): Split => ({
      script: perPost(v, 'scriptMs'),
      styleLayout: perPost(v, 'styleLayoutMs'),
      rest: (restOf(total[v]) - restOf(total.without)) / posts,
      cpu: perPost(v, 'threadCpuMs'),
    });
    const intervals = turnIntervals(turns, perChunk);
    const floorSplit = splitOf('floor');
    const withSplit = splitOf('with');
    const rounded = (x: Split): Split => ({
      script: round(x.script, 4),
      styleLayout: round(x.styleLayout, 4),
      rest: round(x.rest, 4),
      cpu: round(x.cpu, 4),
    });
    const pageWork: PageCost['pageWork'] = {
      posts,
      chunks: STREAM.chunks * ROUNDS,
      totalMs: total,
      addedPercent: round(percent('with'), 2),
      addedPercentInterval: intervals.addedPercent,
      addedMsPerPost: round(perPost('with'), 4),
      addedScriptMsPerPost: round(perPost('with', 'scriptMs'), 4),
      addedStyleLayoutMsPerPost: round(perPost('with', 'styleLayoutMs'), 4),
      addedThreadCpuPercent: round(
        (100 * (total.with.threadCpuMs - total.without.threadCpuMs)) / total.without.threadCpuMs,
        2,
      ),
      floorPercent: round(percent('floor'), 2),
      floorMsPerPost: round(perPost('floor'), 4),
      beyondFloorMsPerPost: round(perPost('with') - perPost('floor'), 4),
      beyondFloorInterval: intervals.beyondFloorMsPerPost,
      chunkPercent: { with: quartiles(chunkPercent.with), floor: quartiles(chunkPercent.floor) },
      roundPercent: roundPercent.map((r) => ({ floor: round(r.floor), with: round(r.with) })),
      split: {
        floor: rounded(floorSplit),
        with: rounded(withSplit),
        beyondFloor: rounded({
          script: withSplit.script - floorSplit.script,
          styleLayout: withSplit.styleLayout - floorSplit.styleLayout,
          rest: withSplit.rest - floorSplit.rest,
          cpu: withSplit.cpu - floorSplit.cpu,
        }),
      },
      contentScript,
    };
    const latency: PageCost['latency'] = {
      posts: expected,
      medianFrames: median(latencies),
      p95Frames: p95(latencies),
      maxFrames: latencies.length ? Math.max(...latencies) : NaN,
      neverAnnotated: never,
      withinTargetPercent: round((100 * within) / expected, 2),
      histogram: Object.fromEntries(
        [...new Set(latencies)]
          .sort((x, y) => x - y)
          .map((f) => [f, latencies.filter((x) => x === f).length]),
      ),
    };

    // --- 3: memory with re-used cells -------------------------------------------------------

    const runs = {} as Record<'without' | 'with', MemoryRun>;
    for (const variant of ['without', 'with'] as const) {
      const withExt = variant === 'with';
      const { page, cdp } = await openXPage(withExt ? withCtx : withoutCtx, driverData);
      await page.evaluate(
        ([n, first]) => (window as unknown as BenchWindow).__bench.makePool(n, first),
        [POOL.cells, INDEX.pool] as const,
      );
      await warmUp(page, withExt);
      const points: MemoryRun['points'] = [];
      let from = 0;
      let annotated = 0;
      let passed = 0;
      for (const to of POOL.checkpoints) {
        const r = await page.evaluate((o) => (window as unknown as BenchWindow).__bench.reuse(o), {
          first: INDEX.pool,
          from,
          to,
          perFrame: POOL.perFrame,
          settleFrames: 10,
        });
        annotated += r.latencies.length;
        passed += r.latencies.length + r.unannotated;
        from = to;
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('HeapProfiler.collectGarbage');
        const heap = await cdp.send('Runtime.getHeapUsage');
        const m = await metrics(cdp);
        points.push({
          posts: to,
          heapUsedKB: round(heap.usedSize / 1024),
          nodes: m.Nodes as number,
          listeners: m.JSEventListeners as number,
        });
      }
      runs[variant] = {
        points,
        annotatedPercent: withExt ? round((100 * annotated) / passed, 1) : undefined,
      };
      log(
        `memory ${variant.padEnd(7)}: ` +
          points
            .map((p) => `${p.posts}: ${fmt(p.heapUsedKB / 1024, 2)} MB, ${p.nodes} nodes`)
            .join(' | ') +
          (withExt ? ` (${runs.with.annotatedPercent} % of posts annotated while shown)` : ''),
      );
      await page.close();
    }
    return { pageWork, latency, memory: memoryFigures(runs) };
  } finally {
    for (const context of Object.values(contexts)) await context.close().catch(() => {});
  }
}

function memoryFigures(runs: Record<'without' | 'with', MemoryRun>): PageCost['memory'] {
  const w = runs.with.points;
  const wo = runs.without.points;
  const growth = (p: MemoryRun['points']) =>
    (p.at(-1)?.heapUsedKB ?? NaN) - (p[0]?.heapUsedKB ?? NaN);
  const extGrowth = growth(w) - growth(wo);
  return {
    ...runs,
    growthKB: { with: round(growth(w)), without: round(growth(wo)) },
    extensionKB: w.map((p, i) => ({
      posts: p.posts,
      heapKB: round(p.heapUsedKB - (wo[i]?.heapUsedKB ?? NaN)),
      nodes: p.nodes - (wo[i]?.nodes ?? NaN),
    })),
    extensionGrowthKB: round(extGrowth),
    // Flat: what the extension adds grows by less than 1 MB over 9,000 posts.
    flat: extGrowth < 1024,
  };
}

export function pageRows({ pageWork: pw, latency: lat, memory: mem }: PageCost): Row[] {
  const lastPoint = <T>(xs: T[]) => xs.at(-1) as T;
  return [
    [
      `page main thread (TaskDuration), ${pw.posts} posts in ${pw.chunks} turns of ${STREAM.total / STREAM.chunks}`,
      `${fmt(pw.totalMs.without.taskMs, 0)} ms`,
      `${fmt(pw.totalMs.with.taskMs, 0)} ms`,
      `${signed(pw.addedPercent)} % (90 %: ${range(pw.addedPercentInterval, 1)} %)`,
      `≤ ${TARGETS.percent} %: ${boundVerdict(pw.addedPercentInterval, TARGETS.percent)}`,
    ],
    ['  added per post', '', '', `${fmt(pw.addedMsPerPost, 3)} ms`, ''],
    [
      '  of which script (ScriptDuration)',
      `${fmt(pw.totalMs.without.scriptMs, 0)} ms`,
      `${fmt(pw.totalMs.with.scriptMs, 0)} ms`,
      `${fmt(pw.addedScriptMsPerPost, 3)} ms/post`,
      '',
    ],
    [
      '  of which style and layout',
      `${fmt(pw.totalMs.without.styleLayoutMs, 0)} ms`,
      `${fmt(pw.totalMs.with.styleLayoutMs, 0)} ms`,
      `${fmt(pw.addedStyleLayoutMsPerPost, 3)} ms/post`,
      '',
    ],
    [
      '  main-thread CPU (ThreadTime)',
      `${fmt(pw.totalMs.without.threadCpuMs, 0)} ms`,
      `${fmt(pw.totalMs.with.threadCpuMs, 0)} ms`,
      `${signed(pw.addedThreadCpuPercent)} %`,
      '',
    ],
    [
      '  each turn against its neighbour without (quartiles)',
      '',
      '',
      `${signed(pw.chunkPercent.with.q1, 0)} / ${signed(pw.chunkPercent.with.median, 0)} / ${signed(pw.chunkPercent.with.q3, 0)} %`,
      '',
    ],
    ['  each round', '', '', pw.roundPercent.map((r) => `${signed(r.with, 0)} %`).join(' / '), ''],
    [
      '  floor: an empty line under each author row, where the annotation stands (page script)',
      '',
      `${fmt(pw.totalMs.floor.taskMs, 0)} ms`,
      `${signed(pw.floorPercent)} %, ${fmt(pw.floorMsPerPost, 3)} ms/post`,
      '',
    ],
    [
      '  the extension beyond the floor',
      '',
      '',
      `${fmt(pw.beyondFloorMsPerPost, 3)} ms/post (90 %: ${range(pw.beyondFloorInterval, 3)})`,
      `≤ ${TARGETS.beyondFloorMsPerPost} ms: ${boundVerdict(pw.beyondFloorInterval, TARGETS.beyondFloorMsPerPost)}`,
    ],
    [
      `  the content script's own callbacks (DevTools trace, ${pw.contentScript.posts} posts)`,
      '',
      `${fmt(pw.contentScript.percentOfPage, 1)} % of the page`,
      `${fmt(pw.contentScript.msPerPost, 3)} ms/post (runs ${pw.contentScript.runs.map((x) => fmt(x, 3)).join(' / ')})`,
      '',
    ],
    splitRow('  per post, the floor', pw.split.floor),
    splitRow('  per post, the extension', pw.split.with),
    splitRow('  per post, the extension beyond the floor', pw.split.beyondFloor),
    [
      `time to annotation, ${lat.posts} posts (frames)`,
      '',
      `median ${lat.medianFrames}, p95 ${lat.p95Frames}, max ${lat.maxFrames}`,
      `${fmt(lat.withinTargetPercent, 1)} % ≤ ${TARGETS.frames}`,
      `all ≤ ${TARGETS.frames}: ${ok(lat.withinTargetPercent === 100)}`,
    ],
    ...mem.with.points.map((p, i): Row => [
      `heap after GC, ${p.posts} posts through ${POOL.cells} cells`,
      `${fmt((mem.without.points[i]?.heapUsedKB ?? NaN) / 1024, 2)} MB`,
      `${fmt(p.heapUsedKB / 1024, 2)} MB`,
      `${fmt((mem.extensionKB[i]?.heapKB ?? NaN) / 1024, 2)} MB`,
      '',
    ]),
    [
      `DOM nodes after GC, ${POOL.checkpoints.at(-1)} posts (incl. detached)`,
      `${lastPoint(mem.without.points).nodes}`,
      `${lastPoint(mem.with.points).nodes}`,
      `${lastPoint(mem.extensionKB).nodes}`,
      '',
    ],
    [
      `  growth ${POOL.checkpoints[0]} → ${POOL.checkpoints.at(-1)} posts`,
      `${fmt(mem.growthKB.without, 0)} KB`,
      `${fmt(mem.growthKB.with, 0)} KB`,
      `${fmt(mem.extensionGrowthKB, 0)} KB`,
      `flat: ${ok(mem.flat)}`,
    ],
  ];
}

/** An interval as "low to high". */
const range = ({ low, high }: Interval, digits: number) =>
  `${fmt(low, digits)} to ${fmt(high, digits)}`;

/** ms per post: script / style and layout / the rest (paint, compositing, parsing); CPU. */
function splitRow(what: string, x: Split): Row {
  return [
    `${what}: script / style+layout / rest (paint, compositing…); CPU`,
    '',
    '',
    `${fmt(x.script, 3)} / ${fmt(x.styleLayout, 3)} / ${fmt(x.rest, 3)}; ${fmt(x.cpu, 3)} ms`,
    '',
  ];
}

export function pageSummary({ pageWork: pw, latency: lat, memory: mem }: PageCost): string[] {
  const first = (POOL.checkpoints[0] as number) / 1000;
  const last = (POOL.checkpoints.at(-1) as number) / 1000;
  return [
    `page work, ${pw.posts} posts:   without ${fmt(pw.totalMs.without.taskMs, 0)} ms | with ${fmt(pw.totalMs.with.taskMs, 0)} ms | ${signed(pw.addedPercent)} % (90 %: ${range(pw.addedPercentInterval, 1)} %) | ${signed(pw.addedMsPerPost, 3)} ms/post   (target ≤${TARGETS.percent} %: ${boundVerdict(pw.addedPercentInterval, TARGETS.percent)})`,
    `  floor (an empty line where the annotation stands): ${signed(pw.floorPercent)} % | ${signed(pw.floorMsPerPost, 3)} ms/post; the extension beyond it ${signed(pw.beyondFloorMsPerPost, 3)} ms/post (90 %: ${range(pw.beyondFloorInterval, 3)}; target ≤${TARGETS.beyondFloorMsPerPost} ms: ${boundVerdict(pw.beyondFloorInterval, TARGETS.beyondFloorMsPerPost)})`,
    `  the content script's own callbacks (traced): ${fmt(pw.contentScript.msPerPost, 3)} ms/post, ${fmt(pw.contentScript.percentOfPage, 1)} % of the page's main thread`,
    `  beyond the floor, per post: script ${signed(pw.split.beyondFloor.script, 3)} | style and layout ${signed(pw.split.beyondFloor.styleLayout, 3)} | rest ${signed(pw.split.beyondFloor.rest, 3)} | CPU ${signed(pw.split.beyondFloor.cpu, 3)} ms`,
    `annotation latency:      median ${lat.medianFrames} frame${lat.medianFrames === 1 ? '' : 's'}, p95 ${lat.p95Frames}, max ${lat.maxFrames}; ${fmt(lat.withinTargetPercent, 1)} % within ${TARGETS.frames} frames${lat.neverAnnotated ? ` (${lat.neverAnnotated} never annotated)` : ''}`,
    `memory, ${last}k re-used:     ${mem.extensionGrowthKB >= 0 ? '+' : ''}${fmt(mem.extensionGrowthKB / 1024, 2)} MB from ${first}k to ${last}k (${mem.flat ? 'flat' : 'GROWING'}); extension's share of the heap ${mem.extensionKB.map((p) => fmt(p.heapKB / 1024, 2)).join(' / ')} MB`,
  ];
}
