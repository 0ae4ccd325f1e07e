import { describe, expect, test } from 'vitest';
import { BACKOFF_CAP_MS, backoffDelay } from './retry';

describe('backoffDelay', () => {
  test.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [9, 256_000],
    [10, BACKOFF_CAP_MS],
    [40, BACKOFF_CAP_MS],
  ])('retry %i waits less than %i ms, from 0 (full jitter)', (failures, ceiling) => {
    expect(backoffDelay(failures, () => 0)).toBe(0);
    expect(backoffDelay(failures, () => 0.5)).toBe(ceiling / 2);
    expect(backoffDelay(failures, () => 0.999_999)).toBe(ceiling - 1);
  });
});
