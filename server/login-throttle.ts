/**
 * When a login attempt may check its password (OWASP's authentication guidance: throttle, do
 * not lock). Three rules, none of which an outsider can turn against an officer elsewhere:
 *
 * - A name from one address (the pair): 3 failures are free, then each waits twice as long
 *   as the one before (2 s, 4 s, 8 s… at most 15 minutes) after the pair's last failure.
 *   Remembered a day, or until the pair logs in. The right password from another address is
 *   not held back.
 * - An address: past 100 failures in 15 minutes (an office of ~50 officers behind one NAT
 *   mistyping twice each stays below), only the names that have failed from it wait for the
 *   window; a name without failures from it still logs in.
 * - A name from all addresses: past 10 failures in an hour, addresses the name has not logged
 *   in from in the last 30 days wait for the hour's window; the ones it has keep only their
 *   pair's backoff.
 *
 * So guessing one name gets about 10 passwords an hour from any number of strange addresses
 * (240 a day), plus about 4 an hour per address the officer logs in from; against a password
 * of at least 10 characters, impractical.
 *
 * An IPv6 address counts as its /64: one home or phone holds a whole /64, and would otherwise
 * be a new address for every guess.
 */
import { isIPv6 } from 'node:net';

export const FREE_FAILURES_PER_PAIR = 3;
export const MAX_PAIR_DELAY_SECONDS = 15 * 60;
export const PAIR_MEMORY_HOURS = 24;
export const ADDRESS_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ADDRESS = 100;
export const NAME_WINDOW_MINUTES = 60;
export const MAX_FAILURES_PER_NAME = 10;
export const KNOWN_ADDRESS_DAYS = 30;

/** What the database knows of an attempt's name and address (the attempt itself excluded). */
export interface LoginHistory {
  /** The pair's failures since its last login, within the pair's memory. */
  pairFailures: number;
  lastPairFailure: Date | null;
  /**
   * The address's failure that puts it at its limit (the 100th latest in its window), or null
   * while it has fewer: when it leaves the window, the address is below the limit again.
   */
  addressLimitFailure: Date | null;
  /** Likewise the name's 10th latest failure within its window, from any address. */
  nameLimitFailure: Date | null;
  /** The name logged in from this address within the last 30 days. */
  knownAddress: boolean;
}

/** The wait after a pair's `failures`-th failure. */
export function pairDelaySeconds(failures: number): number {
  if (failures < FREE_FAILURES_PER_PAIR) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES_PER_PAIR + 1), MAX_PAIR_DELAY_SECONDS);
}

/** Seconds the attempt must wait before its password is checked; 0 to check it now. */
export function loginWaitSeconds(history: LoginHistory, now: Date): number {
  const until: number[] = [];
  if (history.lastPairFailure && history.pairFailures >= FREE_FAILURES_PER_PAIR) {
    until.push(history.lastPairFailure.getTime() + pairDelaySeconds(history.pairFailures) * 1000);
  }
  if (history.addressLimitFailure && history.pairFailures > 0) {
    until.push(history.addressLimitFailure.getTime() + ADDRESS_WINDOW_MINUTES * 60_000);
  }
  if (history.nameLimitFailure && !history.knownAddress) {
    until.push(history.nameLimitFailure.getTime() + NAME_WINDOW_MINUTES * 60_000);
  }
  const wait = Math.max(0, ...until) - now.getTime();
  return wait > 0 ? Math.ceil(wait / 1000) : 0;
}

/** The address as throttling counts it: IPv4 as it is (also when IPv4-mapped), IPv6 as its /64. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  const bare = address.split('%')[0]!;
  if (!isIPv6(bare)) return address;
  const groupsIn = (part: string) =>
    part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]));
  const [head = '', tail] = bare.split('::');
  const front = groupsIn(head);
  const back = tail === undefined ? [] : groupsIn(tail);
  const groups = [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
