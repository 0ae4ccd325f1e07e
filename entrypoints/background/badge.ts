/**
 * The toolbar badge (how many items are overdue, else how many are due soon) and the alarms
 * that keep it true as time passes. Nothing is kept in memory: the counts come from the
 * deadline index, and the next change is an alarm, so a stopped service worker misses none.
 */
import { browser } from 'wxt/browser';
import { countUrgent, nextOpenDeadline } from '../../utils/storage/backlog';
import type { TanggapDb } from '../../utils/storage/schema';
import { t } from '../../utils/i18n/i18n';
import { DUE_SOON_WINDOW_MS, nextUrgencyChange } from '../../utils/domain/sla';

/** Fires at the next moment an open item becomes due soon or overdue. */
export const DEADLINE_ALARM = 'deadline-change';
/** Catches what the deadline alarm cannot: a changed clock, a lost or clamped alarm. */
export const SAFETY_ALARM = 'deadline-safety';
export const SAFETY_PERIOD_MINUTES = 15;

export const OVERDUE_COLOR = '#C62828';
export const SOON_COLOR = '#F9A825';

export interface BadgeCounts {
  overdue: number;
  dueSoon: number;
}

function toolbarAction() {
  // MV2 builds (Firefox) have browserAction with the same badge methods.
  return browser.action ?? browser.browserAction;
}

const shortCount = (n: number) => (n > 999 ? '999+' : String(n));

export async function updateToolbarBadge(
  db: TanggapDb,
  nowMs: number,
  dueSoonMs = DUE_SOON_WINDOW_MS,
): Promise<BadgeCounts> {
  const counts = await countUrgent(db, nowMs, dueSoonMs);
  const { overdue, dueSoon } = counts;
  const action = toolbarAction();
  const urgent = [
    overdue > 0 ? t('badgeTitleOverdue', overdue) : '',
    dueSoon > 0 ? t('badgeTitleSoon', dueSoon) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const title = urgent ? `${t('extName')}: ${urgent}` : '';
  const color = overdue > 0 ? OVERDUE_COLOR : SOON_COLOR;
  await Promise.all([
    action.setBadgeText({
      text: overdue > 0 ? shortCount(overdue) : dueSoon > 0 ? shortCount(dueSoon) : '',
    }),
    action.setBadgeBackgroundColor({ color }),
    // Dark text on amber, white on red; older browsers lack the method and keep white.
    action.setBadgeTextColor?.({ color: overdue > 0 ? '#FFFFFF' : '#000000' }),
    action.setTitle({ title: title || t('extName') }),
  ]);
  return counts;
}

/**
 * The next moment the counts change by themselves: the earliest open deadline after now
 * (an item becomes overdue) or the earliest deadline beyond the due-soon window, less the
 * window (an item becomes due soon) — `nextUrgencyChange` of those two items, so the badge
 * turns at the instant the pages do. Two one-key index lookups, whatever the backlog size.
 */
export async function nextDeadlineChange(
  db: TanggapDb,
  nowMs: number,
  dueSoonMs = DUE_SOON_WINDOW_MS,
): Promise<number | null> {
  const [overdueNext, soonNext] = await Promise.all([
    nextOpenDeadline(db, new Date(nowMs).toISOString()),
    nextOpenDeadline(db, new Date(nowMs + dueSoonMs).toISOString()),
  ]);
  const candidates = [overdueNext, soonNext].flatMap((deadline) => {
    const next =
      deadline === null ? null : nextUrgencyChange({ status: 'open', deadline }, nowMs, dueSoonMs);
    return next === null ? [] : [next];
  });
  return candidates.length > 0 ? Math.min(...candidates) : null;
}

export async function scheduleDeadlineAlarm(
  db: TanggapDb,
  nowMs: number,
  dueSoonMs = DUE_SOON_WINDOW_MS,
): Promise<number | null> {
  const next = await nextDeadlineChange(db, nowMs, dueSoonMs);
  if (next === null) await browser.alarms.clear(DEADLINE_ALARM);
  // Chrome may delay an alarm (30 s at least); the badge is then recomputed when it fires.
  else await browser.alarms.create(DEADLINE_ALARM, { when: next });
  return next;
}

/** Creates the periodic alarm once; re-creating it on every start would keep delaying it. */
export async function ensureSafetyAlarm(): Promise<void> {
  if (await browser.alarms.get(SAFETY_ALARM)) return;
  await browser.alarms.create(SAFETY_ALARM, {
    delayInMinutes: SAFETY_PERIOD_MINUTES,
    periodInMinutes: SAFETY_PERIOD_MINUTES,
  });
}

export const isDeadlineAlarm = (name: string) => name === DEADLINE_ALARM || name === SAFETY_ALARM;

/**
 * Brings the badge and the alarms up to date. Deadlines passing change no stored data, so
 * there is nothing to broadcast: pages keep their own countdowns.
 */
export async function refreshDeadlines(
  db: TanggapDb,
  nowMs: number,
  dueSoonMs = DUE_SOON_WINDOW_MS,
): Promise<BadgeCounts> {
  const [counts] = await Promise.all([
    updateToolbarBadge(db, nowMs, dueSoonMs),
    scheduleDeadlineAlarm(db, nowMs, dueSoonMs),
    ensureSafetyAlarm(),
  ]);
  return counts;
}
