import { describe, expect, test } from 'vitest';
import { random } from './data';
import { bootstrapInterval, boundVerdict } from './figures';

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Noisy turns around 1: a shared machine's spread, the same every run. */
function turns(n: number, seed = 5): number[] {
  const rnd = random(seed);
  return Array.from({ length: n }, () => 1 + (rnd() - 0.5) * 0.8);
}

describe('bootstrapInterval', () => {
  test('turns that all agree give their figure, exactly', () => {
    expect(bootstrapInterval([2, 2, 2, 2], mean, random(1))).toEqual({ low: 2, high: 2 });
  });

  test('holds the figure of noisy turns, and narrows as the turns grow', () => {
    const few = turns(30);
    const many = turns(480);
    const a = bootstrapInterval(few, mean, random(1));
    const b = bootstrapInterval(many, mean, random(1));
    expect(a.low).toBeLessThan(mean(few));
    expect(a.high).toBeGreaterThan(mean(few));
    expect(b.low).toBeLessThan(mean(many));
    expect(b.high).toBeGreaterThan(mean(many));
    // Sixteen times the turns: about a quarter of the width.
    const ratio = (b.high - b.low) / (a.high - a.low);
    expect(ratio).toBeGreaterThan(0.15);
    expect(ratio).toBeLessThan(0.4);
    // A 90 % interval of the mean of 30 turns spread ±0.4: about ±0.07.
    expect(a.high - a.low).toBeGreaterThan(0.08);
    expect(a.high - a.low).toBeLessThan(0.25);
  });

  test('the same turns and seed give the same interval', () => {
    const xs = turns(30);
    expect(bootstrapInterval(xs, mean, random(9))).toEqual(bootstrapInterval(xs, mean, random(9)));
  });

  test('resamples draw from every turn, the first and the last alike', () => {
    expect(bootstrapInterval([0, 0, 0, 1], (xs) => Math.max(...xs), random(1))).toEqual({
      low: 0,
      high: 1,
    });
    expect(bootstrapInterval([1, 0, 0, 0], (xs) => Math.max(...xs), random(1))).toEqual({
      low: 0,
      high: 1,
    });
  });

  test('no turns, or a turn without its figure: no interval', () => {
    expect(bootstrapInterval([], mean, random(1))).toEqual({ low: NaN, high: NaN });
    expect(bootstrapInterval([1, 2, NaN, 1], mean, random(1))).toEqual({ low: NaN, high: NaN });
  });
});

describe('boundVerdict', () => {
  test('met or missed only when the whole interval is on one side of the bound', () => {
    expect(boundVerdict({ low: 0.05, high: 0.14 }, 0.15)).toBe('met');
    expect(boundVerdict({ low: 0.16, high: 0.3 }, 0.15)).toBe('MISSED');
    expect(boundVerdict({ low: 0.05, high: 0.2 }, 0.15)).toBe('not decided');
  });

  test('an interval ending on the bound meets it; one starting there is not decided', () => {
    expect(boundVerdict({ low: 0.1, high: 0.15 }, 0.15)).toBe('met');
    expect(boundVerdict({ low: 0.15, high: 0.2 }, 0.15)).toBe('not decided');
  });

  test('no interval, no verdict', () => {
    expect(boundVerdict({ low: NaN, high: NaN }, 0.15)).toBe('n/a');
  });
});
