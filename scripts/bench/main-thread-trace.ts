/**
 * The page's main thread as a DevTools trace shows it: how long the content script's own
 * callbacks ran (measured, not the difference of two noisy totals), beside the thread's
 * whole task time in the same trace. A promise's continuation runs as a microtask that the
 * trace does not name by script: the content script's few (a background's answer) are not
 * counted.
 */
import type { CDPSession } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string } };
}

export interface ScriptTime {
  /** Every task of the page's main thread, in ms. */
  taskMs: number;
  /**
   * The callbacks of scripts under `urlPrefix` (an observer's, a frame's, a timer's, a
   * listener's), in ms, with the style and layout they force: the outermost of each nesting.
   */
  scriptMs: number;
}

const CATEGORIES = 'devtools.timeline,disabled-by-default-devtools.timeline';

/** Traces `run` and returns its events. */
async function trace(cdp: CDPSession, run: () => Promise<unknown>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  // The protocol types each event as an untyped object.
  const collect = (e: { value: object[] }) => void events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise<void>((resolve) =>
    cdp.once('Tracing.tracingComplete', () => resolve()),
  );
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  try {
    await run();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
  }
  return events;
}

/** The script time of `urlPrefix` while `run` runs, on the busiest renderer main thread. */
export async function traceScriptTime(
  cdp: CDPSession,
  urlPrefix: string,
  run: () => Promise<unknown>,
): Promise<ScriptTime> {
  return scriptTime(await trace(cdp, run), urlPrefix);
}

export function scriptTime(events: TraceEvent[], urlPrefix: string): ScriptTime {
  const renderers = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const taskUs = new Map<string, number>();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.name === 'RunTask' && renderers.has(thread)) {
      taskUs.set(thread, (taskUs.get(thread) ?? 0) + (e.dur ?? 0));
    }
  }
  // The page streaming posts is by far the busiest renderer (the trace is the browser's).
  const [main, mainTaskUs = 0] = [...taskUs].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (!main) throw new Error('the trace holds no renderer main thread at work');
  const ours = events
    .filter(
      (e) =>
        `${e.pid}:${e.tid}` === main &&
        e.ph === 'X' &&
        e.name === 'FunctionCall' &&
        (e.args?.data?.url ?? '').startsWith(urlPrefix),
    )
    .sort((a, b) => a.ts - b.ts);
  let scriptUs = 0;
  let coveredUntil = -Infinity;
  for (const e of ours) {
    const end = e.ts + (e.dur ?? 0);
    if (e.ts >= coveredUntil) {
      scriptUs += e.dur ?? 0;
      coveredUntil = end;
    } else if (end > coveredUntil) {
      scriptUs += end - coveredUntil;
      coveredUntil = end;
    }
  }
  return { taskMs: mainTaskUs / 1000, scriptMs: scriptUs / 1000 };
}
