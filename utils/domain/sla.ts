/**
 * Deadline arithmetic for the 1×24-hour rule. Pure: no clock, no i18n, no browser API, so
 * the page, the background and the sync server agree on every boundary.
 */
import type { Assignment, Urgency } from './types';
import { workingDeadline, type WorkingHours } from './working-hours';

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * HOUR_MS;

/** The default due-soon window: "due within 6 h" (the settings' `dueSoonHours`). */
export const DUE_SOON_WINDOW_MS = 6 * HOUR_MS;

/**
 * The largest due-soon window the settings accept: three days, so that on a Friday evening
 * the items due on Monday already count as due soon.
 */
export const MAX_DUE_SOON_HOURS = 72;

export type UrgencyInput = Pick<Assignment, 'status' | 'deadline'>;

/** When the clock starts: at the assignment (the default), or at the post's own time. */
export type ClockStart = 'assignment' | 'post';

export interface DeadlineRules {
  clockStart: ClockStart;
  /** When enabled, only working hours count towards the SLA. */
  workingHours: WorkingHours;
}

/**
 * The deadline of an SLA started at `startIso`. Without `rules` (or with the calendar off)
 * every hour counts; with the working-hours calendar on, only working hours do.
 */
export function computeDeadline(
  startIso: string,
  slaHours: number,
  rules?: Pick<DeadlineRules, 'workingHours'>,
): string {
  const start = Date.parse(startIso);
  if (Number.isNaN(start)) throw new RangeError(`Not a date: "${startIso}"`);
  return new Date(deadlineMs(start, slaHours, rules)).toISOString();
}

/** `computeDeadline` in ms, for a loop over many items (the report's) that has the start's. */
export function deadlineMs(
  startMs: number,
  slaHours: number,
  rules?: Pick<DeadlineRules, 'workingHours'>,
): number {
  if (!Number.isFinite(slaHours) || slaHours <= 0) {
    throw new RangeError(`SLA hours must be a positive number, not ${slaHours}`);
  }
  if (rules?.workingHours.enabled) return workingDeadline(startMs, slaHours, rules.workingHours);
  return startMs + slaHours * HOUR_MS;
}

/**
 * Where the clock of an assignment made at `assignedAtIso` starts: the post's own time when
 * the rules say so and it is known and not in the future, else the assignment.
 */
export function clockStartOf(
  assignedAtIso: string,
  postCreatedAtIso: string,
  rules?: Pick<DeadlineRules, 'clockStart'>,
): string {
  if (rules?.clockStart !== 'post') return assignedAtIso;
  const created = Date.parse(postCreatedAtIso);
  if (Number.isNaN(created) || created > Date.parse(assignedAtIso)) return assignedAtIso;
  return new Date(created).toISOString();
}

/** The settings' due-soon hours as a window in ms; the default for a value out of range. */
export function dueSoonWindow(dueSoonHours: number | undefined): number {
  return dueSoonHours !== undefined && dueSoonHours > 0 && dueSoonHours <= MAX_DUE_SOON_HOURS
    ? dueSoonHours * HOUR_MS
    : DUE_SOON_WINDOW_MS;
}

/**
 * The one rule of urgency, shared by the page's badge, the popup, the toolbar badge, the
 * alarms and the notifications: overdue from the deadline on, due soon from `dueSoonMs`
 * (wall-clock) before it, whatever the SLA's length or calendar. 'none' without a deadline.
 */
export function urgencyAt(deadline: string, nowMs: number, dueSoonMs: number): Urgency {
  const due = Date.parse(deadline);
  if (Number.isNaN(due)) return 'none';
  if (nowMs >= due) return 'overdue';
  return nowMs >= due - dueSoonMs ? 'soon' : 'ok';
}

export function urgencyOf(
  a: UrgencyInput | undefined,
  nowMs: number,
  dueSoonMs = DUE_SOON_WINDOW_MS,
): Urgency {
  if (!a || a.status !== 'open') return 'none';
  return urgencyAt(a.deadline, nowMs, dueSoonMs);
}

/**
 * When `urgencyOf` will next answer differently (ms), or null when it never will: the
 * instant `deadline − dueSoonMs`, then the deadline. The deadline alarm fires at the same
 * instants, so the toolbar, the notification and the page change together.
 */
export function nextUrgencyChange(
  a: UrgencyInput | undefined,
  nowMs: number,
  dueSoonMs = DUE_SOON_WINDOW_MS,
): number | null {
  const urgency = urgencyOf(a, nowMs, dueSoonMs);
  if (!a || urgency === 'none' || urgency === 'overdue') return null;
  const deadline = Date.parse(a.deadline);
  return urgency === 'ok' && dueSoonMs > 0 ? deadline - dueSoonMs : deadline;
}

/**
 * How long until `formatDuration` of a duration now `ms` long may read differently, as it grows
 * (an age, a time overdue) or shrinks (a time left). Its last unit shown is the minute under a
 * day and the hour from a day on; 0 on a boundary.
 */
export function durationWordsLast(ms: number, grows: boolean): number {
  const total = Math.abs(ms);
  const unit = total < DAY_MS ? MINUTE_MS : HOUR_MS;
  return grows ? unit - (total % unit) : total % unit;
}

/** One unit's words: "1 day" / "2 days" in the long form, "d" in the short one. */
export interface UnitWords {
  one: string;
  other: string;
  short: string;
}

export interface DurationUnits {
  day: UnitWords;
  hour: UnitWords;
  minute: UnitWords;
  lessThanMinute: string;
  lessThanMinuteShort: string;
}

/**
 * `long` spells the units ("2 hari 3 jam", "2 days 3 hours"); `short` is for a badge beside
 * X's author line and stays unambiguous in both languages ("2 hari 3 jam", "2 d 3 h"): never
 * one-letter Indonesian units, whose "h" (hari) an English reader takes for hours.
 */
export type DurationForm = 'long' | 'short';

/**
 * The two largest non-zero units, rounded down ("1 hari 3 jam", "5 jam 12 menit", "12
 * menit", "kurang dari 1 menit"). Rounding down keeps a countdown from promising time that
 * is not left. The sign is ignored: callers say "left" or "overdue" in words.
 */
export function formatDuration(
  ms: number,
  units: DurationUnits,
  form: DurationForm = 'long',
): string {
  const total = Number.isFinite(ms) ? Math.abs(ms) : 0;
  const days = Math.floor(total / DAY_MS);
  const hours = Math.floor((total % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((total % HOUR_MS) / MINUTE_MS);
  // Every annotation words a duration at each render: no arrays for three numbers.
  const part = (n: number, unit: UnitWords) =>
    `${n} ${form === 'short' ? unit.short : n === 1 ? unit.one : unit.other}`;
  // The largest unit that is not zero, then the next one when it is not zero either.
  if (days > 0) {
    return hours > 0
      ? `${part(days, units.day)} ${part(hours, units.hour)}`
      : part(days, units.day);
  }
  if (hours > 0) {
    const first = part(hours, units.hour);
    return minutes > 0 ? `${first} ${part(minutes, units.minute)}` : first;
  }
  if (minutes > 0) return part(minutes, units.minute);
  return form === 'short' ? units.lessThanMinuteShort : units.lessThanMinute;
}
