// eslint-disable-next-line no-control-regex -- ASCII's range begins at NUL
const ASCII_ONLY = /^[\x00-\x7F]*$/;
/**
 * A run of characters that decomposition may change: neither ASCII nor emoji (U+1F000 to
 * U+1FAFF, none of which decomposes, is a mark or has a case). Decomposing such runs alone
 * gives what decomposing the whole text gives, as ASCII and emoji start a new character
 * (combining class 0) that marks are never reordered across.
 */
// eslint-disable-next-line no-control-regex -- ASCII's range begins at NUL
const MAY_DECOMPOSE = /[^\x00-\x7F\u{1F000}-\u{1FAFF}]+/gu;
const MARK = /\p{M}/gu;
const withoutMarks = (run: string) => run.normalize('NFD').replace(MARK, '');

/** Lower case without diacritics, so "Kesehatan" matches "kesehatan" and "késehatan". */
export function foldForSearch(text: string): string {
  // Most posts are ASCII, and most of the rest ASCII with emoji: only the other runs (an
  // accented letter, an emoji's variation selector) are decomposed, not the whole text.
  // Lower case comes last, over the whole text: Greek's final sigma depends on what follows.
  const unmarked = ASCII_ONLY.test(text) ? text : text.replace(MAY_DECOMPOSE, withoutMarks);
  return unmarked.toLowerCase();
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
