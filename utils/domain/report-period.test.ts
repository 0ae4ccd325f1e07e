import { describe, expect, it } from 'vitest';
import {
  jakartaDay,
  kindOf,
  periodBounds,
  periodFromSearch,
  periodOf,
  periodSearch,
  weeksOf,
} from './report-period';

// Thursday 3 December 2026, 10:00 in Jakarta.
const NOW = Date.parse('2026-12-03T03:00:00.000Z');

describe('the report period', () => {
  it.each([
    ['today', '2026-12-03', '2026-12-03'],
    ['yesterday', '2026-12-02', '2026-12-02'],
    ['this-week', '2026-11-30', '2026-12-06'],
    ['last-week', '2026-11-23', '2026-11-29'],
    ['this-month', '2026-12-01', '2026-12-31'],
    ['last-month', '2026-11-01', '2026-11-30'],
  ] as const)('%s runs from %s to %s', (kind, from, to) => {
    expect(periodOf(kind, NOW)).toEqual({ from, to });
    expect(kindOf({ from, to }, NOW)).toBe(kind);
  });

  it('takes its days in Jakarta: 23:30 UTC is already the next day there', () => {
    const lateUtc = Date.parse('2026-12-06T17:30:00.000Z'); // Monday 00:30 WIB
    expect(jakartaDay(lateUtc)).toBe('2026-12-07');
    expect(periodOf('this-week', lateUtc)).toEqual({ from: '2026-12-07', to: '2026-12-13' });
  });

  it('knows last month across a year and February', () => {
    expect(periodOf('last-month', Date.parse('2027-01-15T05:00:00Z'))).toEqual({
      from: '2026-12-01',
      to: '2026-12-31',
    });
    expect(periodOf('this-month', Date.parse('2028-02-10T05:00:00Z')).to).toBe('2028-02-29');
  });

  it('covers whole Jakarta days, from midnight to the next midnight', () => {
    expect(periodBounds({ from: '2026-12-01', to: '2026-12-01' })).toEqual({
      startMs: Date.parse('2026-11-30T17:00:00.000Z'),
      endMs: Date.parse('2026-12-01T17:00:00.000Z'),
    });
  });

  it('reads its days from the address and writes them back', () => {
    const search = '?from=2026-11-01&to=2026-11-30';
    expect(periodFromSearch(search, NOW)).toEqual({
      period: { from: '2026-11-01', to: '2026-11-30' },
    });
    expect(periodSearch({ from: '2026-11-01', to: '2026-11-30' })).toBe(search);
    expect(kindOf({ from: '2026-11-02', to: '2026-11-05' }, NOW)).toBe('custom');
  });

  it.each([
    ['?from=2026-11-31&to=2026-12-01', 'not-a-day'],
    ['?from=2026-12-01', 'not-a-day'],
    ['?from=2026-12-05&to=2026-12-01', 'reversed'],
    ['?from=2024-01-01&to=2026-12-01', 'too-long'],
  ])('refuses %s (%s) and shows this week', (search, problem) => {
    expect(periodFromSearch(search, NOW)).toEqual({
      period: { from: '2026-11-30', to: '2026-12-06' },
      problem,
    });
  });

  it('shows this week without an address period', () => {
    expect(periodFromSearch('', NOW).period).toEqual(periodOf('this-week', NOW));
  });

  it('lists the Mondays of the weeks a period touches', () => {
    expect(weeksOf({ from: '2026-11-01', to: '2026-11-30' })).toEqual([
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
      '2026-11-30',
    ]);
  });
});
