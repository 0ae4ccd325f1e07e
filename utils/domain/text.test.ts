import { describe, expect, test } from 'vitest';
import { foldForSearch } from './text';

/** The fold as defined: the whole text decomposed, its marks dropped, then lower case. */
const reference = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Pieces that test the fold's edges: accents, marks alone, emoji and their selectors, Greek's final sigma, Hangul. */
const PIECES = [
  'Jalan',
  ' ',
  'RUSAK',
  'é',
  'e\u0301',
  '\u0301',
  'Ñ',
  'ß',
  'İ',
  'Ω',
  '\u2126',
  '\u212A',
  '😡',
  '❤️',
  '👍🏽',
  '👨‍👩‍👧',
  '\uFE0F',
  '\u200D',
  '🇮🇩',
  'ΟΔΟΣ',
  'Σ',
  'ς',
  '한국',
  'ế',
  'ǅ',
  '\u0345',
  'ﬁ',
  '…',
  '’',
  '#',
  '@',
  '1',
  '٣',
  '𐐀',
  '𝐀',
  '\u{E0100}',
];

describe('foldForSearch', () => {
  test.each([
    ['Jalan RUSAK', 'jalan rusak'],
    ['Késehatan', 'kesehatan'],
    ['banjir 😡😡 parah ❤️', 'banjir 😡😡 parah ❤'],
    ['ΟΔΟΣ', 'οδος'],
  ])('%s → %s', (text, folded) => {
    expect(foldForSearch(text)).toBe(folded);
  });

  test('folds every character as the whole-text definition does', () => {
    const differ: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const text = `a${String.fromCodePoint(cp)}B`;
      if (foldForSearch(text) !== reference(text)) differ.push(cp.toString(16));
    }
    expect(differ).toEqual([]);
  });

  test('folds mixed texts as the whole-text definition does', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 0x7fffffff);
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = next() % 12;
      for (let i = 0; i < length; i++) text += PIECES[next() % PIECES.length];
      expect(foldForSearch(text), JSON.stringify(text)).toBe(reference(text));
    }
  });
});
