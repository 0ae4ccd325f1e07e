/**
 * Whole-word and phrase matching of routing keywords in a post's text, compiled once per
 * keyword list and then run on every post of a timeline.
 *
 * - Case and diacritics do not count ("Jalan RUSAK", "jalán rusak").
 * - Words are runs of letters and digits; anything else separates them, so "gorong-gorong"
 *   and "gorong gorong" are the same, and punctuation or emoji between the words of a phrase
 *   do not matter ("jalan, rusak!" matches "jalan rusak"). A word never matches inside a
 *   longer one: "bau" does not match "baru".
 * - A hashtag is a word: "#banjir" matches "banjir", and a hashtag made of a phrase's words
 *   run together ("#jalanrusak") matches the phrase ("jalan rusak").
 * - @mentions and links are not read: a handle such as @dinsos_kota is the routing's own
 *   signal (see routing.ts), and "pdam" inside a link is no complaint about water.
 * - Where keywords overlap, a longer phrase hides the shorter keywords inside it: "trotoar
 *   dipakai jualan" is one hit, not also "trotoar".
 */
import { foldForSearch } from './text';

export interface KeywordHit<K> {
  /** Whose keyword it is (a department id, a programme id…). */
  key: K;
  /** The keyword as written in the list. */
  keyword: string;
  /** How many words the keyword has: a phrase says more than a single word. */
  words: number;
}

interface Candidate<K> {
  /** The hit it makes, one object per (key, keyword) pair, shared by the pair's forms. */
  hit: Readonly<KeywordHit<K>>;
  /** The words after the first one. */
  rest: string[];
}

const MENTION_OR_LINK = /(?:^|\s)@\w+|https?:\/\/\S+/gu;
const NOT_A_WORD = /[^\p{L}\p{N}]+/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
/** Whether each character beyond ASCII met so far is a letter or digit: one entry per character. */
const wordCharacters = new Map<number, boolean>();

function isWordCharacter(codePoint: number): boolean {
  let known = wordCharacters.get(codePoint);
  if (known === undefined) {
    known = LETTER_OR_DIGIT.test(String.fromCodePoint(codePoint));
    wordCharacters.set(codePoint, known);
  }
  return known;
}

/**
 * The words of `text`, folded, without mentions and links: the runs of letters and digits
 * (`NOT_A_WORD` separates them), found by one walk over the text, which in Chromium costs a
 * post's words about half of a split on a Unicode pattern.
 */
export function wordsOf(text: string): string[] {
  const folded = foldForSearch(text.replace(MENTION_OR_LINK, ' '));
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < folded.length;) {
    const c = folded.charCodeAt(i);
    let width = 1;
    let inWord: boolean;
    if (c < 0x80) {
      // Folded, so no capitals: a-z and 0-9.
      inWord = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
    } else {
      const codePoint = folded.codePointAt(i)!;
      if (codePoint > 0xffff) width = 2;
      inWord = isWordCharacter(codePoint);
    }
    if (inWord) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      words.push(folded.slice(start, i));
      start = -1;
    }
    i += width;
  }
  if (start >= 0) words.push(folded.slice(start));
  return words;
}

/**
 * `words`: the text's words when the caller has them already (`wordsOf(text)`), so that one
 * split serves every matcher a post goes through (routing and programmes).
 */
export type KeywordMatcher<K> = (text: string, words?: readonly string[]) => KeywordHit<K>[];

/**
 * Compiles keyword lists (one per key) into a matcher. The matcher returns each (key,
 * keyword) pair at most once, in the order they appear in the text.
 */
export function compileKeywords<K>(
  lists: Iterable<readonly [K, readonly string[]]>,
): KeywordMatcher<K> {
  const byFirstWord = new Map<string, Candidate<K>[]>();
  const add = (first: string, candidate: Candidate<K>) => {
    const list = byFirstWord.get(first);
    if (list) list.push(candidate);
    else byFirstWord.set(first, [candidate]);
  };
  /** Each (key, keyword) pair's hit, by `key NUL keyword`: a keyword listed twice is one hit. */
  const hitsById = new Map<string, KeywordHit<K>>();
  for (const [key, keywords] of lists) {
    for (const keyword of keywords) {
      const words = foldForSearch(keyword)
        .split(NOT_A_WORD)
        .filter((w) => w !== '');
      const [first, ...rest] = words;
      if (first === undefined) continue;
      const id = `${String(key)}\u0000${keyword}`;
      let hit = hitsById.get(id);
      if (!hit) hitsById.set(id, (hit = { key, keyword, words: words.length }));
      add(first, { hit, rest });
      // The hashtag form of a phrase: its words run together.
      if (rest.length > 0) add(words.join(''), { hit, rest: [] });
    }
  }

  // Matched on every post of a timeline: the hits are the compiled ones, not copies, and the
  // spans are three numbers' worth in one array (hit index, start, end).
  return (text, words = wordsOf(text)) => {
    let spans: (Candidate<K> | number)[] | undefined;
    for (let i = 0; i < words.length; i++) {
      const candidates = byFirstWord.get(words[i]!);
      if (!candidates) continue;
      for (let k = 0; k < candidates.length; k++) {
        const c = candidates[k]!;
        let ok = i + c.rest.length < words.length;
        for (let j = 0; ok && j < c.rest.length; j++) ok = words[i + 1 + j] === c.rest[j];
        if (ok) (spans ??= []).push(c, i, i + 1 + c.rest.length);
      }
    }
    if (!spans) return [];
    const hits: KeywordHit<K>[] = [];
    for (let s = 0; s < spans.length; s += 3) {
      const hit = (spans[s] as Candidate<K>).hit;
      const start = spans[s + 1] as number;
      const end = spans[s + 2] as number;
      let hidden = false;
      for (let o = 0; !hidden && o < spans.length; o += 3) {
        const oStart = spans[o + 1] as number;
        const oEnd = spans[o + 2] as number;
        hidden = o !== s && oStart <= start && oEnd >= end && oEnd - oStart > end - start;
      }
      if (!hidden && !hits.includes(hit)) hits.push(hit);
    }
    return hits;
  };
}
