// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import { FIXTURES, loadFixture, type FixtureName } from '../tests/x-fixtures';
import { findAuthorLine, findPostElements, isPromoted, readPost } from './x-post';
import { selectors } from './x-selectors';

const [twitterHome, xHome, quote, quoteVideo, focused] = FIXTURES;

function postAt(fixture: FixtureName, index: number): Element {
  const post = findPostElements(loadFixture(fixture))[index];
  if (!post) throw new Error(`${fixture} has no post ${index}`);
  return post;
}

/** A detached copy, for tests that change the markup. */
function copyOf(fixture: FixtureName, index: number): Element {
  return postAt(fixture, index).cloneNode(true) as Element;
}

function part(el: ParentNode, selector: string): Element {
  const found = el.querySelector(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

interface Expected {
  id: string;
  handle: string;
  name: string;
  createdAt: string;
  /** The first words a reader sees (whitespace collapsed: the 2024 page was re-indented). */
  text: string;
  repostedBy: string | null;
  focused: boolean;
  promoted: boolean;
}

function seen(e: Partial<Expected> & Pick<Expected, 'id' | 'handle' | 'name' | 'createdAt'>) {
  return { text: '', repostedBy: null, focused: false, promoted: false, ...e };
}

/** Every post element in every saved page, as a person reads it; null = not readable. */
const posts: [FixtureName, number, Expected | null][] = [
  [
    twitterHome,
    0,
    seen({
      id: '1862053972372259321',
      handle: 'jiims',
      name: 'ayu',
      createdAt: '2024-11-28T08:40:36.000Z',
      text: '$3 GIVEAWAY - END FAST RT & Must like my recent retweets (4-5)',
    }),
  ],
  [
    twitterHome,
    1,
    seen({
      id: '1861787409932808618',
      handle: 'The_Shareio',
      name: 'Shareio',
      createdAt: '2024-11-27T15:01:23.000Z',
      text: '📊 Content Creation Reality Check:',
      repostedBy: 'jiims',
    }),
  ],
  [
    twitterHome,
    2,
    seen({
      id: '1862031538084250015',
      handle: 'CryptoWinkle',
      name: 'Crypto Winkle',
      createdAt: '2024-11-28T07:11:28.000Z',
      text: 'Loving the competitive spirit in the @PlayOutlanders community!',
      repostedBy: 'jiims',
    }),
  ],
  [
    twitterHome,
    3,
    seen({
      id: '1862044527567212665',
      handle: 'thunderdegen',
      name: 'thundr',
      createdAt: '2024-11-28T08:03:05.000Z',
      text: "i think i'm early",
      repostedBy: 'jiims',
    }),
  ],
  // The Nordace ad: "Ad" where the time would be, so no status link.
  [twitterHome, 4, null],
  [
    xHome,
    0,
    seen({
      id: '1890459111671656594',
      handle: 'BGatesIsaPyscho',
      name: 'Concerned Citizen',
      createdAt: '2025-02-14T17:52:29.000Z',
      text: 'Study of excess mortality across 9 Countries',
    }),
  ],
  [
    xHome,
    1,
    seen({
      id: '1890454526378815975',
      handle: 'BGatesIsaPyscho',
      name: 'Concerned Citizen',
      createdAt: '2025-02-14T17:34:16.000Z',
      text: 'Trump framed his famous mugshot & hung it in the hallway to the Oval Office 🤣',
    }),
  ],
  [
    xHome,
    2,
    seen({
      id: '1890451695559213256',
      handle: 'BGatesIsaPyscho',
      name: 'Concerned Citizen',
      createdAt: '2025-02-14T17:23:01.000Z',
      text: 'Dude questions the aftermath of the Maui Fires.',
    }),
  ],
  [
    xHome,
    3,
    seen({
      id: '1890449332865786329',
      handle: 'BGatesIsaPyscho',
      name: 'Concerned Citizen',
      createdAt: '2025-02-14T17:13:38.000Z',
      text: 'American Skies look like British skies.',
    }),
  ],
  [
    xHome,
    4,
    seen({
      id: '1890443411544522946',
      handle: 'nikitabier',
      name: 'Nikita Bier',
      createdAt: '2025-02-14T16:50:06.000Z',
      text: 'I spent 10 minutes prompting Deep Research with a complex tax scenario',
    }),
  ],
  // A photo and no text.
  [
    xHome,
    5,
    seen({
      id: '1890449163420078087',
      handle: 'nikitabier',
      name: 'Nikita Bier',
      createdAt: '2025-02-14T17:12:58.000Z',
    }),
  ],
  [
    quote,
    0,
    seen({
      id: '1983130065320780162',
      handle: 'TestQuoter',
      name: 'Test Quoter',
      createdAt: '2025-10-28T11:13:47.000Z',
      text: 'This is a quote tweet with additional commentary',
    }),
  ],
  [
    quoteVideo,
    0,
    seen({
      id: '1983128852952998358',
      handle: 'QuotingUser',
      name: 'Quoting User',
      createdAt: '2025-10-28T11:08:57.000Z',
      text: 'How to share Example.com links',
    }),
  ],
  [
    focused,
    0,
    seen({
      id: '1981398750557065646',
      handle: 'TestUser123',
      name: 'Test User Account',
      createdAt: '2025-10-23T16:34:09.000Z',
      text: "Democrat Shutdown Jeopardizes America's Skies",
      focused: true,
    }),
  ],
];

describe('readPost on saved pages', () => {
  test('the table lists every post element', () => {
    for (const fixture of FIXTURES) {
      const listed = posts.filter(([f]) => f === fixture).map(([, i]) => i);
      const found = findPostElements(loadFixture(fixture)).map((_, i) => i);
      expect(listed, fixture).toEqual(found);
    }
  });

  test.each(posts)('%s #%i', (fixture, index, expected) => {
    const post = readPost(postAt(fixture, index));
    if (expected === null) {
      expect(post).toBeNull();
      return;
    }
    expect(post).not.toBeNull();
    if (!post) return;
    expect(post.id).toBe(expected.id);
    expect(post.authorHandle).toBe(expected.handle);
    expect(post.authorName).toBe(expected.name);
    expect(post.createdAt).toBe(expected.createdAt);
    expect(post.url).toBe(`https://x.com/${expected.handle}/status/${expected.id}`);
    if (expected.text === '') expect(post.text).toBe('');
    else expect(squash(post.text).startsWith(expected.text)).toBe(true);
    expect(post.repostedBy).toBe(expected.repostedBy);
    expect(post.focused).toBe(expected.focused);
    expect(post.promoted).toBe(expected.promoted);
    expect(post.replyTo).toEqual([]);
  });

  test.each([
    [twitterHome, 4],
    [xHome, 6],
    [quote, 1],
    [quoteVideo, 1],
    [focused, 1],
  ] as const)('%s has %i readable posts', (fixture, count) => {
    const read = findPostElements(loadFixture(fixture)).map((el) => readPost(el));
    expect(read.filter((p) => p !== null)).toHaveLength(count);
  });

  test('ids are kept exactly, beyond 2^53', () => {
    const ids = FIXTURES.flatMap((f) => findPostElements(loadFixture(f)))
      .map((el) => readPost(el)?.id)
      .filter((id) => id !== undefined);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(BigInt(id)).toBeGreaterThan(2n ** 53n);
    // 1862053972372259321 is not a double: a Number round trip would change it.
    expect(String(Number('1862053972372259321'))).not.toBe('1862053972372259321');
    expect(readPost(postAt(twitterHome, 0))?.id).toBe('1862053972372259321');
  });

  test('twitter.com links give x.com URLs', () => {
    const link = part(postAt(twitterHome, 0), 'time').closest('a');
    expect(link?.getAttribute('href')).toMatch(/^https:\/\/twitter\.com\//);
    expect(readPost(postAt(twitterHome, 0))?.url).toBe(
      'https://x.com/jiims/status/1862053972372259321',
    );
  });
});

describe('quote posts give the outer post', () => {
  test.each([
    [twitterHome, 2, 'CryptoWinkle', 'Loving the', 'PlayOutlanders', 'Boss Battle Frenzy'],
    [twitterHome, 3, 'thunderdegen', "i think i'm early", 'Purilly', 'accurate visual'],
    [quote, 0, 'TestQuoter', 'This is a quote tweet', 'OriginalAuthor', 'This is the original'],
    [
      quoteVideo,
      0,
      'QuotingUser',
      'How to share',
      'OriginalPoster',
      'How to share Example.com links?',
    ],
  ] as const)('%s #%i', (fixture, index, handle, text, quotedHandle, quotedText) => {
    const post = readPost(postAt(fixture, index));
    expect(post?.authorHandle).toBe(handle);
    expect(squash(post?.text ?? '').startsWith(text)).toBe(true);
    expect(post?.authorName).not.toContain(quotedHandle);
    expect(post?.text).not.toContain(quotedText);
    expect(post?.url).not.toContain(quotedHandle);
  });

  test('a quote whose outer post has no text does not borrow the quoted text', () => {
    const el = copyOf(quote, 0);
    part(el, selectors.tweetText).remove();
    const post = readPost(el);
    expect(post?.text).toBe('');
    expect(post?.authorHandle).toBe('TestQuoter');
  });
});

describe('promoted posts', () => {
  test.each([
    [twitterHome, 0, false],
    [twitterHome, 1, false],
    [twitterHome, 2, false],
    [twitterHome, 3, false],
    [twitterHome, 4, true],
    // Video posts: a placementTracking inside the post says nothing.
    [xHome, 0, false],
    [xHome, 2, false],
    [xHome, 3, false],
    [xHome, 5, false],
    [quoteVideo, 0, false],
    [focused, 0, false],
  ] as const)('%s #%i → %s', (fixture, index, promoted) => {
    expect(isPromoted(postAt(fixture, index))).toBe(promoted);
  });

  function wrapInTracking(post: Element, pixels: boolean): Element {
    const tracking = document.createElement('div');
    tracking.setAttribute('data-testid', 'placementTracking');
    if (pixels) {
      const pixel = document.createElement('div');
      pixel.setAttribute('data-testid', 'top-impression-pixel');
      tracking.append(pixel);
    }
    tracking.append(post);
    return post;
  }

  test('an ad with a time link but impression pixels is promoted', () => {
    const post = wrapInTracking(copyOf(xHome, 1), true);
    expect(isPromoted(post)).toBe(true);
    expect(readPost(post)?.promoted).toBe(true);
  });

  test('a post with its own time link inside bare tracking is not', () => {
    const post = wrapInTracking(copyOf(xHome, 1), false);
    expect(isPromoted(post)).toBe(false);
    expect(readPost(post)?.promoted).toBe(false);
  });
});

describe('focused post', () => {
  const page = 'https://x.com/TestUser123/status/1981398750557065646';
  test.each([
    [focused, 0, undefined, true],
    [focused, 0, page, true],
    [xHome, 1, undefined, false],
    [xHome, 1, 'https://x.com/home', false],
    [xHome, 1, page, false],
    [xHome, 1, 'https://x.com/BGatesIsaPyscho/status/1890454526378815975', true],
    [xHome, 1, '/BGatesIsaPyscho/status/1890454526378815975/photo/1', true],
  ] as const)('%s #%i on %s → %s', (fixture, index, pageUrl, expected) => {
    expect(readPost(postAt(fixture, index), pageUrl)?.focused).toBe(expected);
  });

  test('tabindex -1 alone does not make a timeline post focused', () => {
    const el = copyOf(xHome, 1);
    el.setAttribute('tabindex', '-1');
    expect(readPost(el)?.focused).toBe(false);
  });
});

describe('replying to', () => {
  // The block X shows between the author line and the text of a reply.
  function withReplyingTo(handles: string[]): Element {
    const el = copyOf(xHome, 1);
    const block = document.createElement('div');
    block.innerHTML = `<div dir="ltr"><span>Membalas </span>${handles
      .map((h) => `<div><a href="/${h}" dir="ltr" role="link"><span>@${h}</span></a></div>`)
      .join(' ')}</div>`;
    part(el, selectors.tweetText).before(block);
    return el;
  }

  test.each([[['pemkotbandung']], [['pemkotbandung', 'DisdukcapilBdg']]])('%j', (handles) => {
    expect(readPost(withReplyingTo(handles))?.replyTo).toEqual(handles);
  });

  test('mentions inside the text are not reply targets', () => {
    const post = readPost(postAt(twitterHome, 2));
    expect(post?.text).toContain('@PlayOutlanders');
    expect(post?.replyTo).toEqual([]);
  });
});

describe('bad input', () => {
  test('no time link → null', () => {
    const el = copyOf(xHome, 0);
    part(el, 'time').closest('a')?.remove();
    expect(readPost(el)).toBeNull();
  });

  test('a time outside any link → null', () => {
    const el = copyOf(xHome, 0);
    const time = part(el, 'time');
    time.closest('a')?.replaceWith(time);
    expect(readPost(el)).toBeNull();
  });

  test.each([
    ['/BGatesIsaPyscho/status/1890459111671656594/photo/1'],
    ['/BGatesIsaPyscho/status/1890459111671656594/analytics'],
    ['/BGatesIsaPyscho'],
    ['https://t.co/abc'],
    ['/i/status/1890459111671656594'],
    [''],
  ])('time link to %j → null', (href) => {
    const el = copyOf(xHome, 0);
    part(el, 'time').closest('a')?.setAttribute('href', href);
    expect(readPost(el)).toBeNull();
  });

  test.each([[''], ['Feb 14'], ['2025-02-14'], ['2025-02-14T17:52:29'], ['2025-13-45T99:99:99Z']])(
    'datetime %j → null',
    (datetime) => {
      const el = copyOf(xHome, 0);
      part(el, 'time').setAttribute('datetime', datetime);
      expect(readPost(el)).toBeNull();
    },
  );

  test('no User-Name in a timeline post (the time link is in it) → null', () => {
    const el = copyOf(xHome, 0);
    part(el, selectors.userName).remove();
    expect(readPost(el)).toBeNull();
    expect(findAuthorLine(el)).toBeNull();
  });

  test('no User-Name in a focused post: handle from the time link, no name', () => {
    const el = copyOf(focused, 0);
    part(el, selectors.userName).remove();
    const post = readPost(el);
    expect(post?.authorHandle).toBe('TestUser123');
    expect(post?.authorName).toBe('');
    expect(findAuthorLine(el)).toBeNull();
  });

  test('an empty element → null', () => {
    const el = document.createElement('article');
    el.setAttribute('data-testid', 'tweet');
    expect(readPost(el)).toBeNull();
    expect(isPromoted(el)).toBe(false);
    expect(findAuthorLine(el)).toBeNull();
  });

  test('100k characters of text', () => {
    const el = copyOf(xHome, 0);
    const long = 'jalan rusak '.repeat(10_000).slice(0, 100_000);
    part(el, selectors.tweetText).textContent = long;
    expect(readPost(el)?.text).toBe(long.trim());
  });

  test('text that looks like HTML stays text', () => {
    const el = copyOf(xHome, 0);
    const html = '<script>alert(1)</script><img src=x onerror=alert(2)> &amp; <b>tebal</b>';
    part(el, selectors.tweetText).textContent = html;
    const post = readPost(el);
    expect(post?.text).toBe(html);
    expect(el.querySelector('script')).toBeNull();
  });

  test('ids up to 2^64 are kept exactly', () => {
    const el = copyOf(xHome, 0);
    part(el, 'time').closest('a')?.setAttribute('href', '/warga/status/18446744073709551615');
    const post = readPost(el);
    expect(post?.id).toBe('18446744073709551615');
    expect(post?.url).toBe('https://x.com/warga/status/18446744073709551615');
  });

  test.each([
    ['https://twitter.com/warga/status/123', 'https://x.com/warga/status/123'],
    ['https://mobile.twitter.com/warga/status/123', 'https://x.com/warga/status/123'],
    ['https://www.twitter.com/warga/status/123/', 'https://x.com/warga/status/123'],
    ['/warga/status/123', 'https://x.com/warga/status/123'],
  ])('status link %s → %s', (href, url) => {
    const el = copyOf(xHome, 0);
    part(el, 'time').closest('a')?.setAttribute('href', href);
    expect(readPost(el)?.url).toBe(url);
  });
});

describe('findPostElements', () => {
  test.each([
    [twitterHome, 5],
    [xHome, 6],
    [quote, 1],
    [quoteVideo, 1],
    [focused, 1],
  ] as const)('%s has %i post elements', (fixture, count) => {
    expect(findPostElements(loadFixture(fixture))).toHaveLength(count);
  });

  test('includes the root when it is a post', () => {
    const post = postAt(xHome, 0);
    expect(findPostElements(post)).toEqual([post]);
  });

  test('finds posts in a cell and in a fragment', () => {
    const cell = part(loadFixture(quote), selectors.cell);
    expect(findPostElements(cell)).toHaveLength(1);
    const fragment = document.createDocumentFragment();
    fragment.append(copyOf(xHome, 0), copyOf(xHome, 1));
    expect(findPostElements(fragment)).toHaveLength(2);
  });
});

describe('findAuthorLine', () => {
  test.each(posts.filter(([, , e]) => e !== null).map(([f, i]) => [f, i] as const))(
    '%s #%i: beside the outer author, in the author row',
    (fixture, index) => {
      const el = postAt(fixture, index);
      const anchor = findAuthorLine(el);
      const outerName = el.querySelector(selectors.userName);
      expect(anchor).not.toBeNull();
      if (!anchor || !outerName) return;
      expect(anchor === outerName || anchor.contains(outerName)).toBe(true);
      expect(anchor.closest(selectors.quoteBlock)).toBeNull();
      // The row also holds the caret (More button): the host lands on the author line.
      expect(
        anchor.parentElement?.parentElement?.querySelector('[data-testid="caret"]'),
      ).not.toBeNull();
    },
  );

  test('an inserted annotation does not change the post or the anchor', () => {
    const el = copyOf(quote, 0);
    const before = readPost(el);
    const anchor = findAuthorLine(el);
    const host = document.createElement('tanggap-annotation');
    host.textContent = '@pemkotbandung DPU sisa 5j';
    anchor?.after(host);
    expect(readPost(el)).toEqual(before);
    expect(findAuthorLine(el)).toBe(anchor);
  });
});
