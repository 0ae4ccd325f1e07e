/**
 * X's links: which addresses are X's, and the handle or post id a link names. Pure string
 * facts, used by the page reader and by the rules that check a reply or a duplicate.
 */
import { HANDLE_SOURCE, isHandle } from './x-handle';
import { X_LINK_HOSTS } from './x-urls';

/** Status ids are unsigned 64-bit integers: at most 20 digits. */
const STATUS_PATH = new RegExp(`^/(${HANDLE_SOURCE})/status/(\\d{1,20})(/.*)?$`);

/** A path of letters, digits, `_` and `/` (`//` first would name another host). */
const PLAIN_PATH = /^\/(?!\/)[\w/]*$/;

/** The path of an X link (relative or absolute, x.com or twitter.com), or null for other sites. */
export function xPath(href: string): string | null {
  // Most of X's links are plain paths: what URL would make of them is themselves.
  if (PLAIN_PATH.test(href)) return href;
  let url: URL;
  try {
    url = new URL(href, 'https://x.com');
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return X_LINK_HOSTS.has(url.hostname) ? url.pathname : null;
}

/**
 * `/handle/status/123` → `{ handle, id }`. With `exact`, nothing may follow the id, so the
 * `/photo/1` and `/analytics` links of a post are not taken for its status link.
 */
export function parseStatusPath(
  pathname: string,
  exact = false,
): { handle: string; id: string } | null {
  const m = STATUS_PATH.exec(pathname);
  if (!m || m[1] === undefined || m[2] === undefined || m[1] === 'i') return null;
  if (exact && m[3] !== undefined && m[3] !== '/') return null;
  return { handle: m[1], id: m[2] };
}

/** The status id of a conversation page (`/handle/status/123`, also with `/photo/1` after it). */
export function statusIdFromPath(pathname: string): string | null {
  return parseStatusPath(pathname)?.id ?? null;
}

/** A profile link's handle (`/warga`, `https://twitter.com/warga`), or null. */
export function handleFromHref(href: string): string | null {
  const path = xPath(href);
  if (path === null) return null;
  const handle = path.replace(/^\/|\/$/g, '');
  // `i` is X's own namespace (`/i/status/…`), no account.
  return isHandle(handle) && handle !== 'i' ? handle : null;
}
