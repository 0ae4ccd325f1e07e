/**
 * The report's period: whole days in Asia/Jakarta, `from` and `to` inclusive, named by the
 * presets a supervisor picks (this week, last month…) or by the page's address
 * (`report.html?from=YYYY-MM-DD&to=YYYY-MM-DD`). Pure: the caller gives the clock.
 */

export const REPORT_TIME_ZONE = 'Asia/Jakarta';
/** Western Indonesia Time is UTC+7 all year: Indonesia has kept no daylight saving since 1964. */
export const JAKARTA_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
/** A custom period reaches at most a year: the report reads every item posted in it. */
export const MAX_PERIOD_DAYS = 366;

export const PERIOD_KINDS = [
  'today',
  'yesterday',
  'this-week',
  'last-week',
  'this-month',
  'last-month',
] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number] | 'custom';

/** `YYYY-MM-DD` days in Asia/Jakarta, both included. */
export interface ReportPeriod {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The day, in Jakarta, of an instant. */
export function jakartaDay(ms: number): string {
  const d = new Date(ms + JAKARTA_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The instant a Jakarta day begins (its midnight). */
export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`) - JAKARTA_OFFSET_MS;
}

/** The day `n` days after `day` (before, for a negative `n`). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a day: Monday 1 … Sunday 7. */
function weekday(day: string): number {
  return new Date(`${day}T00:00:00.000Z`).getUTCDay() || 7;
}

/** The Monday of the week (Monday to Sunday) holding `day`. */
export function mondayOf(day: string): string {
  return addDays(day, 1 - weekday(day));
}

function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && addDays(value, 0) === value;
}

/** The preset's days at `nowMs`. */
export function periodOf(kind: Exclude<PeriodKind, 'custom'>, nowMs: number): ReportPeriod {
  const today = jakartaDay(nowMs);
  const monday = mondayOf(today);
  const firstOfMonth = `${today.slice(0, 8)}01`;
  switch (kind) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case 'this-week':
      return { from: monday, to: addDays(monday, 6) };
    case 'last-week':
      return { from: addDays(monday, -7), to: addDays(monday, -1) };
    case 'this-month':
      return { from: firstOfMonth, to: addDays(`${nextMonth(firstOfMonth)}`, -1) };
    case 'last-month': {
      const lastDay = addDays(firstOfMonth, -1);
      return { from: `${lastDay.slice(0, 8)}01`, to: lastDay };
    }
  }
}

function nextMonth(firstOfMonth: string): string {
  const [y, m] = firstOfMonth.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
}

/** The preset that gives exactly these days at `nowMs`, or `custom`. */
export function kindOf(period: ReportPeriod, nowMs: number): PeriodKind {
  return (
    PERIOD_KINDS.find((kind) => {
      const p = periodOf(kind, nowMs);
      return p.from === period.from && p.to === period.to;
    }) ?? 'custom'
  );
}

export type PeriodProblem = 'not-a-day' | 'reversed' | 'too-long';

/**
 * The period a page address asks for: `from` and `to` as days, `to` not before `from`, at most
 * MAX_PERIOD_DAYS. Without either, this week; a bad pair gives this week and the problem.
 */
export function periodFromSearch(
  search: string,
  nowMs: number,
): { period: ReportPeriod; problem?: PeriodProblem } {
  const params = new URLSearchParams(search);
  const from = params.get('from');
  const to = params.get('to');
  const fallback = periodOf('this-week', nowMs);
  if (from === null && to === null) return { period: fallback };
  const problem = periodProblem({ from: from ?? '', to: to ?? '' });
  return problem ? { period: fallback, problem } : { period: { from: from!, to: to! } };
}

export function periodProblem({ from, to }: ReportPeriod): PeriodProblem | undefined {
  if (!isDay(from) || !isDay(to)) return 'not-a-day';
  if (to < from) return 'reversed';
  if (daysIn({ from, to }) > MAX_PERIOD_DAYS) return 'too-long';
  return undefined;
}

/** `?from=…&to=…`, for the address bar. */
export function periodSearch({ from, to }: ReportPeriod): string {
  return `?from=${from}&to=${to}`;
}

export function daysIn({ from, to }: ReportPeriod): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
}

/** The instants the period covers: from its first midnight up to (not including) the next after it. */
export function periodBounds({ from, to }: ReportPeriod): { startMs: number; endMs: number } {
  return { startMs: dayStartMs(from), endMs: dayStartMs(addDays(to, 1)) };
}

/** The Mondays of the weeks (Monday to Sunday) the period touches, oldest first. */
export function weeksOf({ from, to }: ReportPeriod): string[] {
  const weeks: string[] = [];
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) weeks.push(monday);
  return weeks;
}
