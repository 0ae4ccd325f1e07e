import { describe, expect, test } from 'vitest';
import { chunks } from './chunks';

describe('chunks', () => {
  test.each([
    [0, []],
    [1, [1]],
    [500, [500]],
    [501, [500, 1]],
    [600, [500, 100]],
    [1500, [500, 500, 500]],
  ])('%i ids → requests of %j', (count, sizes) => {
    const ids = Array.from({ length: count }, (_, i) => String(i));
    const pieces = chunks(ids, 500);
    expect(pieces.map((p) => p.length)).toEqual(sizes);
    // Every id once, in order.
    expect(pieces.flat()).toEqual(ids);
  });

  test('a size that would never end is refused', () => {
    expect(() => chunks([1, 2], 0)).toThrow(RangeError);
  });
});
