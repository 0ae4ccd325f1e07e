import { describe, expect, test } from 'vitest';
import {
  computeDeadline,
  formatDuration,
  HOUR_MS,
  MINUTE_MS,
  nextUrgencyChange,
  urgencyOf,
  type UrgencyInput,
} from './sla';

const assignedAt = '2025-03-10T02:00:00.000Z';
const deadline = '2025-03-11T02:00:00.000Z';
const D = Date.parse(deadline);
const open: UrgencyInput = { status: 'open', assignedAt, deadline };

describe('computeDeadline', () => {
  test.each([
    [assignedAt, 24, deadline],
    ['2025-03-10T09:00:00+07:00', 24, '2025-03-11T02:00:00.000Z'],
    [assignedAt, 1.5, '2025-03-10T03:30:00.000Z'],
  ])('%s + %dh = %s', (start, hours, expected) => {
    expect(computeDeadline(start, hours)).toBe(expected);
  });

  test.each([
    ['not a date', 24],
    [assignedAt, 0],
    [assignedAt, Number.NaN],
  ])('rejects %s / %d', (start, hours) => {
    expect(() => computeDeadline(start, hours)).toThrow(RangeError);
  });
});

describe('urgencyOf', () => {
  test.each([
    ['long before the deadline', Date.parse(assignedAt), 'ok'],
    ['one minute before due soon', D - 6 * HOUR_MS - MINUTE_MS, 'ok'],
    ['exactly 6 h before (due-soon boundary)', D - 6 * HOUR_MS, 'soon'],
    ['one minute before the deadline', D - MINUTE_MS, 'soon'],
    ['exactly at the deadline', D, 'overdue'],
    ['one minute after the deadline', D + MINUTE_MS, 'overdue'],
    ['three days overdue', D + 3 * 24 * HOUR_MS, 'overdue'],
  ] as const)('open, %s → %s', (_, now, expected) => {
    expect(urgencyOf(open, now)).toBe(expected);
  });

  test.each([
    ['responded', { ...open, status: 'responded' }],
    ['resolved', { ...open, status: 'resolved' }],
    ['unassigned', { status: 'unassigned', assignedAt: '', deadline: '' }],
    ['missing', undefined],
  ] as const)('%s → none, even long past the deadline', (_, a) => {
    expect(urgencyOf(a, D + 10 * HOUR_MS)).toBe('none');
  });

  test('the soon fraction follows the SLA length (25% of 8 h = 2 h)', () => {
    const short = { ...open, deadline: '2025-03-10T10:00:00.000Z' };
    const end = Date.parse(short.deadline);
    expect(urgencyOf(short, end - 2 * HOUR_MS - 1)).toBe('ok');
    expect(urgencyOf(short, end - 2 * HOUR_MS)).toBe('soon');
    expect(urgencyOf(short, end - 2 * HOUR_MS, 0.5)).toBe('soon');
    expect(urgencyOf(short, end - 4 * HOUR_MS - 1, 0.5)).toBe('ok');
  });
});

describe('nextUrgencyChange', () => {
  test.each([
    ['ok → the due-soon boundary', Date.parse(assignedAt), D - 6 * HOUR_MS],
    ['just before due soon', D - 6 * HOUR_MS - 1, D - 6 * HOUR_MS],
    ['at due soon → the deadline', D - 6 * HOUR_MS, D],
    ['soon → the deadline', D - MINUTE_MS, D],
    ['overdue → never', D, null],
  ] as const)('%s', (_, now, expected) => {
    expect(nextUrgencyChange(open, now)).toBe(expected);
  });

  test('the change it announces is a change', () => {
    for (const now of [Date.parse(assignedAt), D - 6 * HOUR_MS - 1, D - 1]) {
      const next = nextUrgencyChange(open, now);
      expect(next).not.toBeNull();
      expect(urgencyOf(open, next! - 1)).toBe(urgencyOf(open, now));
      expect(urgencyOf(open, next!)).not.toBe(urgencyOf(open, now));
    }
  });

  test.each([
    { ...open, status: 'responded' },
    { ...open, status: 'resolved' },
    { status: 'unassigned', assignedAt: '', deadline: '' },
    undefined,
  ] as const)('nothing changes for %o', (a) => {
    expect(nextUrgencyChange(a, Date.parse(assignedAt))).toBeNull();
  });
});

describe('formatDuration', () => {
  const id = { day: 'h', hour: 'j', minute: 'm', lessThanMinute: '<1m' };
  const en = { day: 'd', hour: 'h', minute: 'm', lessThanMinute: '<1m' };
  test.each([
    [0, '<1m'],
    [59_999, '<1m'],
    [MINUTE_MS, '1m'],
    [12 * MINUTE_MS + 59_999, '12m'],
    [HOUR_MS, '1j'],
    [5 * HOUR_MS + 12 * MINUTE_MS + 30_000, '5j 12m'],
    [23 * HOUR_MS + 59 * MINUTE_MS, '23j 59m'],
    [24 * HOUR_MS, '1h'],
    [27 * HOUR_MS + 5 * MINUTE_MS, '1h 3j'],
    [24 * HOUR_MS + 5 * MINUTE_MS, '1h'],
    [10 * 24 * HOUR_MS + 2 * HOUR_MS, '10h 2j'],
    [-(2 * HOUR_MS + MINUTE_MS), '2j 1m'],
    [Number.NaN, '<1m'],
  ])('%d ms → %s', (ms, expected) => {
    expect(formatDuration(ms, id)).toBe(expected);
  });

  test('units come from the caller', () => {
    expect(formatDuration(27 * HOUR_MS, en)).toBe('1d 3h');
  });
});
