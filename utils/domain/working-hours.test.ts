import { describe, expect, test } from 'vitest';
import { DEFAULT_SETTINGS } from './settings';
import { clockStartOf, computeDeadline, HOUR_MS, nextUrgencyChange, urgencyOf } from './sla';
import { isTimeZone, workingDeadline, type WorkingHours } from './working-hours';

/** Jakarta, Monday to Friday 08:00–16:00: eight working hours a day. */
const jakarta: WorkingHours = { ...DEFAULT_SETTINGS.workingHours, enabled: true };
const wib = (local: string) => Date.parse(`${local}+07:00`);
const iso = (local: string) => new Date(wib(local)).toISOString();

// 10 March 2025 is a Monday.
describe('workingDeadline (Asia/Jakarta, Mon–Fri 08:00–16:00)', () => {
  test.each([
    [
      'a weekday morning: 7 h Mon, 8 h Tue, 8 h Wed, 1 h Thu',
      '2025-03-10T09:00',
      24,
      '2025-03-13T09:00',
    ],
    ['Friday afternoon runs over the weekend', '2025-03-14T14:00', 24, '2025-03-19T14:00'],
    ['a start before opening counts from the opening', '2025-03-10T06:00', 4, '2025-03-10T12:00'],
    [
      'a start exactly at closing counts from the next opening',
      '2025-03-10T16:00',
      1,
      '2025-03-11T09:00',
    ],
    [
      'a deadline that falls at closing stays at closing',
      '2025-03-10T08:00',
      8,
      '2025-03-10T16:00',
    ],
    [
      'a start in the evening counts from the next morning',
      '2025-03-10T23:30',
      1,
      '2025-03-11T09:00',
    ],
    ['a start on Saturday counts from Monday', '2025-03-15T10:00', 2, '2025-03-17T10:00'],
    ['minutes count too', '2025-03-10T15:45', 0.5, '2025-03-11T08:15'],
  ])('%s', (_, start, hours, expected) => {
    expect(workingDeadline(wib(start), hours, jakarta)).toBe(wib(expected));
  });

  test('a holiday is skipped like a weekend day', () => {
    const withHoliday = { ...jakarta, holidays: ['2025-03-11'] };
    // Mon 7 h, (Tue off), Wed 8 h, Thu 8 h, Fri 1 h.
    expect(workingDeadline(wib('2025-03-10T09:00'), 24, withHoliday)).toBe(wib('2025-03-14T09:00'));
  });

  test('a start on a holiday counts from the next working day', () => {
    const withHoliday = { ...jakarta, holidays: ['2025-03-17'] };
    expect(workingDeadline(wib('2025-03-17T10:00'), 1, withHoliday)).toBe(wib('2025-03-18T09:00'));
  });

  test('other working days and hours', () => {
    const saturdays = { ...jakarta, days: [6], start: '09:00', end: '12:00' };
    expect(workingDeadline(wib('2025-03-10T10:00'), 4, saturdays)).toBe(wib('2025-03-22T10:00'));
  });

  test('follows daylight saving in zones that have it (Berlin, 30 March 2025)', () => {
    const berlin = { ...jakarta, timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5, 6, 7] };
    // Saturday 15:00 CET is 14:00Z: 1 h on Saturday, then Sunday 08:00 CEST (06:00Z) + 1 h.
    expect(
      new Date(workingDeadline(Date.parse('2025-03-29T14:00:00Z'), 2, berlin)).toISOString(),
    ).toBe('2025-03-30T07:00:00.000Z');
  });

  test.each([
    // Local Monday 09:00 (+14 h) is still Sunday in UTC: 2 h on that Monday.
    ['Pacific/Kiritimati', '2025-03-09T19:00:00Z', '2025-03-09T21:00:00.000Z'],
    // Local Friday 15:00 (−11 h) is already Saturday in UTC: 1 h on Friday, 1 h on Monday.
    ['Pacific/Pago_Pago', '2025-03-15T02:00:00Z', '2025-03-17T20:00:00.000Z'],
  ])('counts the start’s own local day where it is not the UTC day (%s)', (zone, start, due) => {
    const calendar = { ...jakarta, timeZone: zone };
    expect(new Date(workingDeadline(Date.parse(start), 2, calendar)).toISOString()).toBe(due);
  });

  test('a calendar without working time is refused, not looped over', () => {
    expect(() => workingDeadline(wib('2025-03-10T09:00'), 1, { ...jakarta, days: [] })).toThrow(
      RangeError,
    );
    expect(() =>
      workingDeadline(wib('2025-03-10T09:00'), 1, { ...jakarta, start: '16:00', end: '08:00' }),
    ).toThrow(RangeError);
  });
});

test.each([
  ['Asia/Jakarta', true],
  ['Europe/Berlin', true],
  ['Mars/Olympus', false],
  ['', false],
])('isTimeZone(%j) is %s', (zone, expected) => {
  expect(isTimeZone(zone)).toBe(expected);
});

describe('deadline rules', () => {
  test('computeDeadline counts working hours only when the calendar is on', () => {
    const start = iso('2025-03-14T14:00');
    expect(computeDeadline(start, 24, { workingHours: jakarta })).toBe(iso('2025-03-19T14:00'));
    expect(computeDeadline(start, 24, { workingHours: { ...jakarta, enabled: false } })).toBe(
      iso('2025-03-15T14:00'),
    );
    expect(computeDeadline(start, 24)).toBe(iso('2025-03-15T14:00'));
  });

  test.each([
    ['assignment', '2025-03-10T01:00:00.000Z', '2025-03-10T05:00:00.000Z'],
    ['post', '2025-03-10T01:00:00.000Z', '2025-03-10T01:00:00.000Z'],
    // A post time that is unknown or later than the assignment cannot start the clock.
    ['post', '', '2025-03-10T05:00:00.000Z'],
    ['post', '2025-03-10T06:00:00.000Z', '2025-03-10T05:00:00.000Z'],
  ] as const)('clock start %s, post at %j → %s', (clockStart, createdAt, expected) => {
    expect(clockStartOf('2025-03-10T05:00:00.000Z', createdAt, { clockStart })).toBe(expected);
  });

  test('a calendar deadline is due soon in its last 6 clock hours, not 6 working hours', () => {
    // Friday 10:00 + 24 working hours: Fri 6 h, Mon 8 h, Tue 8 h, Wed 2 h → Wednesday 10:00.
    const item = {
      status: 'open' as const,
      deadline: computeDeadline(iso('2025-03-14T10:00'), 24, { workingHours: jakarta }),
    };
    expect(item.deadline).toBe(iso('2025-03-19T10:00'));
    const window = 6 * HOUR_MS;
    // Tuesday 12:00 leaves 6 working hours but 22 clock hours: not yet due soon.
    expect(urgencyOf(item, wib('2025-03-18T12:00'), window)).toBe('ok');
    expect(urgencyOf(item, wib('2025-03-19T04:00') - 1, window)).toBe('ok');
    expect(urgencyOf(item, wib('2025-03-19T04:00'), window)).toBe('soon');
    expect(nextUrgencyChange(item, wib('2025-03-18T12:00'), window)).toBe(wib('2025-03-19T04:00'));
  });
});
