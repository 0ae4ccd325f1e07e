// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import { FIXTURES, loadFixture } from '../../tests/x-fixtures';
import { selectors, type SelectorName } from './selectors';

const [twitterHome, xHome, quote, quoteVideo, focused] = FIXTURES;

/** Matches in the whole saved page, as counted by hand in the HTML (see selectors.ts). */
const coverage: Record<SelectorName, Record<(typeof FIXTURES)[number], number>> = {
  post: { [twitterHome]: 5, [xHome]: 6, [quote]: 1, [quoteVideo]: 1, [focused]: 1 },
  cell: { [twitterHome]: 5, [xHome]: 7, [quote]: 1, [quoteVideo]: 1, [focused]: 0 },
  userName: { [twitterHome]: 7, [xHome]: 6, [quote]: 2, [quoteVideo]: 2, [focused]: 1 },
  tweetText: { [twitterHome]: 7, [xHome]: 5, [quote]: 2, [quoteVideo]: 2, [focused]: 1 },
  socialContext: { [twitterHome]: 3, [xHome]: 0, [quote]: 0, [quoteVideo]: 0, [focused]: 0 },
  quoteBlock: { [twitterHome]: 7, [xHome]: 6, [quote]: 1, [quoteVideo]: 1, [focused]: 1 },
  time: { [twitterHome]: 6, [xHome]: 6, [quote]: 2, [quoteVideo]: 2, [focused]: 1 },
  placementTracking: { [twitterHome]: 5, [xHome]: 3, [quote]: 0, [quoteVideo]: 1, [focused]: 0 },
  impressionPixel: { [twitterHome]: 4, [xHome]: 0, [quote]: 0, [quoteVideo]: 0, [focused]: 0 },
  actionBar: { [twitterHome]: 5, [xHome]: 6, [quote]: 1, [quoteVideo]: 1, [focused]: 1 },
};

const coverageCases = Object.entries(coverage).flatMap(([name, counts]) =>
  Object.entries(counts).map(([fixture, count]) => ({
    name: name as SelectorName,
    fixture: fixture as (typeof FIXTURES)[number],
    count,
  })),
);

describe('selector coverage', () => {
  test('every selector has a row', () => {
    expect(Object.keys(coverage).sort()).toEqual(Object.keys(selectors).sort());
  });

  test.each(coverageCases)('$name matches $count times in $fixture', ({ name, fixture, count }) => {
    expect(loadFixture(fixture).querySelectorAll(selectors[name])).toHaveLength(count);
  });
});
