/**
 * Instants as a place's clock and calendar show them: an ISO 8601 time with the zone's offset
 * (`2026-12-06T09:15:00+07:00`, what a spreadsheet in Bandung should read), and the local days
 * the popup's periods are made of. General in the zone (through Intl); Asia/Jakarta by default.
 */
import { instantOf, localDateOf, offsetAt } from './working-hours';

export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';
const DAY_MS = 24 * 60 * 60 * 1000;

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** `iso` (any ISO 8601 instant) as the zone's wall-clock time with its offset; '' stays ''. */
export function zonedIso(iso: string, timeZone = DEFAULT_TIME_ZONE): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const offset = offsetAt(ms, timeZone);
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offset);
  const minutes = Math.round(offset / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  return (
    `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
    `T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`
  );
}

/** The instant the zone's day holding `ms` began, moved by `days` whole local days. */
export function localDayStart(ms: number, timeZone = DEFAULT_TIME_ZONE, days = 0): number {
  const today = localDateOf(ms, timeZone);
  const shifted = new Date(Date.UTC(today.year, today.month - 1, today.day) + days * DAY_MS);
  const date = {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
  return instantOf(date, 0, timeZone);
}

/** The zone's ISO weekday (Monday = 1 … Sunday = 7) of the day holding `ms`. */
export function localWeekday(ms: number, timeZone = DEFAULT_TIME_ZONE): number {
  const { year, month, day } = localDateOf(ms, timeZone);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() || 7;
}
