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
