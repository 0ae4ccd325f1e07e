import { MAX_REPLY_TO } from '../domain/assignment-ops';
import type { Post } from '../domain/types';
import { storableText } from '../domain/text';
import { selectors } from './selectors';
import { handleFromHref, parseStatusPath, statusIdFromPath, xPath } from '../domain/x-links';

/** Every post element under `root`, `root` included. */
export function findPostElements(root: ParentNode): Element[] {
  const posts = Array.from(root.querySelectorAll(selectors.post));
  if (isElement(root) && root.matches(selectors.post)) posts.unshift(root);
  return posts;
}

/**
 * Promoted: wrapped in a `placementTracking` (a normal post only holds one inside, around its
 * video), and either marked by ad impression pixels of its own or showing no time link of its
 * own.
 */
export function isPromoted(postEl: Element): boolean {
  const tracking = postEl.parentElement?.closest(selectors.placementTracking);
  if (!tracking) return false;
  return hasOwnPixel(tracking, postEl) || !hasOwnStatusLink(postEl);
}

/**
 * Whether `tracking` holds an ad impression pixel of the post: X puts them beside the post in its
 * timeline cell. A pixel in another cell or inside another post marks that one.
 */
function hasOwnPixel(tracking: Element, postEl: Element): boolean {
  const cell = postEl.closest(selectors.cell);
  for (const pixel of tracking.querySelectorAll(selectors.impressionPixel)) {
    if (pixel.closest(selectors.cell) !== cell) continue;
    const post = pixel.closest(selectors.post);
    if (post === null || post === postEl) return true;
  }
  return false;
}

/** The post shown by `postEl`, or null when its id, author handle or time cannot be read. */
export function readPost(postEl: Element, pageUrl?: string): Post | null {
  return readParts(postEl, pageUrl, isPromoted(postEl))?.post ?? null;
}

/**
 * A post that is not promoted (`isPromoted` said so) and what its annotation is inserted after
 * (`findAuthorLine`), found in the same pass over the post; null when either is missing.
 */
export function readShownPost(
  postEl: Element,
  pageUrl: string,
): { post: Post; authorLine: Element } | null {
  const read = readParts(postEl, pageUrl, false);
  const authorLine = read?.userName && authorLineOf(postEl, read.userName);
  return read && authorLine ? { post: read.post, authorLine } : null;
}

/** The page's path and status id, for the posts of one page read one after the other. */
let lastPage: { url: string; statusId: string | null } | undefined;

function pageOf(pageUrl: string) {
  if (lastPage?.url !== pageUrl) {
    const path = xPath(pageUrl);
    lastPage = { url: pageUrl, statusId: path === null ? null : statusIdFromPath(path) };
  }
  return lastPage;
}

function readParts(
  postEl: Element,
  pageUrl: string | undefined,
  promoted: boolean,
): { post: Post; userName: Element | null } | null {
  const page = pageUrl === undefined ? null : pageOf(pageUrl);
  const parts = scan(postEl, page?.statusId ?? null);
  const status = parts.status;
  if (!status) return null;

  const socialLink = parts.socialContext && closestOrInner(parts.socialContext, 'a[href]');
  const socialHref = socialLink && postEl.contains(socialLink) && socialLink.getAttribute('href');
  const nameEl = parts.userName?.querySelector('[dir]');

  const post: Post = {
    id: status.id,
    authorHandle: status.handle,
    authorName: nameEl ? storableText(readText(nameEl)).replace(/\s+/g, ' ').trim() : '',
    text: parts.tweetText ? storableText(readText(parts.tweetText)).trim() : '',
    createdAt: status.createdAt,
    url: `https://x.com/${status.handle}/status/${status.id}`,
    repostedBy: socialHref ? handleFromHref(socialHref) : null,
    focused:
      // The focused post of a conversation page is the only one X makes unreachable by Tab, and
      // it shows its full date below the text instead of a relative time in the author line.
      (postEl.getAttribute('tabindex') === '-1' && !parts.userName?.contains(status.link)) ||
      (page !== null && page.statusId === status.id),
    replyTo: parts.replyTo,
    promoted,
  };
  return { post, userName: parts.userName };
}

/**
 * What the annotation host is inserted after (`anchor.after(host)`), or null.
 *
 * X nests the outer `User-Name` in single-child wrappers inside the author row, a flex row
 * (`name @handle · 4h` … caret "⋯"), whose parent stacks its children. The anchor is that row:
 * the host lands under it, on a line of its own, where it never squeezes the citizen's name
 * or handle (beside them in the row, the name would be cut first). On a focused post, where
 * `User-Name` stacks name over handle, the same holds. Without such a row, `User-Name` itself.
 */
export function findAuthorLine(postEl: Element): Element | null {
  const userName = outerUserName(postEl);
  return userName && authorLineOf(postEl, userName);
}

/** `findAuthorLine` from the post's outer `User-Name`. */
function authorLineOf(postEl: Element, userName: Element): Element {
  let inRow: Element = userName;
  while (inRow.parentElement && inRow.parentElement !== postEl) {
    const parent: Element = inRow.parentElement;
    if (parent.childElementCount > 1) return parent;
    inRow = parent;
  }
  return userName;
}

type Status = { id: string; handle: string; createdAt: string; link: Element };

interface PostParts {
  status: Status | null;
  userName: Element | null;
  tweetText: Element | null;
  socialContext: Element | null;
  replyTo: string[];
}

/** `Node.DOCUMENT_POSITION_FOLLOWING`, without the global: the reader also reads jsdom documents. */
const DOCUMENT_POSITION_FOLLOWING = 4;

/** What holds another post's parts inside a post: a quoted block, or a post element. */
const OTHER_POST = `${selectors.quoteBlock}, ${selectors.post}`;

/** X's `datetime` is ISO 8601; anything else would need guessing a year or a zone. */
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The post's parts, each the first of its kind in document order that is the post's own
 * (not a quoted or nested post's).
 *
 * One query per selector: Chromium finds a single selector several times faster than a list
 * of them, and `querySelector` stops at the first match, nearly always the post's own. The
 * `<time>` elements (`selectors.time`) come from the tag's collection, faster still.
 */
function scan(postEl: Element, pageStatusId: string | null = null): PostParts {
  const userName = firstOwn(postEl, selectors.userName);
  const tweetText = firstOwn(postEl, selectors.tweetText);
  const parts: PostParts = {
    status: null,
    userName,
    tweetText,
    socialContext: firstOwn(postEl, selectors.socialContext),
    replyTo: replyToOf(postEl, userName, tweetText),
  };
  const times: Element[] = [];
  const timeTags = postEl.getElementsByTagName('time');
  for (let i = 0; i < timeTags.length; i++) {
    if (timeTags[i]!.hasAttribute('datetime')) times.push(timeTags[i]!);
  }
  parts.status = ownStatus(postEl, parts, times, pageStatusId);
  return parts;
}

function firstOwn(postEl: Element, selector: string): Element | null {
  const first = postEl.querySelector(selector);
  if (first === null || isOwn(first, postEl)) return first;
  for (const el of postEl.querySelectorAll(selector)) if (isOwn(el, postEl)) return el;
  return null;
}

/**
 * "Replying to @a @b" sits between the author line and the text: links to a profile that read
 * "@handle". Its words are translated; the link and its handle are not. A post is kept with at
 * most MAX_REPLY_TO of them (what the background accepts), each once.
 */
function replyToOf(postEl: Element, userName: Element | null, tweetText: Element | null) {
  const replyTo: string[] = [];
  /** The handles kept so far, in lower case: X's handles ignore case. */
  const keys = new Set<string>();
  // The tag's live collection is walked only as far as the loop goes: a query, or asking the
  // collection's length, would go through every link of the post first. A link without `href`
  // names no handle.
  const links = postEl.getElementsByTagName('a');
  // The line is under the author block: the links before it (the avatar's) and in it (the
  // name's, the handle's, the time's) are passed over without a look.
  const authorLinks = userName?.getElementsByTagName('a');
  const lastAuthorLink = authorLinks?.[authorLinks.length - 1];
  let start = 0;
  if (lastAuthorLink) {
    while (links[start] && links[start] !== lastAuthorLink) start++;
    start++;
  }
  for (let i = start, link = links[i]; link; link = links[++i]) {
    if (keys.size >= MAX_REPLY_TO) break;
    // The text's own @mentions, and everything after the text's start, are past the reply line:
    // no link from there on is read (a post's media, card and quote links are most of them).
    if (tweetText && tweetText.compareDocumentPosition(link) & DOCUMENT_POSITION_FOLLOWING) break;
    if (userName?.contains(link)) continue;
    const handle = handleFromHref(link.getAttribute('href') ?? '');
    const key = handle?.toLowerCase();
    if (!key || keys.has(key) || link.textContent?.trim().toLowerCase() !== `@${key}`) continue;
    if (!isOwn(link, postEl)) continue;
    keys.add(key);
    replyTo.push(handle!);
  }
  return replyTo;
}

/**
 * The post's own status link, from its time links (`times`, in any order).
 *
 * It is the time link in the post's author block. A focused post (the one a conversation page
 * is about) shows its time link below its text instead: there it is the first one after the
 * author block, outside the text and any quoted post, to a post of the author; among those the
 * one the page's address names (`pageStatusId`) comes first. A time link anywhere else (before
 * the author block, in the text, in a quoted post) is some other post's and never taken.
 */
function ownStatus(
  postEl: Element,
  { userName, tweetText }: PostParts,
  times: Element[],
  pageStatusId: string | null,
): Status | null {
  if (userName) {
    for (const time of times) if (userName.contains(time)) return readStatus(time, postEl);
  }
  let first: Status | null = null;
  let author: string | null | undefined;
  for (const time of times) {
    if (tweetText?.contains(time) || !isOwn(time, postEl)) continue;
    if (!userName) {
      // No author block at all: the one time link outside the text is all there is to go by.
      return readStatus(time, postEl);
    }
    if (!(userName.compareDocumentPosition(time) & DOCUMENT_POSITION_FOLLOWING)) continue;
    author ??= authorHandle(userName);
    const status = readStatus(time, postEl);
    if (!status || !author || status.handle.toLowerCase() !== author.toLowerCase()) continue;
    if (pageStatusId === null || status.id === pageStatusId) return status;
    first ??= status;
  }
  return first;
}

/** The handle the author block links to. */
function authorHandle(userName: Element): string | null {
  const link = userName.querySelector('a[href]');
  return link && handleFromHref(link.getAttribute('href') ?? '');
}

/** The post's own status link: the `/handle/status/id` link around a `<time>`. */
function readStatus(time: Element, postEl: Element): PostParts['status'] {
  const link = time.closest('a[href]');
  if (!link || !postEl.contains(link)) return null;
  const path = xPath(link.getAttribute('href') ?? '');
  const status = path === null ? null : parseStatusPath(path, true);
  const datetime = time.getAttribute('datetime') ?? '';
  if (!status || !ISO_DATETIME.test(datetime)) return null;
  const ms = Date.parse(datetime);
  if (Number.isNaN(ms)) return null;
  return { ...status, createdAt: new Date(ms).toISOString(), link };
}

function hasOwnStatusLink(postEl: Element): boolean {
  return scan(postEl).status !== null;
}

function outerUserName(postEl: Element): Element | null {
  for (const el of postEl.querySelectorAll(selectors.userName)) {
    if (isOwn(el, postEl)) return el;
  }
  return null;
}

/**
 * Whether `el` is a part of the post itself: parts of a quoted post, or of another post element
 * inside the post, are that other post's (the nearest of either around `el` is not the post).
 */
function isOwn(el: Element, postEl: Element): boolean {
  return el.closest(OTHER_POST) === postEl;
}

function closestOrInner(el: Element, selector: string): Element | null {
  return el.closest(selector) ?? el.querySelector(selector);
}

/** Text as shown: X draws emoji as `<img alt="🔥">`, which `textContent` would drop. */
function readText(el: Element): string {
  // Without images, the text is what the browser gives at once.
  return el.getElementsByTagName('img').length === 0 ? (el.textContent ?? '') : readNodes(el);
}

function readNodes(node: Node): string {
  let text = '';
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3) {
      text += (child as Text).data;
    } else if (child.nodeType === 1) {
      const el = child as Element;
      text += el.localName === 'img' ? (el.getAttribute('alt') ?? '') : readNodes(el);
    }
  }
  return text;
}

function isElement(node: ParentNode): node is Element {
  return (node as Node).nodeType === 1;
}
