import { expect, test } from 'vitest';
import { localDayStart, localWeekday, zonedIso } from './zoned-time';

test.each([
  ['2026-12-06T02:15:00.000Z', 'Asia/Jakarta', '2026-12-06T09:15:00+07:00'],
  ['2026-12-05T17:00:00.000Z', 'Asia/Jakarta', '2026-12-06T00:00:00+07:00'],
  ['2026-12-05T16:59:59.999Z', 'Asia/Jakarta', '2026-12-05T23:59:59+07:00'],
  ['2026-12-06T02:15:00.000Z', 'Asia/Jayapura', '2026-12-06T11:15:00+09:00'],
  ['2026-07-01T12:00:00.000Z', 'America/New_York', '2026-07-01T08:00:00-04:00'],
  ['', 'Asia/Jakarta', ''],
])('%s in %s is %s', (iso, zone, shown) => {
  expect(zonedIso(iso, zone)).toBe(shown);
  if (iso) expect(Math.floor(Date.parse(shown) / 1000)).toBe(Math.floor(Date.parse(iso) / 1000));
});

test('a Jakarta day starts at 17:00 UTC the day before, whatever the hour asked', () => {
  const at = Date.parse('2026-12-05T17:30:00.000Z'); // 00:30 on Sunday 6 December in Jakarta
  expect(new Date(localDayStart(at)).toISOString()).toBe('2026-12-05T17:00:00.000Z');
  expect(new Date(localDayStart(at, 'Asia/Jakarta', -1)).toISOString()).toBe(
    '2026-12-04T17:00:00.000Z',
  );
  expect(new Date(localDayStart(at - 31 * 60_000)).toISOString()).toBe('2026-12-04T17:00:00.000Z');
  expect(localWeekday(at)).toBe(7);
  expect(localWeekday(at - 60 * 60_000)).toBe(6);
});
