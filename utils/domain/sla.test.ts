import { describe, expect, test } from 'vitest';
import { englishDurationUnits } from '../../tests/factories';
import { kindAt } from './escalation';
import {
  computeDeadline,
  DAY_MS,
  dueSoonWindow,
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
const open: UrgencyInput = { status: 'open', deadline };

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

  test('bad deadline → none', () => {
    expect(urgencyOf({ status: 'open', deadline: 'soon' }, D)).toBe('none');
  });
});

describe('one due-soon rule: the window before the deadline, whatever the SLA', () => {
  const W = 6 * HOUR_MS;
  const assigned = Date.parse(assignedAt);
  const withSla = (hours: number): UrgencyInput => ({
    status: 'open',
    deadline: computeDeadline(assignedAt, hours),
  });
  test.each([
    ['SLA 6 h: due soon from the assignment', 6, assigned, 'soon'],
    ['SLA 6 h: still due soon 1 ms before the deadline', 6, assigned + 6 * HOUR_MS - 1, 'soon'],
    ['SLA 2 h: due soon from the assignment', 2, assigned, 'soon'],
    ['SLA 48 h: on time at 24 h left', 48, assigned + 24 * HOUR_MS, 'ok'],
    ['SLA 48 h: on time 1 ms before the last 6 h', 48, assigned + 42 * HOUR_MS - 1, 'ok'],
    ['SLA 48 h: due soon at exactly 6 h left', 48, assigned + 42 * HOUR_MS, 'soon'],
    ['SLA 48 h: overdue at the deadline', 48, assigned + 48 * HOUR_MS, 'overdue'],
    ['SLA 24 h: on time at 7 h left', 24, assigned + 17 * HOUR_MS, 'ok'],
    ['SLA 720 h: on time with a day left', 720, assigned + 696 * HOUR_MS, 'ok'],
    ['SLA 720 h: due soon at 6 h left', 720, assigned + 714 * HOUR_MS, 'soon'],
  ] as const)('%s', (_, sla, now, expected) => {
    expect(urgencyOf(withSla(sla), now, W)).toBe(expected);
  });

  test.each([
    [1, 'ok', 'ok'],
    [6, 'ok', 'soon'],
    [18, 'ok', 'soon'],
    [24, 'soon', 'soon'],
    [72, 'soon', 'soon'],
  ] as const)('window %d h: a 48-h item with 20 h / 6 h left is %s / %s', (hours, at20, at6) => {
    const item = withSla(48);
    const end = Date.parse(item.deadline);
    expect(urgencyOf(item, end - 20 * HOUR_MS, hours * HOUR_MS)).toBe(at20);
    expect(urgencyOf(item, end - 6 * HOUR_MS, hours * HOUR_MS)).toBe(at6);
  });

  test('the escalation check and the page badge agree at every boundary', () => {
    const item = withSla(24);
    const end = Date.parse(item.deadline);
    for (const now of [end - W - 1, end - W, end - 1, end, end + 1]) {
      const kind = kindAt(item.deadline, now, W);
      expect(kind ?? 'ok').toBe(urgencyOf(item, now, W));
    }
  });
});

describe('dueSoonWindow', () => {
  test.each([
    [6, 6 * HOUR_MS],
    [0.5, 30 * MINUTE_MS],
    [72, 72 * HOUR_MS],
    [undefined, 6 * HOUR_MS],
    [0, 6 * HOUR_MS],
    [73, 6 * HOUR_MS],
    [Number.NaN, 6 * HOUR_MS],
  ])('%s h → %d ms', (hours, ms) => {
    expect(dueSoonWindow(hours)).toBe(ms);
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

  test.each([
    ['SLA 48 h, window 6 h: deadline − 6 h', 48, 6, 42],
    ['SLA 48 h, window 12 h: deadline − 12 h', 48, 12, 36],
    ['SLA 6 h, window 6 h: already due soon → the deadline', 6, 6, 6],
    ['SLA 4 h, window 6 h: already due soon → the deadline', 4, 6, 4],
  ] as const)('%s', (_, sla, windowHours, hoursAfterAssignment) => {
    const item: UrgencyInput = { status: 'open', deadline: computeDeadline(assignedAt, sla) };
    expect(nextUrgencyChange(item, Date.parse(assignedAt), windowHours * HOUR_MS)).toBe(
      Date.parse(assignedAt) + hoursAfterAssignment * HOUR_MS,
    );
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
  const id = {
    day: { one: 'hari', other: 'hari', short: 'hari' },
    hour: { one: 'jam', other: 'jam', short: 'jam' },
    minute: { one: 'menit', other: 'menit', short: 'menit' },
    lessThanMinute: 'kurang dari 1 menit',
    lessThanMinuteShort: '< 1 menit',
  };
  const en = englishDurationUnits;

  test.each([
    // [ms, Indonesian, English long, English short]
    [0, 'kurang dari 1 menit', 'less than a minute', '< 1 min'],
    [59_999, 'kurang dari 1 menit', 'less than a minute', '< 1 min'],
    [MINUTE_MS, '1 menit', '1 minute', '1 min'],
    [12 * MINUTE_MS + 59_999, '12 menit', '12 minutes', '12 min'],
    [HOUR_MS - 1, '59 menit', '59 minutes', '59 min'],
    [HOUR_MS, '1 jam', '1 hour', '1 h'],
    [HOUR_MS + MINUTE_MS, '1 jam 1 menit', '1 hour 1 minute', '1 h 1 min'],
    [5 * HOUR_MS + 12 * MINUTE_MS + 30_000, '5 jam 12 menit', '5 hours 12 minutes', '5 h 12 min'],
    [DAY_MS - MINUTE_MS, '23 jam 59 menit', '23 hours 59 minutes', '23 h 59 min'],
    [DAY_MS - 1, '23 jam 59 menit', '23 hours 59 minutes', '23 h 59 min'],
    [DAY_MS, '1 hari', '1 day', '1 d'],
    [DAY_MS + 5 * MINUTE_MS, '1 hari', '1 day', '1 d'],
    [DAY_MS + HOUR_MS, '1 hari 1 jam', '1 day 1 hour', '1 d 1 h'],
    [2 * DAY_MS + 3 * HOUR_MS, '2 hari 3 jam', '2 days 3 hours', '2 d 3 h'],
    [10 * DAY_MS + 2 * HOUR_MS, '10 hari 2 jam', '10 days 2 hours', '10 d 2 h'],
    [-(2 * HOUR_MS + MINUTE_MS), '2 jam 1 menit', '2 hours 1 minute', '2 h 1 min'],
    [Number.NaN, 'kurang dari 1 menit', 'less than a minute', '< 1 min'],
  ])('%d ms → "%s" / "%s" / "%s"', (ms, indonesian, long, short) => {
    expect(formatDuration(ms, id)).toBe(indonesian);
    expect(formatDuration(ms, id, 'short')).toBe(indonesian.replace('kurang dari 1', '< 1'));
    expect(formatDuration(ms, en)).toBe(long);
    expect(formatDuration(ms, en, 'short')).toBe(short);
  });
});
