import { expect, test } from 'vitest';
import { periodRange } from './backlog-period';

// Monday 7 December 2026, 00:30 in Jakarta (still Sunday 6 December in UTC).
const mondayJustAfterMidnight = Date.parse('2026-12-06T17:30:00.000Z');

test.each([
  ['today', '2026-12-06T17:00:00.000Z', '2026-12-07T17:00:00.000Z'],
  ['yesterday', '2026-12-05T17:00:00.000Z', '2026-12-06T17:00:00.000Z'],
  ['week', '2026-12-06T17:00:00.000Z', '2026-12-13T17:00:00.000Z'],
] as const)('%s, just after midnight in Jakarta, is %s – %s', (period, from, to) => {
  expect(periodRange(period, mondayJustAfterMidnight)).toEqual({ from, to });
});

test('on a Sunday evening the week began the Monday before', () => {
  const sundayEvening = Date.parse('2026-12-06T12:00:00.000Z'); // 19:00 in Jakarta
  expect(periodRange('week', sundayEvening)).toEqual({
    from: '2026-11-29T17:00:00.000Z',
    to: '2026-12-06T17:00:00.000Z',
  });
});

test('another zone has its own midnight', () => {
  expect(periodRange('today', mondayJustAfterMidnight, 'Asia/Jayapura').from).toBe(
    '2026-12-06T15:00:00.000Z',
  );
});
