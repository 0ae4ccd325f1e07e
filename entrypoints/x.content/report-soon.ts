/**
 * What the content script tells the background and waits for no answer to (the mentions it
 * received, the programmes posts mention): gathered, then sent once a second at most (each
 * feature its own message), instead of a message per frame. A timeline scrolled at speed reads
 * posts every frame, and each message costs X's page time of its own (npm run bench: page
 * work). What waits is sent at once when the tab is hidden or the page left (`pagehide`), so
 * closing a tab right after reading loses nothing. One timer for every report.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

export const REPORT_DELAY_MS = 1000;

export interface ReportSoon {
  /** Runs `send` at the next report time, once however often it is asked for until then. */
  soon(send: () => void): void;
}

export function createReportSoon(
  ctx: ContentScriptContext,
  { delayMs = REPORT_DELAY_MS, onError }: { delayMs?: number; onError: (error: unknown) => void },
): ReportSoon {
  const due = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  function sendDue() {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (ctx.isInvalid) {
      due.clear();
      return;
    }
    const sends = [...due];
    due.clear();
    for (const send of sends) {
      try {
        send();
      } catch (error) {
        onError(error);
      }
    }
  }

  ctx.addEventListener(window, 'pagehide', sendDue);
  ctx.addEventListener(document, 'visibilitychange', () => {
    if (document.hidden) sendDue();
  });
  ctx.onInvalidated(() => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    due.clear();
  });

  return {
    // No `ctx.isInvalid` here: it asks the extension's bindings, once a frame would cost X's
    // page; the report time asks it once.
    soon(send) {
      due.add(send);
      // Plain setTimeout, one at a time: WXT's ctx.setTimeout keeps a listener per call.
      timer ??= setTimeout(sendDue, delayMs);
    },
  };
}
