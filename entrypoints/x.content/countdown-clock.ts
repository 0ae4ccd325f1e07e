/**
 * The page's one timer for every countdown: it ticks on the minute (when the badges' words
 * change) and sleeps while the tab is hidden; showing the tab again ticks at once.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

const MINUTE = 60_000;

export function startCountdownClock(ctx: ContentScriptContext, onTick: (nowMs: number) => void) {
  let timer: number | undefined;

  function schedule() {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (document.hidden || ctx.isInvalid) return;
    const now = Date.now();
    timer = ctx.setTimeout(tick, MINUTE - (now % MINUTE) + 50);
  }

  function tick() {
    onTick(Date.now());
    schedule();
  }

  ctx.addEventListener(document, 'visibilitychange', () => {
    if (document.hidden) schedule();
    else tick();
  });
  schedule();
}
