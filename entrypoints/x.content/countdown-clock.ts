/**
 * The page's one timer for every countdown: it ticks on the minute (when the badges' words
 * change) and sleeps while the tab is hidden; showing the tab again ticks at once.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

const MINUTE = 60_000;

export function startCountdownClock(ctx: ContentScriptContext, onTick: (nowMs: number) => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;

  // Plain setTimeout: WXT's ctx.setTimeout adds an abort listener per call that stays until the
  // page goes, one a minute. The invalidation handler below stops the one pending timer instead.
  function schedule() {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (document.hidden || ctx.isInvalid) return;
    const now = Date.now();
    timer = setTimeout(tick, MINUTE - (now % MINUTE) + 50);
  }

  function tick() {
    timer = undefined;
    if (ctx.isInvalid) return;
    onTick(Date.now());
    schedule();
  }

  ctx.addEventListener(document, 'visibilitychange', () => {
    if (document.hidden) schedule();
    else tick();
  });
  ctx.onInvalidated(() => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  });
  schedule();
}
