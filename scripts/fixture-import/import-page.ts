/**
 * Turns a page saved from X into one of the project's fixtures: X's element structure and every
 * attribute the page reader depends on stay (`data-testid`, `role`, `aria-*`, link shapes,
 * `<time datetime>`, `dir`, `lang`, class tokens); X's scripts and stylesheets go; every
 * person's content (display names, handles, post texts, avatars and media, status and user
 * ids, counts) is replaced by invented content, consistently: one handle becomes one other
 * handle everywhere, and a post's id keeps the time its `<time>` shows.
 *
 * Nothing is kept that is not known to be X's own: a text outside the posts that is not made
 * of X's interface words is replaced too, and the result is checked for every original name,
 * handle, id, text and media address before it is returned.
 */
import { JSDOM } from 'jsdom';
import {
  inventedCode,
  inventedCount,
  inventedHandle,
  inventedHashtag,
  inventedId,
  inventedName,
  inventedWord,
  inventedWords,
  isInventedWord,
} from './invented';

export interface ImportedPage {
  html: string;
  /** How many of each kind of content were replaced. */
  replaced: { handles: number; names: number; ids: number; texts: number; media: number };
}

/** First path segments of X's own pages: never a person's handle. */
const RESERVED_PATHS = new Set(
  [
    'home',
    'explore',
    'notifications',
    'messages',
    'i',
    'search',
    'hashtag',
    'settings',
    'compose',
    'tos',
    'privacy',
    'login',
    'signup',
    'logout',
    'intent',
    'share',
    'jobs',
    'premium_sign_up',
    'account',
    'about',
    'download',
    'help',
    'rules',
    'verified-choose',
    'jf',
    'lists',
    'bookmarks',
    'communities',
  ].map((p) => p.toLowerCase()),
);

/**
 * The words of X's own interface (English pages). A text outside the posts is kept when it
 * is made of these, names, handles, numbers and times only; any other text is replaced.
 */
const INTERFACE_WORDS = new Set(
  `home explore notifications messages grok bookmarks communities premium verified orgs profile
  more post posts for you following see new what is happening what’s your timeline subscribe to
  unlock features and if eligible receive a share of revenue trending now show who follow follows
  terms service privacy policy cookie accessibility ads info x corp quote reposted ad promoted live
  views view replying this thread replies translate keyboard shortcuts press question mark click
  reply repost reposts like likes bookmark bookmarks in the off limited time get started sign up
  log account image video gif embedded analytics ago hours hour minutes minute seconds second days
  day account verified menu caret back search options conversation timeline trends people grok
  actions a an by on at with from of up and or not direct mentions drafts scheduled lists settings
  shortcuts close dismiss open next previous loading status media top latest am pm jan feb mar
  apr may jun jul aug sep oct nov dec`.split(/\s+/),
);

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const TIME_TEXT = new RegExp(
  `^(\\d{1,2}[smhd]|(${MONTHS}) \\d{1,2}(, \\d{4})?|\\d{1,2}:\\d{2} ?(AM|PM)|·)$`,
);
const COUNT = /^\d[\d,.]*[KMB]?$/;
const HANDLE_IN_PATH =
  /^(?:https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com)?\/([A-Za-z0-9_]{1,15})(?=\/|$|\?|#)/;
const X_LINK = /^(?:https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com)?\//;
const REMOTE = /^https?:\/\//;

const svg = (body: string) =>
  'data:image/svg+xml,' +
  encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40">${body}</svg>`);
const AVATAR = svg('<circle cx="20" cy="20" r="20" fill="#8b98a5"/>');
const MEDIA = svg('<rect width="40" height="40" fill="#536471"/>');
const BLANK = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

/** Where a person writes: the words there are replaced word by word, keeping the shape. */
const WRITING =
  '[data-testid="tweetText"], [data-testid="card.wrapper"], [data-testid="UserDescription"]';
/** Where a person's name is shown. */
const NAME_PLACES =
  '[data-testid="User-Name"], [data-testid="UserCell"] a, [data-testid="SideNav_AccountSwitcher_Button"]';
/**
 * Things of other extensions that were installed when the page was saved (X itself writes no
 * declarative shadow roots).
 */
const NOT_X = '[ext-id], #loom-companion-mv3, .vsc-controller, template[shadowrootmode]';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const bounded = (s: string, flags = 'gu') =>
  new RegExp(`(?<![\\p{L}\\p{N}_])${escape(s)}(?![\\p{L}\\p{N}_])`, flags);

export function importSavedPage(html: string, source: string): ImportedPage {
  const isWholePage = /<html[\s>]/i.test(html);
  const dom = new JSDOM(html);
  const doc = dom.window.document;
  const textNodes = (root: Node) => {
    const walker = doc.createTreeWalker(root, dom.window.NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    return nodes;
  };

  doc
    .querySelectorAll(`script, style, link, noscript, iframe, object, embed, base, ${NOT_X}`)
    .forEach((n) => n.remove());
  doc.head?.querySelectorAll('meta').forEach((m) => {
    if (!m.hasAttribute('charset') && m.getAttribute('name') !== 'viewport') m.remove();
  });

  // 1. Who appears on the page: handles and display names.
  const handles = new Map<string, string>();
  const taken = new Set<string>();
  const addHandle = (handle: string) => {
    const key = handle.toLowerCase();
    if (RESERVED_PATHS.has(key) || handles.has(key)) return;
    let attempt = 0;
    let invented = inventedHandle(key);
    while (taken.has(invented.toLowerCase())) invented = inventedHandle(key, ++attempt);
    taken.add(invented.toLowerCase());
    handles.set(key, invented);
  };
  for (const el of doc.querySelectorAll('*')) {
    const href = el.getAttribute('href');
    const inPath = href ? HANDLE_IN_PATH.exec(href) : null;
    if (inPath?.[1]) addHandle(inPath[1]);
    const avatar = /^UserAvatar-Container-([A-Za-z0-9_]{1,15})$/.exec(
      el.getAttribute('data-testid') ?? '',
    );
    if (avatar?.[1]) addHandle(avatar[1]);
  }
  for (const node of textNodes(doc.documentElement)) {
    for (const m of node.data.matchAll(/@([A-Za-z0-9_]{1,15})/g)) if (m[1]) addHandle(m[1]);
  }

  const names = new Map<string, string>();
  const addName = (text: string) => {
    const name = text.trim();
    if (name && /\p{L}/u.test(name) && !name.startsWith('@') && !TIME_TEXT.test(name)) {
      if (!names.has(name)) names.set(name, inventedName(name));
    }
  };
  for (const place of doc.querySelectorAll(NAME_PLACES)) {
    for (const node of textNodes(place)) {
      if (node.data.trim().startsWith('@')) break;
      if (node.parentElement?.closest('time, a[href*="/status/"]')) continue;
      addName(node.data);
    }
  }
  for (const context of doc.querySelectorAll('[data-testid="socialContext"]')) {
    addName((context.textContent ?? '').replace(/\s+reposted\s*$/i, ''));
  }

  // 2. Replacements that apply wherever a value appears.
  const ids = new Map<string, string>();
  const mapId = (digits: string) => {
    let id = ids.get(digits);
    if (!id) ids.set(digits, (id = inventedId(digits)));
    return id;
  };
  const namePatterns = [...names.keys()]
    .sort((a, b) => b.length - a.length)
    .map((name) => [bounded(name), names.get(name)!] as const);
  const handlePatterns = [...handles].map(
    ([original, invented]) => [bounded(original, 'giu'), invented] as const,
  );
  const mapPeople = (text: string) => {
    let out = text;
    for (const [re, invented] of namePatterns) out = out.replace(re, invented);
    for (const [re, invented] of handlePatterns) out = out.replace(re, invented);
    return out.replace(/\d{8,20}/g, mapId);
  };
  const invented = new Set([...names.values(), ...handles.values()]);
  /** Whether a text says only X's interface words, names, handles, numbers and times. */
  const saysOnlyInterface = (text: string) => {
    let rest = text;
    for (const value of invented) rest = rest.replace(bounded(value, 'giu'), ' ');
    return rest
      .replace(/[@#]/g, ' ')
      .split(/[\s·,.:;!?|()\-–—%©"“”'‘’/]+/u)
      .filter(Boolean)
      .every(
        (word) =>
          INTERFACE_WORDS.has(word.toLowerCase()) || COUNT.test(word) || TIME_TEXT.test(word),
      );
  };

  const mapHref = (href: string): string => {
    if (href.startsWith('#') || href.startsWith('data:')) return href;
    if (X_LINK.test(href)) {
      const [path = '', query = ''] = href.split(/(?=[?#])/);
      const segments = path.split('/');
      return (
        segments
          .map((segment, i) => {
            const previous = segments[i - 1];
            if (previous === 'hashtag') return inventedHashtag(segment);
            if (/^\d{8,20}$/.test(segment)) return mapId(segment);
            const isHandleSlot = i === (/^https?:/.test(href) ? 3 : 1);
            return isHandleSlot ? (handles.get(segment.toLowerCase()) ?? segment) : segment;
          })
          .join('/') + query
      );
    }
    if (/^https?:\/\/t\.co\//.test(href)) return `https://t.co/${inventedCode(href)}`;
    if (/^https?:/.test(href)) return `https://example.com/${inventedCode(href, 8)}`;
    return href;
  };
  const mapMediaUrl = (url: string, el: Element) => {
    if (url.startsWith('data:')) return url;
    if (/\/emoji\//.test(url)) return BLANK;
    return el.closest('[data-testid^="UserAvatar-Container"], [data-testid="Tweet-User-Avatar"]')
      ? AVATAR
      : MEDIA;
  };

  const originals = {
    texts: new Set<string>(),
    media: new Set<string>(),
  };
  let textsReplaced = 0;
  let mediaReplaced = 0;

  // 3. Text.
  const writing = new Set(doc.querySelectorAll(WRITING));
  const inWriting = (node: Node) => {
    for (let el = node.parentElement; el; el = el.parentElement) if (writing.has(el)) return true;
    return false;
  };
  for (const node of textNodes(doc.documentElement)) {
    const text = node.data;
    const trimmed = text.trim();
    if (!trimmed || node.parentElement?.closest('time, svg, title')) continue;
    const [, lead = '', , tail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text) ?? [];
    if (inWriting(node)) {
      if (trimmed.length >= 12) originals.texts.add(trimmed);
      node.data = text.replace(/[^\s]+/g, (token) => {
        if (/^@[A-Za-z0-9_]{1,15}/.test(token)) return mapPeople(token);
        if (/^#/.test(token)) return '#' + inventedHashtag(token);
        if (/^(https?:\/\/|www\.)|^[\w-]+\.(com|org|net|id|co|io)\b/.test(token))
          return 'example.com/' + inventedCode(token, 6);
        if (!/[\p{L}\p{N}]/u.test(token)) return token;
        return inventedWord(token);
      });
      textsReplaced++;
      continue;
    }
    if (names.has(trimmed)) {
      node.data = lead + names.get(trimmed)! + tail;
      continue;
    }
    if (COUNT.test(trimmed)) {
      node.data = lead + inventedCount(trimmed) + tail;
      continue;
    }
    const mapped = mapPeople(text);
    if (saysOnlyInterface(mapped)) {
      node.data = mapped;
    } else {
      if (trimmed.length >= 12) originals.texts.add(trimmed);
      node.data = lead + inventedWords(trimmed.replace(/\s+/g, ' ')) + tail;
      textsReplaced++;
    }
  }
  const title = doc.querySelector('title');
  if (title && !saysOnlyInterface(title.textContent ?? '')) title.textContent = 'X';

  // 4. Attributes.
  for (const el of doc.querySelectorAll('*')) {
    for (const attr of [...el.attributes]) {
      const { name, value } = attr;
      if (/^on/i.test(name) || name === 'srcset') {
        el.removeAttribute(name);
      } else if (name === 'href') {
        el.setAttribute(name, mapHref(value));
      } else if (name === 'src' || name === 'poster') {
        if (!value.startsWith('data:')) {
          originals.media.add(value);
          el.setAttribute(name, mapMediaUrl(value, el));
          mediaReplaced++;
        }
      } else if (name === 'style' && /url\(/.test(value)) {
        el.setAttribute(
          name,
          value.replace(/url\((["']?)(.*?)\1\)/g, (_, quote: string, url: string) => {
            if (!url.startsWith('data:')) originals.media.add(url);
            mediaReplaced++;
            return `url(${quote}${mapMediaUrl(url, el)}${quote})`;
          }),
        );
      } else if (name === 'data-testid') {
        el.setAttribute(
          name,
          value
            .replace(
              /^(UserAvatar-Container-)(\w+)$/,
              (_, prefix: string, h: string) => prefix + (handles.get(h.toLowerCase()) ?? h),
            )
            .replace(/\d{8,20}/g, mapId),
        );
      } else if (['aria-label', 'title', 'alt', 'id', 'aria-labelledby'].includes(name)) {
        let mapped = mapPeople(value);
        if (
          name === 'aria-label' &&
          /replies|reposts|likes|views|bookmarks|posts|followers/i.test(mapped)
        ) {
          mapped = mapped.replace(/\d[\d,.]*[KMB]?/g, inventedCount);
        }
        const isEmoji = name === 'alt' && !/[\p{L}\p{N}]/u.test(value);
        if (!isEmoji && (name === 'aria-label' || name === 'title' || name === 'alt')) {
          if (!saysOnlyInterface(mapped)) {
            if (value.trim().length >= 12) originals.texts.add(value.trim());
            mapped = name === 'alt' ? 'Image' : inventedWords(value.replace(/\s+/g, ' ').trim());
          }
        }
        el.setAttribute(name, mapped);
      }
    }
  }

  const body = isWholePage
    ? '<!DOCTYPE html>\n' + doc.documentElement.outerHTML
    : (doc.body?.innerHTML ?? '');
  const header = `<!-- Imported by \`npm run fixtures:import\` from a page saved from X (${source}): X's markup is kept, every person's content is invented. -->\n`;
  const result = header + body + '\n';

  checkNothingLeft(result, {
    handles: [...handles.keys()],
    names: [...names.keys()],
    ids: [...ids.keys()],
    texts: [...originals.texts],
    media: [...originals.media].filter((url) => REMOTE.test(url)),
  });
  return {
    html: result,
    replaced: {
      handles: handles.size,
      names: names.size,
      ids: ids.size,
      texts: textsReplaced,
      media: mediaReplaced,
    },
  };
}

/** Throws when any original person's content is still in the page. */
export function checkNothingLeft(
  html: string,
  originals: {
    handles: string[];
    names: string[];
    ids: string[];
    texts: string[];
    media: string[];
  },
): void {
  const left: string[] = [];
  const decoded = new JSDOM(html).window.document.documentElement.outerHTML;
  for (const handle of originals.handles) {
    if (handle.length < 3 || isInventedWord(handle)) continue;
    if (bounded(handle, 'iu').test(decoded)) left.push(`handle ${handle}`);
  }
  for (const name of originals.names) {
    if (name.length < 3 || isInventedWord(name)) continue;
    if (bounded(name, 'u').test(decoded)) left.push(`name ${name}`);
  }
  for (const id of originals.ids) if (decoded.includes(id)) left.push(`id ${id}`);
  for (const text of originals.texts) if (decoded.includes(text)) left.push(`text ${text}`);
  for (const url of originals.media) if (decoded.includes(url)) left.push(`media ${url}`);
  if (left.length > 0) {
    throw new Error(`The imported page still holds people's content: ${left.join('; ')}`);
  }
}
