// @vitest-environment jsdom
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { firstTweetIdAt } from '../../utils/domain/tweet-time';
import { findPostElements, readPost } from '../../utils/x-page/post';
import { checkNothingLeft, importSavedPage } from './import-page';
import { snowflakeTime } from './invented';

/**
 * A page as a browser saves it, cut down to one post that quotes another, with a person's
 * content in every place X shows it (the people here are made up for the test).
 */
const SAVED = `<!DOCTYPE html><html dir="ltr" lang="en"><head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta content="Ratu Kencana on X" property="og:title">
<title>Ratu Kencana on X: "Lampu taman mati"</title>
<style>.r-abc{color:red}</style><script>window.secret = 1</script>
<link rel="stylesheet" href="https://abs.twimg.com/x.css">
</head><body style="background-color: rgb(0, 0, 0);">
<div data-testid="cellInnerDiv" class="css-175oi2r" style="transform: translateY(0px); position: absolute;">
<article data-testid="tweet" role="article" tabindex="0" aria-labelledby="id__a1 id__a2" class="css-175oi2r r-18u37iz">
  <div data-testid="Tweet-User-Avatar"><div data-testid="UserAvatar-Container-ratukencana">
    <a href="/ratukencana" role="link"><div style="background-image: url(&quot;https://pbs.twimg.com/profile_images/42/ratu.jpg&quot;);"></div>
    <img alt="" src="https://pbs.twimg.com/profile_images/42/ratu.jpg" srcset="https://pbs.twimg.com/profile_images/42/ratu_2x.jpg 2x"></a>
  </div></div>
  <div data-testid="User-Name">
    <a href="/ratukencana" role="link"><div dir="ltr"><span class="css-1jxf684"><span>Ratu Kencana</span></span></div></a>
    <a href="/ratukencana" role="link" tabindex="-1"><div dir="ltr"><span>@ratukencana</span></div></a>
    <div dir="ltr" aria-hidden="true"><span>·</span></div>
    <a href="/ratukencana/status/1983130065320780162" dir="ltr" aria-label="4 hours ago" role="link"><time datetime="2025-10-28T11:13:47.000Z">4h</time></a>
  </div>
  <div dir="auto" lang="in" data-testid="tweetText" class="css-146c3p1 r-bcqeeo"><span>Lampu taman mati sejak Senin, tolong </span><a href="/pakwalikota" role="link">@pakwalikota</a><span> </span><a href="/hashtag/TamanKota?src=hashtag_click">#TamanKota</a><span> lihat </span><a href="https://t.co/Zx81kQ" rel="noopener">foto.example/taman</a><img alt="😡" src="https://abs-0.twimg.com/emoji/v2/svg/1f621.svg"></div>
  <div role="link" tabindex="0"><div data-testid="User-Name"><div dir="ltr"><span>Pak Wali Kota</span></div><div dir="ltr"><span>@pakwalikota</span></div><time datetime="2025-10-27T09:00:00.000Z">Oct 27</time></div>
    <div data-testid="tweetText" lang="in"><span>Taman kota dibuka untuk semua warga</span></div></div>
  <div role="group" aria-label="12 replies, 3 reposts, 45 likes, 6789 views">
    <button data-testid="reply" aria-label="12 Replies. Reply"><span data-testid="app-text-transition-container"><span>12</span></span></button>
    <a href="/ratukencana/status/1983130065320780162/analytics" aria-label="6789 views. View post analytics"><span>6.7K</span></a>
  </div>
  <img alt="Foto lampu taman yang mati di depan rumah" src="https://pbs.twimg.com/media/GZ123.jpg">
</article></div>
<div data-testid="sidebarColumn"><div data-testid="trend"><span>Trending in Indonesia</span><span>Konser Ratu Kencana</span></div>
<div data-testid="UserCell"><a href="/ratukencana" role="link"><span>Ratu Kencana</span></a><div dir="auto"><span>Penyanyi, pecinta taman kota</span></div><button data-testid="9876543210-follow">Follow</button></div></div>
<div id="loom-companion-mv3" ext-id="abc"><span>another extension's widget</span></div>
</body></html>`;

const PERSONAL = [
  'Ratu Kencana',
  'ratukencana',
  'pakwalikota',
  'Pak Wali Kota',
  'Lampu taman mati',
  'Taman kota dibuka',
  'TamanKota',
  'Penyanyi',
  'pbs.twimg.com',
  '1983130065320780162',
  '9876543210',
  'Zx81kQ',
  'Foto lampu taman',
];

function imported(html = SAVED): Document {
  return new DOMParser().parseFromString(importSavedPage(html, 'saved.html').html, 'text/html');
}

describe('importSavedPage', () => {
  test('no person, text, id or image of the saved page is left', () => {
    const { html } = importSavedPage(SAVED, 'saved.html');
    for (const content of PERSONAL) expect(html.toLowerCase()).not.toContain(content.toLowerCase());
  });

  test("X's scripts, stylesheets and other extensions' nodes are dropped", () => {
    const doc = imported();
    expect(doc.querySelectorAll('script, style, link, [ext-id]')).toHaveLength(0);
    expect(doc.querySelector('meta[property]')).toBeNull();
    expect(doc.querySelector('[srcset]')).toBeNull();
  });

  test('the structure and the attributes the reader depends on stay', () => {
    const doc = imported();
    const original = new DOMParser().parseFromString(SAVED, 'text/html');
    const shape = (d: Document) =>
      [...d.querySelectorAll('[data-testid="cellInnerDiv"] *')].map((el) => [
        el.tagName,
        el.getAttribute('role'),
        el.getAttribute('class'),
        el.getAttribute('dir'),
        el.getAttribute('lang'),
        el.getAttribute('tabindex'),
        el.getAttribute('datetime'),
        el.getAttribute('data-testid')?.replace(/-Container-.*/, ''),
      ]);
    expect(shape(doc)).toEqual(shape(original));
    expect(doc.documentElement.getAttribute('lang')).toBe('en');
    expect(doc.body.getAttribute('style')).toBe('background-color: rgb(0, 0, 0);');
  });

  test('one person is one invented person everywhere', () => {
    const doc = imported();
    const post = readPost(findPostElements(doc)[0]!);
    expect(post).not.toBeNull();
    const handle = post!.authorHandle;
    expect(handle).toMatch(/^[A-Za-z0-9_]{1,15}$/);
    expect(doc.querySelector(`[data-testid="UserAvatar-Container-${handle}"]`)).not.toBeNull();
    expect(doc.querySelector('[data-testid="UserCell"] a')?.getAttribute('href')).toBe(
      `/${handle}`,
    );
    const name = post!.authorName;
    expect(doc.querySelector('[data-testid="UserCell"] a')?.textContent).toBe(name);
    // The mention in the text and the quoted author are the same invented account.
    const mention = doc.querySelector(
      '[data-testid="tweetText"] a[href^="/"]:not([href*="hashtag"])',
    );
    const quotedHandle = doc.querySelectorAll('[data-testid="User-Name"]')[1]?.textContent;
    expect(quotedHandle).toContain(mention?.textContent ?? 'missing');
    expect(mention?.getAttribute('href')).toBe('/' + mention?.textContent?.slice(1));
  });

  test("a post's new id still says the time its <time> shows", () => {
    const post = readPost(findPostElements(imported())[0]!);
    expect(post?.createdAt).toBe('2025-10-28T11:13:47.000Z');
    // X shows whole seconds; the id keeps its milliseconds.
    const ms = Date.parse(post!.createdAt);
    expect(Math.floor(snowflakeTime(post!.id)! / 1000) * 1000).toBe(ms);
    expect(BigInt(post!.id)).toBeGreaterThanOrEqual(BigInt(firstTweetIdAt(ms)));
    expect(BigInt(post!.id)).toBeLessThan(BigInt(firstTweetIdAt(ms + 1000)));
    expect(post?.url).toBe(`https://x.com/${post!.authorHandle}/status/${post!.id}`);
  });

  test('counts, links and images keep their shape', () => {
    const doc = imported();
    const count = doc.querySelector('[data-testid="app-text-transition-container"]')?.textContent;
    expect(count).toMatch(/^\d{2}$/);
    expect(doc.querySelector('a[href^="https://t.co/"]')).not.toBeNull();
    expect(doc.querySelector('a[href^="/hashtag/"]')?.getAttribute('href')).toMatch(
      /^\/hashtag\/\w+\?src=hashtag_click$/,
    );
    const emoji = doc.querySelector('[data-testid="tweetText"] img');
    expect(emoji?.getAttribute('alt')).toBe('😡');
    for (const img of doc.querySelectorAll('img')) {
      expect(img.getAttribute('src')).toMatch(/^data:image\//);
    }
  });

  test("X's own words stay; other text outside the posts is invented", () => {
    const doc = imported();
    expect(doc.querySelector('[data-testid$="-follow"]')?.textContent).toBe('Follow');
    expect(doc.querySelector('[data-testid="reply"]')?.getAttribute('aria-label')).toMatch(
      /^\d+ Replies\. Reply$/,
    );
    expect(doc.querySelector('[data-testid="trend"]')?.textContent).not.toContain('Konser');
    expect(doc.title).toBe('X');
  });

  test('the same page gives the same file', () => {
    expect(importSavedPage(SAVED, 'saved.html').html).toBe(
      importSavedPage(SAVED, 'saved.html').html,
    );
  });

  test('a page fragment (one saved cell) stays a fragment', () => {
    const cell = SAVED.slice(
      SAVED.indexOf('<div data-testid="cellInnerDiv"'),
      SAVED.indexOf('<div data-testid="sidebarColumn"'),
    );
    const { html } = importSavedPage(cell, 'cell.html');
    expect(html).not.toMatch(/<html|<body/);
    expect(html).toContain('data-testid="cellInnerDiv"');
  });
});

describe('checkNothingLeft', () => {
  const none = { handles: [], names: [], ids: [], texts: [], media: [] };
  test.each([
    [
      'a handle, in any case',
      { ...none, handles: ['ratukencana'] },
      '<a href="/RatuKencana">x</a>',
    ],
    ['a name', { ...none, names: ['Ratu Kencana'] }, '<span>Ratu Kencana</span>'],
    [
      'an id',
      { ...none, ids: ['1983130065320780162'] },
      '<a href="/a/status/1983130065320780162">',
    ],
    [
      'an image',
      { ...none, media: ['https://pbs.twimg.com/a.jpg'] },
      '<img src="https://pbs.twimg.com/a.jpg">',
    ],
  ])('refuses %s that is left', (_, originals, html) => {
    expect(() => checkNothingLeft(html, originals)).toThrow(/still holds people's content/);
  });

  test('a handle inside an invented one is no leftover', () => {
    expect(() =>
      checkNothingLeft('<a href="/ratu_kencana12">x</a>', { ...none, handles: ['ratu'] }),
    ).not.toThrow();
  });
});

describe('the committed fixtures', () => {
  const dir = path.resolve(import.meta.dirname, '../../tests/fixtures/x');
  const files = readdirSync(dir).filter((f) => f.endsWith('.html'));

  test('there are some', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  test.each(files)('%s was made by the import tool and holds nothing remote', (file) => {
    const html = readFileSync(path.join(dir, file), 'utf8');
    expect(html.startsWith('<!-- Imported by `npm run fixtures:import`')).toBe(true);
    expect(html).not.toMatch(/<script|<style|<link|twimg\.com/i);
  });
});
