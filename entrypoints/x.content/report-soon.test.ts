// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createReportSoon, REPORT_DELAY_MS } from './report-soon';

let ctx: ContentScriptContext;

beforeEach(() => {
  vi.useFakeTimers();
  ctx = new ContentScriptContext('report-test');
});
afterEach(() => {
  ctx.notifyInvalidated();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function setHidden(hidden: boolean) {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('report soon', () => {
  test('a second of frames asking to report sends once, with one timer', () => {
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const reports = createReportSoon(ctx, { onError: vi.fn() });
    const intake = vi.fn();
    const programmes = vi.fn();
    for (let frame = 0; frame < 60; frame++) {
      reports.soon(intake);
      reports.soon(programmes);
      vi.advanceTimersByTime(REPORT_DELAY_MS / 60 - 1);
    }
    expect(intake).not.toHaveBeenCalled();
    vi.advanceTimersByTime(REPORT_DELAY_MS);
    expect(intake).toHaveBeenCalledTimes(1);
    expect(programmes).toHaveBeenCalledTimes(1);
    expect(timers).toHaveBeenCalledTimes(1);
    // Nothing asked since: nothing sent, no timer left running.
    vi.advanceTimersByTime(10 * REPORT_DELAY_MS);
    expect(intake).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('leaving the page or hiding the tab sends what waits at once', () => {
    const reports = createReportSoon(ctx, { onError: vi.fn() });
    const send = vi.fn();
    reports.soon(send);
    window.dispatchEvent(new Event('pagehide'));
    expect(send).toHaveBeenCalledTimes(1);
    reports.soon(send);
    setHidden(true);
    expect(send).toHaveBeenCalledTimes(2);
    setHidden(false);
    vi.advanceTimersByTime(10 * REPORT_DELAY_MS);
    expect(send).toHaveBeenCalledTimes(2);
  });

  test('a report that throws is counted and the others still go', () => {
    const onError = vi.fn();
    const reports = createReportSoon(ctx, { onError });
    const send = vi.fn();
    reports.soon(() => {
      throw new Error('broken');
    });
    reports.soon(send);
    vi.advanceTimersByTime(REPORT_DELAY_MS);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledTimes(1);
  });

  test('nothing is sent once the extension went (its messages could not reach it)', () => {
    const reports = createReportSoon(ctx, { onError: vi.fn() });
    const send = vi.fn();
    reports.soon(send);
    ctx.notifyInvalidated();
    vi.advanceTimersByTime(10 * REPORT_DELAY_MS);
    window.dispatchEvent(new Event('pagehide'));
    expect(send).not.toHaveBeenCalled();
  });
});
