/**
 * When a shared change counts as made. One rule for the browser that makes it and the server
 * that orders it, so that no time the server stores is refused by a browser's pull.
 */
import { refuse } from './schemas/parse';
import type { Assignment } from './types';

/** The earliest time a change may carry: what the stored-time schema accepts. */
const EARLIEST = Date.parse('2000-01-01T00:00:00.000Z');
/** The latest time the stored-time schema accepts. */
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * `at` (ISO 8601) in stored form; a `bad-request` when it is not a date or is before 2000 (the
 * clock of the device that made the change was wrong: no time can repair it, so the change is
 * refused rather than dated at random).
 */
export function checkChangeTime(at: string): string {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) refuse(`at must be an ISO 8601 date, not ${JSON.stringify(at)}`);
  if (ms < EARLIEST) {
    refuse(
      `at is out of range: the change is dated ${JSON.stringify(at)}, before 2000 ` +
        '(the clock of the device that made it was wrong)',
    );
  }
  return new Date(ms).toISOString();
}

/**
 * When a pushed change counts as made: the officer's time, but not in the future (clamped to
 * `now`) and not before the item's last history event. Refused as `checkChangeTime` says.
 * (Not bounded by the pushing login: changes made offline wait through a logout and are
 * pushed by the next login, with their own times.)
 */
export function pushedChangeTime(claimed: string, now: Date, item: Assignment | undefined): string {
  const ms = Date.parse(claimed);
  const at = checkChangeTime(ms > now.getTime() ? now.toISOString() : claimed);
  const last = item?.history.at(-1)?.at;
  const floor = last ? Date.parse(last) || 0 : 0;
  return floor > Date.parse(at) ? new Date(floor).toISOString() : at;
}

/**
 * `at` moved into the years a stored time may take (2000 to 9999), for a time stored before
 * the rules above refused it: one before 2000 becomes the first instant of 2000, so an item
 * dated by a wrong clock keeps its order and every browser takes it. '' and what is no date
 * are left as they are.
 */
export function timeWithinStoredRange(at: string): string {
  const ms = Date.parse(at);
  if (Number.isNaN(ms) || (ms >= EARLIEST && ms <= LATEST)) return at;
  return new Date(Math.min(Math.max(ms, EARLIEST), LATEST)).toISOString();
}
