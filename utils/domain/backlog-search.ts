/**
 * The popup's one search box: author, words of the post and department (short name or name),
 * with case and diacritics ignored ("dinas pu", "Dinas PU" and "dînas pú" find the same). Every
 * word asked must appear somewhere in the item.
 */
import type { Assignment, Department } from './types';

/** Lower case, without diacritics, spaces collapsed. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** What an item is found by, folded once per load (not once per keystroke). */
export function searchText(item: Assignment, department: Department | undefined): string {
  const { authorHandle, authorName, text } = item.post;
  return foldForSearch(
    [`@${authorHandle}`, authorName, text, department?.shortName, department?.name].join(' '),
  );
}

/** The words of a query, folded; none matches everything. */
export function queryWords(query: string): string[] {
  const folded = foldForSearch(query);
  return folded ? folded.split(' ') : [];
}

export function matchesWords(haystack: string, words: readonly string[]): boolean {
  return words.every((w) => haystack.includes(w));
}
