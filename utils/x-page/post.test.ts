// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import { FIXTURES, loadFixture, type FixtureName } from '../../tests/x-fixtures';
import { findAuthorLine, findPostElements, isPromoted, readPost, readShownPost } from './post';
import { selectors } from './selectors';

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
      id: '1862053972371097477',
      handle: 'putri_mahara91',
      name: 'Agus Wibowo',
      createdAt: '2024-11-28T08:40:36.000Z',
      text: 'kabar Siang - Bola Rumah Kabar & Sekali minggu',
    }),
  ],
  [
    twitterHome,
    1,
    seen({
      id: '1861787409932595294',
      handle: 'neng_harton69',
      name: 'Siti Santoso',
      createdAt: '2024-11-27T15:01:23.000Z',
      text: '📊 Lagu Cerah Kami Kasih:',
      repostedBy: 'putri_mahara91',
    }),
  ],
  [
    twitterHome,
    2,
    seen({
      id: '1862031538085605891',
      handle: 'rina_nugroh66',
      name: 'Indah Kusuma',
      createdAt: '2024-11-28T07:11:28.000Z',
      text: 'Teh tunggu film buku siang tunggu @rudi_permat91',
      repostedBy: 'putri_mahara91',
    }),
  ],
  [
    twitterHome,
    3,
    seen({
      id: '1862044527566408193',
      handle: 'dewi_saputr74',
      name: 'Rizki Setiawan',
      createdAt: '2024-11-28T08:03:05.000Z',
      text: 'sepeda pergi kemarin malam',
      repostedBy: 'putri_mahara91',
    }),
  ],
  // The Nordace ad: "Ad" where the time would be, so no status link.
  [twitterHome, 4, null],
  [
    xHome,
    0,
    seen({
      id: '1890459111673397164',
      handle: 'joko_purnam60',
      name: 'Ayu Anggraini',
      createdAt: '2025-02-14T17:52:29.000Z',
      text: 'Sepeda siang tunggu bunga kami libur',
    }),
  ],
  [
    xHome,
    1,
    seen({
      id: '1890454526381503932',
      handle: 'joko_purnam60',
      name: 'Ayu Anggraini',
      createdAt: '2025-02-14T17:34:16.000Z',
      text: 'Sore kopi kopi kucing nanti & kabar baru',
    }),
  ],
  [
    xHome,
    2,
    seen({
      id: '1890451695561580951',
      handle: 'joko_purnam60',
      name: 'Ayu Anggraini',
      createdAt: '2025-02-14T17:23:01.000Z',
      text: 'Sekali film tunggu tunggu siang tunggu Teh Makan.',
    }),
  ],
  [
    xHome,
    3,
    seen({
      id: '1890449332867844649',
      handle: 'joko_purnam60',
      name: 'Ayu Anggraini',
      createdAt: '2025-02-14T17:13:38.000Z',
      text: 'Ini Langit semua minggu Tunggu selamat.',
    }),
  ],
  [
    xHome,
    4,
    seen({
      id: '1890443411546748321',
      handle: 'rudi_kusuma42',
      name: 'Joko Prasetyo',
      createdAt: '2025-02-14T16:50:06.000Z',
      text: 'Coba bola kami terima baru Makan Tadi',
    }),
  ],
  // A photo and no text.
  [
    xHome,
    5,
    seen({
      id: '1890449163418663337',
      handle: 'rudi_kusuma42',
      name: 'Joko Prasetyo',
      createdAt: '2025-02-14T17:12:58.000Z',
    }),
  ],
  [
    quote,
    0,
    seen({
      id: '1983130065321101649',
      handle: 'tari_saputr83',
      name: 'Eko Hartono',
      createdAt: '2025-10-28T11:13:47.000Z',
      text: 'Kami burung foto foto pulang buku coba burung',
    }),
  ],
  [
    quoteVideo,
    0,
    seen({
      id: '1983128852951483326',
      handle: 'putri_purnam64',
      name: 'Intan Sembiring',
      createdAt: '2025-10-28T11:08:57.000Z',
      text: 'Belum besok buku example.com/eYVwoG kucing',
    }),
  ],
  [
    focused,
    0,
    seen({
      id: '1981398750556227769',
      handle: 'yusuf_setiaw63',
      name: 'Ayu Lubis',
      createdAt: '2025-10-23T16:34:09.000Z',
      text: 'Main Film Hujan Rumah Langit',
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
    // 1862053972371097477 is not a double: a Number round trip would change it.
    expect(String(Number('1862053972371097477'))).not.toBe('1862053972371097477');
    expect(readPost(postAt(twitterHome, 0))?.id).toBe('1862053972371097477');
  });

  test('twitter.com links give x.com URLs', () => {
    const link = part(postAt(twitterHome, 0), 'time').closest('a');
    expect(link?.getAttribute('href')).toMatch(/^https:\/\/twitter\.com\//);
    expect(readPost(postAt(twitterHome, 0))?.url).toBe(
      'https://x.com/putri_mahara91/status/1862053972371097477',
    );
  });
});

describe('quote posts give the outer post', () => {
  test.each([
    [twitterHome, 2, 'rina_nugroh66', 'Teh tunggu', 'rudi_permat91', 'Pantai Tadi Baik'],
    [twitterHome, 3, 'dewi_saputr74', 'sepeda pergi', 'tari_harton73', 'nanti bulan langit'],
    [quote, 0, 'tari_saputr83', 'Kami burung foto', 'hendra_harton23', 'Kami burung tunggu film'],
    [
      quoteVideo,
      0,
      'putri_purnam64',
      'Belum besok buku',
      'teguh_rahayu30',
      'Belum besok buku example.com/eYVwoG kucing?',
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
    expect(post?.authorHandle).toBe('tari_saputr83');
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
  const page = 'https://x.com/yusuf_setiaw63/status/1981398750556227769';
  test.each([
    [focused, 0, undefined, true],
    [focused, 0, page, true],
    [xHome, 1, undefined, false],
    [xHome, 1, 'https://x.com/home', false],
    [xHome, 1, page, false],
    [xHome, 1, 'https://x.com/joko_purnam60/status/1890454526381503932', true],
    [xHome, 1, '/joko_purnam60/status/1890454526381503932/photo/1', true],
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
    expect(post?.text).toContain('@rudi_permat91');
    expect(post?.replyTo).toEqual([]);
  });
});

describe('bad input', () => {
  test('half an emoji or a NUL in the text or the name reads as a replacement character', () => {
    const el = copyOf(xHome, 0);
    part(el, selectors.tweetText).textContent = 'Jalan rusak \uD83D parah\u0000 😡';
    part(el, selectors.userName).querySelector('[dir]')!.textContent = 'Warga \uDE21';
    const post = readPost(el)!;
    expect(post.text).toBe('Jalan rusak \uFFFD parah\uFFFD 😡');
    expect(post.authorName).toBe('Warga \uFFFD');
  });

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
    ['/joko_purnam60/status/1890459111673397164/photo/1'],
    ['/joko_purnam60/status/1890459111673397164/analytics'],
    ['/joko_purnam60'],
    ['https://t.co/abc'],
    ['/i/status/1890459111673397164'],
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
    expect(post?.authorHandle).toBe('yusuf_setiaw63');
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
    '%s #%i: the outer author row, which the host goes under',
    (fixture, index) => {
      const el = postAt(fixture, index);
      const anchor = findAuthorLine(el);
      const outerName = el.querySelector(selectors.userName);
      expect(anchor).not.toBeNull();
      if (!anchor || !outerName) return;
      expect(anchor === outerName || anchor.contains(outerName)).toBe(true);
      expect(anchor.closest(selectors.quoteBlock)).toBeNull();
      // The row also holds X's caret (More button): the host goes on a line of its own below.
      expect(anchor.querySelector('[data-testid="caret"]')).not.toBeNull();
    },
  );

  test.each(posts.map(([f, i]) => [f, i] as const))(
    '%s #%i: read in one pass, the same post and author row as read apart',
    (fixture, index) => {
      const el = postAt(fixture, index);
      if (isPromoted(el)) return;
      const pageUrl = 'https://x.com/home';
      const post = readPost(el, pageUrl);
      const anchor = findAuthorLine(el);
      expect(readShownPost(el, pageUrl)).toEqual(post && anchor && { post, authorLine: anchor });
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
