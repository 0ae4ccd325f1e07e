/**
 * When sync runs again on its own: a retry after a failure, backed off with jitter, and the
 * periodic sync while logged in (an alarm). A retry is an alarm as well as a timer: the timer
 * is precise while the worker lives, the alarm wakes a worker the browser stopped. The count
 * of failures in a row is in the sync state, so the backoff goes on across worker restarts.
 */
import type { Browser } from 'wxt/browser';
import type { Timer } from './timer';

export const SYNC_ALARM = 'tanggap-sync';
export const RETRY_ALARM = 'tanggap-sync-retry';
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

export type SyncAlarms = Pick<typeof Browser.alarms, 'create' | 'clear'>;

/**
 * The wait before retry number `failures` (from 1): exponential from 1 s, capped at 5 min,
 * with full jitter so that a team's browsers do not all come back at the same instant.
 */
export function backoffDelay(failures: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.floor(random() * ceiling);
}

export function isSyncAlarm(name: string): boolean {
  return name === SYNC_ALARM || name === RETRY_ALARM;
}

/** A sync every minute while logged in, so others' changes arrive without live updates. */
export function startPeriodicSync(alarms: SyncAlarms): void {
  void alarms.create(SYNC_ALARM, { periodInMinutes: 1 });
}

export function stopPeriodicSync(alarms: SyncAlarms): void {
  void alarms.clear(SYNC_ALARM);
}

export interface Retry {
  /** Runs `retry` in `ms`, replacing any retry already set. */
  schedule(ms: number): void;
  stop(): void;
}

export function createRetry(deps: {
  alarms: SyncAlarms;
  now: () => Date;
  setTimer: Timer;
  retry: () => void;
}): Retry {
  let cancel: (() => void) | undefined;
  return {
    schedule(ms) {
      cancel?.();
      cancel = deps.setTimer(deps.retry, ms);
      void deps.alarms.create(RETRY_ALARM, { when: deps.now().getTime() + ms });
    },
    stop() {
      cancel?.();
      cancel = undefined;
      void deps.alarms.clear(RETRY_ALARM);
    },
  };
}
