import { describe, expect, test } from 'vitest';
import { turnIntervals, type Turn } from './page-cost';

describe('turnIntervals', () => {
  test('turns that all agree give the run’s own figures, exactly', () => {
    const turns: Turn[] = Array.from({ length: 30 }, () => ({
      without: 1000,
      floor: 1050,
      with: 1080,
    }));
    expect(turnIntervals(turns, 200)).toEqual({
      addedPercent: { low: 8, high: 8 },
      beyondFloorMsPerPost: { low: 0.15, high: 0.15 },
    });
  });

  test('a turn’s three profiles are resampled together', () => {
    // The machine's speed moves every profile of a turn alike: the extension's share does not.
    const turns: Turn[] = Array.from({ length: 30 }, (_, i) => {
      const speed = 1 + (i % 5) * 0.2;
      return { without: 1000 * speed, floor: 1000 * speed, with: 1100 * speed };
    });
    const { addedPercent, beyondFloorMsPerPost } = turnIntervals(turns, 200);
    expect(addedPercent.low).toBeCloseTo(10, 6);
    expect(addedPercent.high).toBeCloseTo(10, 6);
    expect(beyondFloorMsPerPost.low).toBeGreaterThan(0.5);
  });
});
