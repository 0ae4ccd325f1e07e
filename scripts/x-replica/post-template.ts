/**
 * Post templates cut out of the saved X pages in tests/fixtures/x (see its README).
 *
 * Each template is the real cell markup with the post's variable parts (status id, handle,
 * name, text, time, avatar) replaced by `{{KEY}}` placeholders, so that a reader written
 * against the real pages reads replica posts the same way. Filling a template is a pure
 * string function (`fillPost`) with no imports, so its source can be shipped into the replica
 * page and the page renders new posts exactly like Node does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const FIXTURES_DIR = path.resolve(repoRoot, 'tests/fixtures/x');

export type PostKind = 'normal' | 'repost' | 'quote' | 'promoted';
export interface QuotedSpec {
  handle: string;
  name: string;
  text: string;
  createdAt: string;
  id?: string;
}
export interface PostSpec {
  id: string;
  handle: string;
  name: string;
  text: string;
  createdAt: string;
  kind: PostKind;
  repostedBy?: { handle: string; name: string } | string;
  quoted?: QuotedSpec;
}
export interface Template {
  html: string;
  textSpanClass: string;
  showMore?: string;
}
export type Templates = Record<PostKind | 'focused', Template> & { emojiClass: string };
export interface RenderOptions {
  nowMs?: number;
  lang?: 'en' | 'id';
  focused?: boolean;
  cellStyle?: string;
}

/** Where each template comes from: file, and index among its `[data-testid="tweet"]`. */
export const TEMPLATE_SOURCES: Record<PostKind | 'focused', { file: string; index: number }> = {
  // A plain text post (no media), with X's "Show more" link for long text.
  normal: { file: 'x.com_home-timeline_dark_2025-02.html', index: 4 },
  // "ayu reposted" social context.
  repost: { file: 'twitter.com_home-timeline_dark_2024-11.html', index: 1 },
  quote: { file: 'x.com_cell_quote-tweet_2025-10.html', index: 0 },
  // The one whose cell holds an ancestor placementTracking and has no time link.
  promoted: { file: 'twitter.com_home-timeline_dark_2024-11.html', index: 4 },
  // The focused post of a conversation page (tabindex=-1, time link below the text).
  focused: { file: 'x.com_status-focused-tweet_2025-10.html', index: 0 },
};

const TRANSPARENT_GIF =
  'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

const docCache = new Map<string, Document>();

export function fixtureDocument(file: string): Document {
  let doc = docCache.get(file);
  if (!doc) {
    const html = fs.readFileSync(path.join(FIXTURES_DIR, file), 'utf8');
    doc = new JSDOM(html).window.document;
    docCache.set(file, doc);
  }
  return doc;
}

/**
 * The 2024-11 page was re-indented: whitespace-only text nodes and spread-out style values
 * were not in the live DOM. Undo that so the replica matches what X serves.
 */
function normaliseWhitespace(root: Element) {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 4 /* SHOW_TEXT */);
  const blank: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    if (!/\S/.test(t.data)) blank.push(t);
    else t.data = t.data.replace(/\s+/g, ' ');
  }
  for (const t of blank) t.remove();
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) {
      const v = attr.value
        .replace(/\s+/g, ' ')
        .replace(/\(\s+/g, '(')
        .replace(/\s+\)/g, ')')
        .replace(/\s+,/g, ',')
        .replace(/\s+;/g, ';')
        .trim();
      if (v !== attr.value) el.setAttribute(attr.name, v);
    }
  }
}

/**
 * Removes media and link cards: their images are remote, and their text belongs to the
 * original post. Takes the largest ancestor holding the media but none of the post's landmarks.
 */
function removeMediaAndCards(article: Element) {
  const landmarks = '[data-testid="tweetText"], [data-testid="User-Name"], [role="group"], time';
  const media = article.querySelectorAll(
    '[data-testid="tweetPhoto"], [data-testid="card.wrapper"], [data-testid="videoPlayer"], [data-testid="videoComponent"]',
  );
  for (const m of media) {
    if (!article.contains(m)) continue;
    let top = m;
    while (top.parentElement && top.parentElement !== article) {
      const p = top.parentElement;
      if (p.querySelector(landmarks) || p.getAttribute('role') === 'link') break;
      top = p;
    }
    top.remove();
  }
}

/**
 * Turns one post (the whole article, or a quoted post inside it) into placeholders. Returns
 * the class of the spans holding the text, to render new text the same way.
 */
function templatize(
  root: Element,
  {
    prefix,
    handle,
    id,
    name,
    exclude,
  }: { prefix: string; handle: string; id: string | null; name: string; exclude?: Element | null },
): string {
  const P = (k: string) => `{{${prefix}${k}}}`;
  const inExcluded = (n: Node) => !!exclude && exclude.contains(n);
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const handleRe = new RegExp(`^/${esc(handle)}(?=/|$|\\?)`);
  const statusRe = id ? new RegExp(`/status/${id}(?=/|$|\\?)`) : null;
  let textSpanClass = '';

  const text = root.querySelector('[data-testid="tweetText"]');
  if (text && !inExcluded(text)) {
    textSpanClass = text.querySelector('span')?.getAttribute('class') ?? '';
    text.setAttribute('lang', P('LANG'));
    text.replaceChildren(root.ownerDocument.createTextNode(P('TEXT')));
  }

  const time = [...root.querySelectorAll('time')].find((t) => !inExcluded(t));
  if (time) {
    time.setAttribute('datetime', P('DATETIME'));
    time.textContent = P('TIMELABEL');
    const labelled = time.closest('[aria-label]');
    if (labelled && root.contains(labelled)) labelled.setAttribute('aria-label', P('TIMEARIA'));
  }

  for (const el of [root, ...root.querySelectorAll('*')]) {
    if (inExcluded(el)) continue;
    for (const attr of [...el.attributes]) {
      if (/^on/i.test(attr.name)) el.removeAttribute(attr.name);
    }
    const href = el.getAttribute('href');
    if (href !== null) {
      let h = href.replace(/^https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com(?=\/)/, '');
      if (statusRe) h = h.replace(statusRe, `/status/${P('ID')}`);
      h = h.replace(handleRe, `/${P('HANDLE')}`);
      // Anything still pointing off-site (ads, t.co) must not be followable offline.
      if (!h.startsWith('/')) h = '#';
      el.setAttribute('href', h);
    }
    const testid = el.getAttribute('data-testid');
    if (testid === `UserAvatar-Container-${handle}`) {
      el.setAttribute('data-testid', `UserAvatar-Container-${P('HANDLE')}`);
    }
    const inAvatar = !!el.closest('[data-testid="Tweet-User-Avatar"]');
    const style = el.getAttribute('style');
    if (style && /url\(/.test(style)) {
      el.setAttribute(
        'style',
        inAvatar
          ? style.replace(/url\([^)]*\)/g, `url("${P('AVATAR')}")`)
          : style.replace(/background-image:\s*url\([^)]*\);?/g, ''),
      );
    }
    if (el.tagName === 'IMG') {
      el.setAttribute('src', inAvatar ? P('AVATAR') : TRANSPARENT_GIF);
      el.removeAttribute('srcset');
    }
  }

  const walker = root.ownerDocument.createTreeWalker(root, 4 /* SHOW_TEXT */);
  const userName = [...root.querySelectorAll('[data-testid="User-Name"]')].find(
    (u) => !inExcluded(u),
  );
  let nameDone = false;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    if (inExcluded(t)) continue;
    if (t.data.includes(`@${handle}`)) t.data = t.data.split(`@${handle}`).join(`@${P('HANDLE')}`);
    if (!nameDone && userName?.contains(t) && t.data.trim() === name) {
      t.data = P('NAME');
      nameDone = true;
    }
  }
  return textSpanClass;
}

function readAuthor(userName: Element) {
  const texts = [];
  const walker = userName.ownerDocument.createTreeWalker(userName, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const s = (n as Text).data.trim();
    if (s) texts.push(s);
  }
  const handle = (texts.find((s) => /^@\w+$/.test(s)) ?? '').slice(1);
  return { name: texts[0] ?? '', handle };
}

/** Unique DOM ids per rendered post, like X's generated `id__…`. */
function templatizeIds(root: Element) {
  for (const el of [root, ...root.querySelectorAll('[id], [aria-labelledby]')]) {
    for (const a of ['id', 'aria-labelledby']) {
      const v = el.getAttribute(a);
      if (v) el.setAttribute(a, v.replace(/\b(id__\w+)/g, '$1{{UID}}'));
    }
  }
}

function buildTemplate(kind: keyof typeof TEMPLATE_SOURCES): Template {
  const src = TEMPLATE_SOURCES[kind];
  const doc = fixtureDocument(src.file);
  const original = doc.querySelectorAll('[data-testid="tweet"]')[src.index];
  if (!original) throw new Error(`No post #${src.index} in ${src.file}`);
  const originalCell = original.closest('[data-testid="cellInnerDiv"]');
  let cell: Element;
  if (originalCell) {
    cell = originalCell.cloneNode(true) as Element;
  } else {
    // The focused-post fixture is the cell's content without the cell itself: wrap it in a
    // real cell shell taken from the quote fixture.
    const shellSrc = fixtureDocument(TEMPLATE_SOURCES.quote.file).querySelector(
      '[data-testid="cellInnerDiv"]',
    );
    if (!shellSrc) throw new Error('No cell shell');
    cell = shellSrc.cloneNode(false) as Element;
    const top = original.parentElement?.parentElement ?? original;
    cell.append(top.cloneNode(true));
  }
  normaliseWhitespace(cell);
  cell.setAttribute('style', '{{CELLSTYLE}}');
  const article = cell.querySelector('[data-testid="tweet"]');
  if (!article) throw new Error('lost the article');
  removeMediaAndCards(article);

  // The saved authors were verified accounts; the replica's citizens are ordinary ones.
  if (kind !== 'promoted') {
    article.querySelectorAll('[data-testid="icon-verified"]').forEach((n) => n.remove());
  }
  // The saved plain post was the first of a self-thread: drop the line joining it to the next
  // post, and give its cell the separator a standalone post has (as in the quote fixture).
  if (kind === 'normal') {
    article.querySelectorAll('.r-m5arl1').forEach((n) => n.remove());
    const shell = fixtureDocument(TEMPLATE_SOURCES.quote.file).querySelector(
      '[data-testid="cellInnerDiv"] > div',
    );
    const first = cell.firstElementChild;
    if (shell && first) first.setAttribute('class', shell.getAttribute('class') ?? '');
  }
  const userNames = article.querySelectorAll('[data-testid="User-Name"]');
  const main = readAuthor(userNames[0] as Element);
  const mainLink = [...article.querySelectorAll('a[href*="/status/"]')].find((a) =>
    a.querySelector('time'),
  );
  const anyStatus = article.querySelector('a[href*="/status/"]');
  const id = (mainLink ?? anyStatus)?.getAttribute('href')?.match(/\/status\/(\d+)/)?.[1] ?? null;

  const tpl: Template = { html: '', textSpanClass: '' };
  let quotedBlock = null;
  if (kind === 'quote') {
    const quotedName = userNames[1] as Element;
    quotedBlock = quotedName.closest('[role="link"]');
    if (!quotedBlock) throw new Error('quote block not found');
    const q = readAuthor(quotedName);
    templatize(quotedBlock, { prefix: 'Q_', handle: q.handle, id: null, name: q.name });
  }
  if (kind === 'repost') {
    const sc = article.querySelector('[data-testid="socialContext"]');
    const link = sc?.closest('a');
    if (!sc || !link) throw new Error('social context not found');
    link.setAttribute('href', '/{{RP_HANDLE}}');
    const nameSpan = sc.querySelector('span span') ?? sc.querySelector('span');
    if (nameSpan) nameSpan.textContent = '{{RP_NAME}}';
  }
  const showMore = article.querySelector('[data-testid="tweet-text-show-more-link"]');
  tpl.textSpanClass = templatize(article, {
    prefix: '',
    handle: main.handle,
    id,
    name: main.name,
    exclude: quotedBlock,
  });
  // Filled in by templatize for the main post; the quoted post keeps its own placeholders.
  if (showMore) {
    templatizeIds(showMore);
    tpl.showMore = showMore.outerHTML;
    showMore.replaceWith(doc.createTextNode('{{SHOWMORE}}'));
  }
  templatizeIds(cell);
  tpl.html = cell.outerHTML;
  return tpl;
}

let cached: Templates | null = null;

/** The templates, built once from the fixtures (dark theme, as saved). */
export function loadTemplates(): Templates {
  if (cached) return cached;
  const emoji = fixtureDocument(TEMPLATE_SOURCES.normal.file).querySelector(
    '[data-testid="tweetText"] img[alt]',
  );
  cached = {
    normal: buildTemplate('normal'),
    repost: buildTemplate('repost'),
    quote: buildTemplate('quote'),
    promoted: buildTemplate('promoted'),
    focused: buildTemplate('focused'),
    emojiClass: emoji?.getAttribute('class') ?? '',
  };
  const leftover = JSON.stringify(cached).match(/https?:\/\/(?!www\.w3\.org)[^"'\s)]+/);
  if (leftover) throw new Error(`External URL left in a template: ${leftover[0]}`);
  return cached;
}

/**
 * X's dark ("lights out") palette and the light palette it switches to. Only dark pages were
 * saved, so the light replica is the dark markup with these colours swapped.
 */
export const LIGHT_COLOURS: [string, string][] = [
  ['rgb(0, 0, 0)', 'rgb(255, 255, 255)'],
  ['rgb(231, 233, 234)', 'rgb(15, 20, 25)'],
  ['rgb(113, 118, 123)', 'rgb(83, 100, 113)'],
  ['rgb(47, 51, 54)', 'rgb(239, 243, 244)'],
  ['rgb(22, 24, 28)', 'rgb(247, 249, 249)'],
  ['rgb(32, 35, 39)', 'rgb(247, 249, 249)'],
  ['rgb(62, 65, 68)', 'rgb(207, 217, 222)'],
  ['rgb(51, 54, 57)', 'rgb(207, 217, 222)'],
  ['rgb(239, 243, 244)', 'rgb(15, 20, 25)'],
  ['rgb(15, 20, 25)', 'rgb(255, 255, 255)'],
];

/**
 * Swaps dark colours for light ones in markup or CSS, in one pass so a swapped colour is never
 * swapped back.
 */
export function applyTheme(s: string, theme: 'dark' | 'light'): string {
  if (theme === 'dark') return s;
  const rgb = new Map<string, string>();
  for (const [from, to] of LIGHT_COLOURS) {
    const f = from.match(/^rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)$/);
    const t = to.match(/^rgba?\((\d+), (\d+), (\d+)/);
    if (f && t) rgb.set(`${f[1]},${f[2]},${f[3]},${Number(f[4] ?? 1)}`, `${t[1]},${t[2]},${t[3]}`);
  }
  // Markup writes `rgb(0, 0, 0)`, the stylesheet `rgba(0,0,0,1.00)`: match both, keep the format.
  return s
    .replace(/rgba?\((\d+),(\s?)(\d+),\s?(\d+)(?:,\s?([\d.]+))?\)/g, (m, r, sp, g, b, a) => {
      const to = rgb.get(`${r},${g},${b},${Number(a ?? 1)}`);
      if (!to) return m;
      const [R, G, B] = to.split(',');
      const sep = sp ? ', ' : ',';
      return a === undefined
        ? `rgb(${[R, G, B].join(sep)})`
        : `rgba(${[R, G, B].join(sep)}${sep}${a})`;
    })
    .replace(/color-scheme: dark/g, 'color-scheme: light');
}

export function themedTemplates(theme: 'dark' | 'light'): Templates {
  const t = loadTemplates();
  return theme === 'dark' ? t : JSON.parse(applyTheme(JSON.stringify(t), theme));
}

/**
 * Fills a template. Self-contained on purpose (no outer references): the replica page gets
 * this function's source and renders appended posts with it.
 */
export function fillPost(
  templates: Templates,
  spec: PostSpec,
  options: RenderOptions & { uid?: string } = {},
): string {
  const nowMs = options.nowMs ?? Date.now();
  const lang = options.lang ?? 'en';
  const esc = (s: string) =>
    String(s)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  const svgData = (svg: string) => 'data:image/svg+xml,' + encodeURIComponent(svg);
  const avatar = (handle: string, name: string) => {
    let h = 0;
    for (const c of handle) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    const initial = (name.trim()[0] ?? '?').toUpperCase();
    return svgData(
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="hsl(${h % 360},45%,42%)"/><text x="20" y="27" font-family="sans-serif" font-size="18" fill="#fff" text-anchor="middle">${esc(initial)}</text></svg>`,
    );
  };
  const emojiRe =
    /(?:\p{Regional_Indicator}{2}|\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})*(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})*)*)/gu;
  // X renders text as spans and each emoji as an <img alt="😀">: a reader must use the alt.
  const textHtml = (text: string, spanClass: string) => {
    let out = '';
    let last = 0;
    const span = (s: string) => (s ? `<span class="${spanClass}">${esc(s)}</span>` : '');
    for (const m of text.matchAll(emojiRe)) {
      out += span(text.slice(last, m.index));
      const src = svgData(
        `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36"><text x="18" y="30" font-size="30" text-anchor="middle">${esc(m[0])}</text></svg>`,
      );
      out += `<img alt="${esc(m[0])}" draggable="false" src="${esc(src)}" class="${templates.emojiClass}">`;
      last = (m.index ?? 0) + m[0].length;
    }
    return out + span(text.slice(last));
  };
  const MONTHS = {
    en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    id: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
  };
  const time = (iso: string) => {
    const t = new Date(iso);
    const s = Math.max(0, Math.floor((nowMs - t.getTime()) / 1000));
    const plural = (n: number, u: string) => `${n} ${u}${n === 1 ? '' : 's'} ago`;
    const m = MONTHS[lang];
    const sameYear = t.getFullYear() === new Date(nowMs).getFullYear();
    if (options.focused) {
      const hh = t.getHours();
      const mm = String(t.getMinutes()).padStart(2, '0');
      const label =
        lang === 'id'
          ? `${String(hh).padStart(2, '0')}.${mm} · ${t.getDate()} ${m[t.getMonth()]} ${t.getFullYear()}`
          : `${hh % 12 || 12}:${mm} ${hh < 12 ? 'AM' : 'PM'} · ${m[t.getMonth()]} ${t.getDate()}, ${t.getFullYear()}`;
      return { label, aria: label };
    }
    if (s < 60)
      return lang === 'id'
        ? { label: `${s}d`, aria: `${s} detik yang lalu` }
        : { label: `${s}s`, aria: plural(s, 'second') };
    const min = Math.floor(s / 60);
    if (min < 60)
      return lang === 'id'
        ? { label: `${min}m`, aria: `${min} menit yang lalu` }
        : { label: `${min}m`, aria: plural(min, 'minute') };
    const h = Math.floor(min / 60);
    if (h < 24)
      return lang === 'id'
        ? { label: `${h}j`, aria: `${h} jam yang lalu` }
        : { label: `${h}h`, aria: plural(h, 'hour') };
    const label =
      lang === 'id'
        ? `${t.getDate()} ${m[t.getMonth()]}${sameYear ? '' : ` ${t.getFullYear()}`}`
        : `${m[t.getMonth()]} ${t.getDate()}${sameYear ? '' : `, ${t.getFullYear()}`}`;
    return { label, aria: label };
  };

  const kind = options.focused ? 'focused' : spec.kind;
  const tpl = templates[kind];
  if (!tpl) throw new Error(`Unknown post kind: ${kind}`);
  const main = time(spec.createdAt);
  const uid = options.uid ?? Math.random().toString(36).slice(2, 8);
  const v: Record<string, string> = {
    CELLSTYLE: esc(
      options.cellStyle ?? 'transform: translateY(0px); position: absolute; width: 100%;',
    ),
    UID: uid,
    ID: esc(spec.id),
    HANDLE: esc(spec.handle),
    NAME: esc(spec.name),
    TEXT: textHtml(spec.text, tpl.textSpanClass),
    // X tags Indonesian text with its legacy code.
    LANG: 'in',
    DATETIME: esc(new Date(spec.createdAt).toISOString()),
    TIMELABEL: esc(main.label),
    TIMEARIA: esc(main.aria),
    AVATAR: esc(avatar(spec.handle, spec.name)),
    // X folds long posts behind "Show more".
    SHOWMORE:
      tpl.showMore && spec.text.length > 280 ? tpl.showMore.replace(/\{\{UID\}\}/g, uid) : '',
  };
  if (spec.kind === 'repost' && !options.focused) {
    const by =
      typeof spec.repostedBy === 'string'
        ? { handle: spec.repostedBy, name: spec.repostedBy }
        : (spec.repostedBy ?? { handle: 'unknown', name: 'unknown' });
    v.RP_HANDLE = esc(by.handle);
    v.RP_NAME = esc(by.name);
  }
  if (spec.kind === 'quote' && spec.quoted && !options.focused) {
    const q = spec.quoted;
    const qt = time(q.createdAt);
    v.Q_HANDLE = esc(q.handle);
    v.Q_NAME = esc(q.name);
    v.Q_TEXT = textHtml(q.text, templates.quote.textSpanClass);
    v.Q_LANG = 'in';
    v.Q_DATETIME = esc(new Date(q.createdAt).toISOString());
    v.Q_TIMELABEL = esc(qt.label);
    v.Q_TIMEARIA = esc(qt.aria);
    v.Q_AVATAR = esc(avatar(q.handle, q.name));
  }
  // Single pass: substituted values are never scanned again, so text cannot inject a key.
  return tpl.html.replace(/\{\{(\w+)\}\}/g, (m: string, k: string) => v[k] ?? m);
}

/**
 * One timeline cell `<div data-testid="cellInnerDiv">` holding the post's article.
 */
export function renderPost(
  spec: PostSpec,
  options: RenderOptions & { theme?: 'dark' | 'light' } = {},
) {
  return fillPost(themedTemplates(options.theme ?? 'dark'), spec, options);
}
