/**
 * Every selector Tanggap uses on X's pages (X's links are read by domain/x-links.ts).
 *
 * Only `data-testid`, `role` and structural attributes: X's class names are generated and
 * its visible text is translated. Each selector lists the saved pages in
 * `tests/fixtures/x/` where it must match and how many times; `selectors.test.ts`
 * checks those counts, so a change in X's markup shows up as a failing test.
 *
 * Fixture names below are shortened: twitter-home = twitter.com_home-timeline_dark_2024-11,
 * x-home = x.com_home-timeline_dark_2025-02, quote = x.com_cell_quote-tweet_2025-10,
 * quote-video = x.com_cell_quote-tweet-video_2025-10, focused = x.com_status-focused-tweet_2025-10.
 */
export const selectors = {
  /**
   * A post (on `<article>` since about 2022, earlier on a `<div>` inside it).
   * twitter-home 5 (1 promoted), x-home 6, quote 1, quote-video 1, focused 1.
   */
  post: '[data-testid="tweet"]',

  /**
   * A timeline cell; absolutely positioned and re-used as the page scrolls.
   * twitter-home 5, x-home 7 (1 empty), quote 1, quote-video 1, focused 0.
   */
  cell: '[data-testid="cellInnerDiv"]',

  /**
   * Author block: display name, @handle and (outside the focused post) the time link.
   * A quote post holds a second one inside the quoted block.
   * twitter-home 7, x-home 6, quote 2, quote-video 2, focused 1.
   */
  userName: '[data-testid="User-Name"]',

  /**
   * Post text; a quote post has a second one inside the quoted block; media-only posts have none.
   * twitter-home 7 (5 posts + 2 quoted), x-home 5, quote 2, quote-video 2, focused 1.
   */
  tweetText: '[data-testid="tweetText"]',

  /**
   * "… reposted" line above a repost; its `<a>` links to the reposter.
   * twitter-home 3, x-home 0, quote 0, quote-video 0, focused 0.
   */
  socialContext: '[data-testid="socialContext"]',

  /**
   * The block a quoted post is rendered in: a `div` (not an `a`) with role link. Only an
   * ANCESTOR of a post part means "quoted": X also uses it for affiliate badges, "Show more"
   * and sidebar trends, which hold no post parts.
   * twitter-home 7 (2 quoted posts, 1 badge inside one, 4 trends), x-home 6 (1 "Show more",
   * 5 sidebar), quote 1, quote-video 1, focused 1 (badge in the display name).
   */
  quoteBlock: 'div[role="link"]',

  /**
   * Any `<time datetime>`: the post's own sits in its status link; a quoted post's sits in no link.
   * twitter-home 6, x-home 6, quote 2, quote-video 2, focused 1.
   */
  time: 'time[datetime]',

  /**
   * Impression tracking. An ANCESTOR of a post marks it promoted; X also puts one inside a
   * normal post around its video player, which says nothing.
   * twitter-home 5 (1 around the promoted post + 4 in its pixels), x-home 3 (videos),
   * quote 0, quote-video 1 (video), focused 0.
   */
  placementTracking: '[data-testid="placementTracking"]',

  /**
   * Ad impression pixels beside a promoted post, inside its `placementTracking`.
   * twitter-home 4, x-home 0, quote 0, quote-video 0, focused 0.
   */
  impressionPixel: '[data-testid$="-impression-pixel"]',

  /**
   * A post's action bar (reply, repost, like, views, bookmark), the one `role="group"` in a post.
   * X updates its counters in place, which changes nothing the reader reads.
   * twitter-home 5, x-home 6, quote 1, quote-video 1, focused 1.
   */
  actionBar: '[role="group"]',
} as const;

export type SelectorName = keyof typeof selectors;

export const POST_SELECTOR = selectors.post;
