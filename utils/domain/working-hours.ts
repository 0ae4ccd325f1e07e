/**
 * Deadlines that count working hours only, as complaint systems such as LAPOR! count working
 * days: a 24-hour SLA started on Friday afternoon runs on into the next working days, past
 * the weekend and holidays. Pure, and general in the time zone (through Intl): Asia/Jakarta
 * has no daylight saving, other zones may.
 */

export interface WorkingHours {
  enabled: boolean;
  /** IANA time zone, e.g. `Asia/Jakarta`. */
  timeZone: string;
  /** ISO weekdays, Monday = 1 … Sunday = 7. */
  days: number[];
  /** `HH:MM`, in `timeZone`. */
  start: string;
  /** `HH:MM`, after `start`. */
  end: string;
  /** `YYYY-MM-DD`, in `timeZone`. */
  holidays: string[];
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Far enough for any SLA (720 h at one working hour a week), short enough to stop a bad calendar. */
const MAX_DAYS_SCANNED = 366 * 20;

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** True when Intl knows the zone (every browser knows `Asia/Jakarta`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The offset of `timeZone` from UTC at instant `ms`, in ms (Jakarta: +7 h). */
export function offsetAt(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatFor(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return asUtc - Math.floor(ms / 1000) * 1000;
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export function localDateOf(ms: number, timeZone: string): LocalDate {
  const d = new Date(ms + offsetAt(ms, timeZone));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * Instants already worked out, by zone, wall-clock time and day: a report judges thousands of
 * deadlines that open and close on the same few days, and each instant costs two Intl calls.
 */
const instants = new Map<string, number>();
const MAX_INSTANTS = 20_000;

/** The instant of a wall-clock time in `timeZone` (a time skipped by DST moves forward). */
export function instantOf(date: LocalDate, minutes: number, timeZone: string): number {
  const key = `${timeZone} ${minutes} ${date.year}-${date.month}-${date.day}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    const wall = Date.UTC(date.year, date.month - 1, date.day) + minutes * MINUTE_MS;
    const guess = wall - offsetAt(wall, timeZone);
    instant = wall - offsetAt(guess, timeZone);
    if (instants.size >= MAX_INSTANTS) instants.clear();
    instants.set(key, instant);
  }
  return instant;
}

export function minutesOf(hhmm: string): number {
  const match = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(hhmm);
  if (!match) return NaN;
  return Number(match[1]) * 60 + Number(match[2]);
}

function isoDate({ year, month, day }: LocalDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function nextDate({ year, month, day }: LocalDate): LocalDate {
  const d = new Date(Date.UTC(year, month - 1, day + 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function isoWeekday({ year, month, day }: LocalDate): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() || 7;
}

/**
 * The instant `slaHours` working hours after `startMs`. A start outside working hours counts
 * from the next opening; a deadline that falls exactly at closing stays at closing.
 */
export function workingDeadline(startMs: number, slaHours: number, calendar: WorkingHours): number {
  const open = minutesOf(calendar.start);
  const close = minutesOf(calendar.end);
  if (!(open < close)) throw new RangeError(`Working hours ${calendar.start}–${calendar.end}`);
  const days = new Set(calendar.days);
  const holidays = new Set(calendar.holidays);
  let remaining = slaHours * HOUR_MS;
  // The scan starts on the day before the start's UTC date, which no zone's day of the start
  // precedes (offsets stay within ±14 h); a day that closed before the start adds nothing.
  // So each day's instants come from the cache, and the start's own day needs no Intl call.
  const utc = new Date(startMs - DAY_MS);
  let date = { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() };
  for (let i = 0; i < MAX_DAYS_SCANNED; i++) {
    if (days.has(isoWeekday(date)) && !holidays.has(isoDate(date))) {
      const opening = instantOf(date, open, calendar.timeZone);
      const closing = instantOf(date, close, calendar.timeZone);
      const begin = Math.max(startMs, opening);
      if (begin < closing) {
        if (remaining <= closing - begin) return begin + remaining;
        remaining -= closing - begin;
      }
    }
    date = nextDate(date);
  }
  throw new RangeError('The working-hours calendar has no working time');
}
