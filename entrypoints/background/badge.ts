/**
 * The toolbar badge (how many items are overdue and mentions urgent, else how many items are
 * due soon) and the alarms that keep it true as time passes. Nothing is kept in memory: the
 * counts come from the deadline index and the waiting mentions' index, and each next change
 * is an alarm, so a stopped service worker misses none.
 */
import { browser } from 'wxt/browser';
import { countUrgent, nextOpenDeadline } from '../../utils/storage/backlog';
import { listUntriagedMentions } from '../../utils/storage/mentions';
import type { TanggapDb } from '../../utils/storage/schema';
import { durationUnits, t } from '../../utils/i18n/i18n';
import { intakeUrgency } from '../../utils/domain/mentions';
import type { Actor } from '../../utils/domain/actor';
import { mayAssign } from '../../utils/domain/rights';
import { DEFAULT_SETTINGS } from '../../utils/domain/settings';
import {
  DUE_SOON_WINDOW_MS,
  formatDuration,
  MINUTE_MS,
  nextUrgencyChange,
} from '../../utils/domain/sla';

/** Fires at the next moment an open item becomes due soon or overdue. */
export const DEADLINE_ALARM = 'deadline-change';
/** Fires at the next moment a mention waiting for triage turns urgent. */
export const INTAKE_ALARM = 'intake-urgent';
/** Catches what the other alarms cannot: a changed clock, a lost or clamped alarm. */
export const SAFETY_ALARM = 'deadline-safety';
export const SAFETY_PERIOD_MINUTES = 15;

export const OVERDUE_COLOR = '#C62828';
export const SOON_COLOR = '#F9A825';

export interface BadgeCounts {
  overdue: number;
  dueSoon: number;
  /** Mentions waiting for triage past the team's `intakeUrgentAfterMinutes`. */
  urgentMentions: number;
}

const DEFAULT_URGENT_AFTER = DEFAULT_SETTINGS.intakeUrgentAfterMinutes;

function toolbarAction() {
  // MV2 builds (Firefox) have browserAction with the same badge methods.
  return browser.action ?? browser.browserAction;
}

const shortCount = (n: number) => (n > 999 ? '999+' : String(n));

/**
 * The waiting mentions, one read of their sparse index: how many are urgent, and when next.
 * None for an officer who may neither assign nor dismiss them: a red count they cannot clear
 * would only be noise (`actor` null: working alone, every mention is this officer's).
 */
async function waitingIntake(
  db: TanggapDb,
  nowMs: number,
  urgentAfterMinutes: number,
  actor: Actor | null,
) {
  if (!mayAssign(actor)) return { urgent: 0, nextUrgentAt: null };
  return intakeUrgency(await listUntriagedMentions(db), nowMs, urgentAfterMinutes);
}

/**
 * The number on red is what is late now: overdue items and urgent mentions together, as
 * both need an officer at once; the title says each in words. Only when nothing is late does
 * the badge count the items due soon, on amber.
 */
async function showBadge(counts: BadgeCounts, urgentAfterMinutes: number): Promise<void> {
  const { overdue, dueSoon, urgentMentions } = counts;
  const late = overdue + urgentMentions;
  const threshold = formatDuration(urgentAfterMinutes * MINUTE_MS, durationUnits());
  const parts = [
    overdue > 0 ? t('badgeTitleOverdue', overdue) : '',
    urgentMentions > 0
      ? t(
          urgentMentions === 1 ? 'badgeTitleMentionUrgent' : 'badgeTitleMentionsUrgent',
          urgentMentions,
          threshold,
        )
      : '',
    dueSoon > 0 ? t('badgeTitleSoon', dueSoon) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const title = parts ? `${t('extName')}: ${parts}` : '';
  const color = late > 0 ? OVERDUE_COLOR : SOON_COLOR;
  const action = toolbarAction();
  await Promise.all([
    action.setBadgeText({
      text: late > 0 ? shortCount(late) : dueSoon > 0 ? shortCount(dueSoon) : '',
    }),
    action.setBadgeBackgroundColor({ color }),
    // Dark text on amber, white on red; older browsers lack the method and keep white.
    action.setBadgeTextColor?.({ color: late > 0 ? '#FFFFFF' : '#000000' }),
    action.setTitle({ title: title || t('extName') }),
  ]);
}

/** The badge from the items' counts and `intake` (the waiting mentions, read by the caller). */
async function countAndShow(
  db: TanggapDb,
  nowMs: number,
  dueSoonMs: number,
  urgentAfterMinutes: number,
  intake: ReturnType<typeof waitingIntake>,
): Promise<BadgeCounts> {
  const [items, waiting] = await Promise.all([countUrgent(db, nowMs, dueSoonMs), intake]);
  const counts = { ...items, urgentMentions: waiting.urgent };
  await showBadge(counts, urgentAfterMinutes);
  return counts;
}

export function updateToolbarBadge(
  db: TanggapDb,
  nowMs: number,
  dueSoonMs = DUE_SOON_WINDOW_MS,
  urgentAfterMinutes = DEFAULT_URGENT_AFTER,
  actor: Actor | null = null,
): Promise<BadgeCounts> {
  const intake = waitingIntake(db, nowMs, urgentAfterMinutes, actor);
  return countAndShow(db, nowMs, dueSoonMs, urgentAfterMinutes, intake);
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

/** The next moment a waiting mention turns urgent, or null when none is left to turn. */
export async function nextIntakeChange(
  db: TanggapDb,
  nowMs: number,
  urgentAfterMinutes = DEFAULT_URGENT_AFTER,
  actor: Actor | null = null,
): Promise<number | null> {
  return (await waitingIntake(db, nowMs, urgentAfterMinutes, actor)).nextUrgentAt;
}

async function setIntakeAlarm(next: number | null): Promise<void> {
  if (next === null) await browser.alarms.clear(INTAKE_ALARM);
  else await browser.alarms.create(INTAKE_ALARM, { when: next });
}

/** Creates the periodic alarm once; re-creating it on every start would keep delaying it. */
export async function ensureSafetyAlarm(): Promise<void> {
  if (await browser.alarms.get(SAFETY_ALARM)) return;
  await browser.alarms.create(SAFETY_ALARM, {
    delayInMinutes: SAFETY_PERIOD_MINUTES,
    periodInMinutes: SAFETY_PERIOD_MINUTES,
  });
}

/** The alarms after which the badge is computed again. */
export const isBadgeAlarm = (name: string) =>
  name === DEADLINE_ALARM || name === INTAKE_ALARM || name === SAFETY_ALARM;

/**
 * Brings the badge and the alarms up to date, the waiting mentions read once for both.
 * Deadlines passing and mentions turning urgent change no stored data, so there is nothing
 * to broadcast: pages keep their own clocks.
 */
export async function refreshDeadlines(
  db: TanggapDb,
  nowMs: number,
  dueSoonMs = DUE_SOON_WINDOW_MS,
  urgentAfterMinutes = DEFAULT_URGENT_AFTER,
  actor: Actor | null = null,
): Promise<BadgeCounts> {
  const intake = waitingIntake(db, nowMs, urgentAfterMinutes, actor);
  const [counts] = await Promise.all([
    countAndShow(db, nowMs, dueSoonMs, urgentAfterMinutes, intake),
    scheduleDeadlineAlarm(db, nowMs, dueSoonMs),
    intake.then((waiting) => setIntakeAlarm(waiting.nextUrgentAt)),
    ensureSafetyAlarm(),
  ]);
  return counts;
}
