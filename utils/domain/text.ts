/** Lower case without diacritics, so "Kesehatan" matches "kesehatan" and "késehatan". */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
