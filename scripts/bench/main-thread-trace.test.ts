/**
 * The content script's own time is read from a trace: only its own callbacks, on the page's
 * main thread, each nesting counted once.
 */
import { describe, expect, it } from 'vitest';
import { scriptTime } from './main-thread-trace';

const EXT = 'chrome-extension://abc/';
const thread = (pid: number, tid: number, name: string) => ({
  name: 'thread_name',
  ph: 'M',
  ts: 0,
  pid,
  tid,
  args: { name },
});
const task = (pid: number, tid: number, ts: number, dur: number) => ({
  name: 'RunTask',
  ph: 'X',
  ts,
  dur,
  pid,
  tid,
});
const call = (pid: number, tid: number, ts: number, dur: number, url: string) => ({
  name: 'FunctionCall',
  ph: 'X',
  ts,
  dur,
  pid,
  tid,
  args: { data: { url } },
});

describe('scriptTime', () => {
  it("counts the script's callbacks on the busiest renderer, nested ones once", () => {
    const events = [
      thread(1, 1, 'CrRendererMain'),
      thread(2, 1, 'CrRendererMain'),
      thread(1, 2, 'Compositor'),
      task(1, 1, 0, 10_000),
      task(1, 1, 20_000, 10_000),
      task(2, 1, 0, 3_000),
      task(1, 2, 0, 50_000),
      // The observer's callback, and a listener it dispatched inside itself.
      call(1, 1, 1_000, 2_000, `${EXT}content-scripts/x.js`),
      call(1, 1, 1_500, 500, `${EXT}content-scripts/x.js`),
      // A frame callback, and the page's own script beside it.
      call(1, 1, 21_000, 1_000, `${EXT}content-scripts/x.js`),
      call(1, 1, 23_000, 5_000, 'https://x.com/main.js'),
      // Another renderer, another thread: not the page's main thread.
      call(2, 1, 0, 2_000, `${EXT}content-scripts/x.js`),
      call(1, 2, 0, 2_000, `${EXT}content-scripts/x.js`),
    ];
    expect(scriptTime(events, EXT)).toEqual({ taskMs: 20, scriptMs: 3 });
  });

  it('a callback that ends after the one it started in adds only its overhang', () => {
    const events = [
      thread(1, 1, 'CrRendererMain'),
      task(1, 1, 0, 10_000),
      call(1, 1, 0, 1_000, EXT),
      call(1, 1, 500, 1_000, EXT),
    ];
    expect(scriptTime(events, EXT).scriptMs).toBe(1.5);
  });
});
