import { describe, expect, test } from 'vitest';
import { firstTweetIdAt, isAtOrAfter } from './tweet-time';

describe('firstTweetIdAt', () => {
  test('matches a real post: its id lies within the second X shows as its time', () => {
    // From the saved page x.com_cell_quote-tweet_2025-10.html: the post's id and its <time>.
    const id = 1983130065321101649n;
    const shownMs = Date.parse('2025-10-28T11:13:47.000Z');
    expect(BigInt(firstTweetIdAt(shownMs))).toBeLessThanOrEqual(id);
    expect(BigInt(firstTweetIdAt(shownMs + 1000))).toBeGreaterThan(id);
  });

  test('later times give larger ids of the same length', () => {
    const a = firstTweetIdAt(Date.parse('2026-11-25T00:00:00Z'));
    const b = firstTweetIdAt(Date.parse('2026-11-28T00:00:00Z'));
    expect(a).toHaveLength(19);
    expect(b).toHaveLength(19);
    expect(b > a).toBe(true);
  });
});

describe('isAtOrAfter', () => {
  test.each([
    ['1900000000000000001', '1900000000000000000', true],
    ['1900000000000000000', '1900000000000000000', true],
    ['1899999999999999999', '1900000000000000000', false],
    // Other lengths are not compared: an old short id, or a forged long one.
    ['950000000000000000', '1900000000000000000', false],
    ['19000000000000000000', '1900000000000000000', false],
  ])('%s from %s: %s', (id, since, expected) => {
    expect(isAtOrAfter(id, since)).toBe(expected);
  });
});
