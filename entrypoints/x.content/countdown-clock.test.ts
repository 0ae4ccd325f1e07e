// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { startCountdownClock } from './countdown-clock';

const MINUTE = 60_000;
let ctx: ContentScriptContext;

beforeEach(() => {
  vi.useFakeTimers();
  ctx = new ContentScriptContext('clock-test');
});
afterEach(() => {
  ctx.notifyInvalidated();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('countdown clock', () => {
  test('ticks every minute for a week without adding a listener per tick', () => {
    const onTick = vi.fn();
    startCountdownClock(ctx, onTick);
    const listeners = vi.spyOn(ctx.signal, 'addEventListener');
    vi.advanceTimersByTime(10_080 * MINUTE);
    // One tick a minute, on the minute (the first one within the first minute).
    expect(onTick.mock.calls.length).toBeGreaterThanOrEqual(10_079);
    expect(onTick.mock.calls.length).toBeLessThanOrEqual(10_080);
    expect(listeners).not.toHaveBeenCalled();
  });

  test('stops when the extension goes', () => {
    const onTick = vi.fn();
    startCountdownClock(ctx, onTick);
    vi.advanceTimersByTime(3 * MINUTE);
    const ticks = onTick.mock.calls.length;
    expect(ticks).toBeGreaterThan(0);
    ctx.notifyInvalidated();
    vi.advanceTimersByTime(10 * MINUTE);
    expect(onTick).toHaveBeenCalledTimes(ticks);
  });
});
