import { expect, test } from 'vitest';
import { PushRateLimit } from './push-rate';

test('a user pushes a minute’s allowance at once, then as fast as it fills again', () => {
  const limit = new PushRateLimit(120);
  expect(limit.take('siti', 100, 0)).toBe(0);
  expect(limit.take('siti', 20, 0)).toBe(0);
  // Two changes a second come back: 10 wait 5 s.
  expect(limit.take('siti', 10, 0)).toBe(5);
  expect(limit.take('siti', 10, 4_000)).toBe(1);
  expect(limit.take('siti', 10, 5_000)).toBe(0);
  // Another user has an allowance of their own.
  expect(limit.take('budi', 120, 5_000)).toBe(0);
});

test('a refused push takes nothing, and a push above the allowance waits for a full one', () => {
  const limit = new PushRateLimit(60);
  expect(limit.take('siti', 60, 0)).toBe(0);
  expect(limit.take('siti', 100, 30_000)).toBe(30);
  expect(limit.take('siti', 100, 60_000)).toBe(0);
  expect(limit.take('siti', 1, 60_000)).toBe(1);
});
