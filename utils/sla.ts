/**
 * Deadline arithmetic for the 1×24-hour rule. Pure: no clock, no i18n, no browser API, so
 * the page, the background and the sync server agree on every boundary.
 */
import type { Assignment, Urgency } from './types';
import { workingDeadline, type WorkingHours } from './working-hours';

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * HOUR_MS;

/** Share of the SLA left at which an item becomes "due soon" (6 h of 24 h). */
export const SOON_FRACTION = 0.25;

/** The backlog's and the toolbar's "due soon" window: "due within 6 h". */
export const DUE_SOON_WINDOW_MS = 6 * HOUR_MS;

export type UrgencyInput = Pick<Assignment, 'status' | 'deadline' | 'assignedAt'>;

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
  if (!Number.isFinite(slaHours) || slaHours <= 0) {
    throw new RangeError(`SLA hours must be a positive number, not ${slaHours}`);
  }
  if (rules?.workingHours.enabled) {
    return new Date(workingDeadline(start, slaHours, rules.workingHours)).toISOString();
  }
  return new Date(start + slaHours * HOUR_MS).toISOString();
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

/**
 * The settings' due-soon threshold (hours before the deadline of a 24-hour SLA) as a share
 * of any SLA: 6 h of 24 h is the last quarter, 12 h of a 48-hour SLA.
 */
export function soonFractionOf(dueSoonHours: number | undefined): number {
  if (dueSoonHours === undefined || !(dueSoonHours > 0 && dueSoonHours < 24)) return SOON_FRACTION;
  return dueSoonHours / 24;
}

/** The instant (ms) from which an open item counts as due soon; NaN when it has no deadline. */
function soonFrom(a: UrgencyInput, soonFraction: number): number {
  const deadline = Date.parse(a.deadline);
  const assignedAt = Date.parse(a.assignedAt);
  // Without a start the SLA's length is unknown: such an item goes straight from ok to overdue.
  const span = Number.isNaN(assignedAt) ? 0 : Math.max(0, deadline - assignedAt);
  return deadline - soonFraction * span;
}

export function urgencyOf(
  a: UrgencyInput | undefined,
  nowMs: number,
  soonFraction = SOON_FRACTION,
): Urgency {
  if (!a || a.status !== 'open') return 'none';
  const deadline = Date.parse(a.deadline);
  if (Number.isNaN(deadline)) return 'none';
  if (nowMs >= deadline) return 'overdue';
  return nowMs >= soonFrom(a, soonFraction) ? 'soon' : 'ok';
}

/** When `urgencyOf` will next answer differently (ms), or null when it never will. */
export function nextUrgencyChange(
  a: UrgencyInput | undefined,
  nowMs: number,
  soonFraction = SOON_FRACTION,
): number | null {
  const urgency = urgencyOf(a, nowMs, soonFraction);
  if (!a || urgency === 'none' || urgency === 'overdue') return null;
  if (urgency === 'soon') return Date.parse(a.deadline);
  const soon = soonFrom(a, soonFraction);
  // A zero-length soon window goes from ok straight to overdue at the deadline.
  return soon < Date.parse(a.deadline) ? Math.ceil(soon) : Date.parse(a.deadline);
}

export interface DurationUnits {
  day: string;
  hour: string;
  minute: string;
  lessThanMinute: string;
}

/**
 * The two largest non-zero units, rounded down ("1h 3j", "5j 12m", "12m", "<1m" in
 * Indonesian). Rounding down keeps a countdown from promising time that is not left.
 * The sign is ignored: callers say "left" or "overdue" in words.
 */
export function formatDuration(ms: number, units: DurationUnits): string {
  const total = Number.isFinite(ms) ? Math.abs(ms) : 0;
  const days = Math.floor(total / DAY_MS);
  const hours = Math.floor((total % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((total % HOUR_MS) / MINUTE_MS);
  const parts: [number, string][] = [
    [days, units.day],
    [hours, units.hour],
    [minutes, units.minute],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return units.lessThanMinute;
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join(' ');
}
