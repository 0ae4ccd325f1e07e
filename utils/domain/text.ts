/** Lower case without diacritics, so "Kesehatan" matches "kesehatan" and "késehatan". */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** `value` cut to at most `max` characters, with "…" where it was cut. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = max - 1;
  // Never split a surrogate pair: half an emoji is not valid text.
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${value.slice(0, end)}…`;
}

/**
 * A NUL character or half of a surrogate pair: no text an officer typed or X showed holds
 * one, and the server's database cannot store either (a push holding one failed whole).
 */
// eslint-disable-next-line no-control-regex -- the NUL is what it finds
export const UNSTORABLE = /\u0000|[\uD800-\uDFFF]/u;
const EVERY_UNSTORABLE = new RegExp(UNSTORABLE.source, 'gu');

/** `text` with each unstorable character (see `UNSTORABLE`) replaced by "\uFFFD". */
export function storableText(text: string): string {
  return text.replace(EVERY_UNSTORABLE, '\uFFFD');
}
