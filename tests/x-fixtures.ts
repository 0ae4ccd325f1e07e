import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Saved X pages made ours by `npm run fixtures:import` (tests/fixtures/x/README.md). Built from
 * the path string: under jsdom the global `URL` is jsdom's, which Node's `fs` does not accept.
 */
export const FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/x');

export const FIXTURES = [
  'twitter.com_home-timeline_dark_2024-11.html',
  'x.com_home-timeline_dark_2025-02.html',
  'x.com_cell_quote-tweet_2025-10.html',
  'x.com_cell_quote-tweet-video_2025-10.html',
  'x.com_status-focused-tweet_2025-10.html',
] as const;

export type FixtureName = (typeof FIXTURES)[number];

const cache = new Map<string, Document>();

/**
 * A saved page parsed in the test's own jsdom window (so `instanceof` and `DOMParser` agree).
 * Parsed once and shared: clone an element (`cloneNode(true)`) before changing it.
 */
export function loadFixture(name: FixtureName): Document {
  let doc = cache.get(name);
  if (!doc) {
    const html = readFileSync(path.join(FIXTURE_DIR, name), 'utf8');
    doc = new DOMParser().parseFromString(html, 'text/html');
    cache.set(name, doc);
  }
  return doc;
}
