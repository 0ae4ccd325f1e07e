import { expect, test } from 'vitest';
import {
  addressKey,
  type LoginHistory,
  loginWaitSeconds,
  pairDelaySeconds,
} from './login-throttle';

const now = new Date('2026-03-10T08:00:00Z');
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000);
const clean: LoginHistory = {
  pairFailures: 0,
  lastPairFailure: null,
  addressLimitFailure: null,
  nameLimitFailure: null,
  knownAddress: false,
};

test('a pair has three free failures, then waits 2 s, 4 s, 8 s… up to 15 minutes', () => {
  expect([1, 2, 3, 4, 5, 6, 11, 12, 40].map(pairDelaySeconds)).toEqual([
    0, 0, 2, 4, 8, 16, 512, 900, 900,
  ]);
  const history = { ...clean, pairFailures: 5, lastPairFailure: secondsAgo(3) };
  expect(loginWaitSeconds(history, now)).toBe(5);
  expect(loginWaitSeconds({ ...history, lastPairFailure: secondsAgo(8) }, now)).toBe(0);
  expect(loginWaitSeconds({ ...history, pairFailures: 2 }, now)).toBe(0);
});

test('an address at its limit holds back only the names that failed from it', () => {
  const busy = { ...clean, addressLimitFailure: secondsAgo(60) };
  expect(loginWaitSeconds(busy, now)).toBe(0);
  expect(loginWaitSeconds({ ...busy, pairFailures: 1, lastPairFailure: now }, now)).toBe(14 * 60);
});

test('a name at its ceiling holds back strange addresses, not the ones it logged in from', () => {
  const guessed = { ...clean, nameLimitFailure: secondsAgo(600) };
  expect(loginWaitSeconds(guessed, now)).toBe(50 * 60);
  expect(loginWaitSeconds({ ...guessed, knownAddress: true }, now)).toBe(0);
});

test('an IPv6 address counts as its /64, so one home cannot guess from a new address each time', () => {
  expect(addressKey('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64');
  expect(addressKey('2001:0DB8:0000:0001:ffff:1:2:3')).toBe('2001:db8:0:1::/64');
  expect(addressKey('2001:db8::7')).toBe('2001:db8:0:0::/64');
  expect(addressKey('::1')).toBe('0:0:0:0::/64');
  expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
  expect(addressKey('unknown')).toBe('unknown');
});
