import { describe, expect, test } from 'vitest';
import { DEFAULT_DEPARTMENTS } from './departments';
import { compileKeywords, wordsOf } from './keyword-match';

const match = compileKeywords([
  ['roads', ['jalan rusak', 'jalan bolong', 'gorong-gorong', 'aspal']],
  ['rubbish', ['sampah', 'sampah numpuk', 'bau']],
  ['order', ['trotoar dipakai jualan', 'pkl']],
  ['walk', ['trotoar']],
  ['water', ['pdam', 'air mati']],
]);
const keywordsIn = (text: string) => match(text).map((h) => h.keyword);

describe('compileKeywords', () => {
  test.each([
    // [case, text, matched keywords]
    ['a single word', 'Ada sampah di sini', ['sampah']],
    ['a phrase', 'jalan rusak parah', ['jalan rusak']],
    ['upper case', 'JALAN RUSAK!!', ['jalan rusak']],
    ['diacritics', 'jalán rusák', ['jalan rusak']],
    ['punctuation between the words of a phrase', 'jalan... rusak', ['jalan rusak']],
    ['a line break between the words', 'jalan\nrusak', ['jalan rusak']],
    ['emoji around a word', '😡sampah😡', ['sampah']],
    ['a hyphenated keyword written with a space', 'gorong gorong mampet', ['gorong-gorong']],
    ['a hyphenated keyword as written', 'gorong-gorong mampet', ['gorong-gorong']],
    ['a hashtag of one word', '#sampah lagi', ['sampah']],
    ['a hashtag of a phrase run together', 'cek #JalanRusak di sini', ['jalan rusak']],
    ['not inside a longer word', 'rumah baru, aspalnya bagus', []],
    ['a phrase needs all its words', 'jalan ke pasar rusak', []],
    ['a phrase at the very end', 'tolong, jalan bolong', ['jalan bolong']],
    ['a phrase cut off at the end', 'ini jalan', []],
    ['a longer phrase hides the shorter keyword inside it', 'sampah numpuk', ['sampah numpuk']],
    [
      'an overlap across keys: the longer one wins',
      'trotoar dipakai jualan lagi',
      ['trotoar dipakai jualan'],
    ],
    ['the same keyword twice counts once', 'sampah, sampah, sampah', ['sampah']],
    [
      'both a phrase and, elsewhere, its word',
      'sampah numpuk, sampah',
      ['sampah numpuk', 'sampah'],
    ],
    ['a mention is not read', '@pdam tolong dong', []],
    ['a handle with a keyword in it is not read', '@info_pdam_kota air mati', ['air mati']],
    ['a link is not read', 'lihat https://x.com/sampah/status/1 ya', []],
    ['in text order', 'PKL dan sampah dan pdam', ['pkl', 'sampah', 'pdam']],
    ['empty text', '', []],
  ])('%s', (_, text, expected) => {
    expect(keywordsIn(text)).toEqual(expected);
  });

  test('says whose keyword matched and how many words it has', () => {
    expect(match('air mati, sampah')).toEqual([
      { key: 'water', keyword: 'air mati', words: 2 },
      { key: 'rubbish', keyword: 'sampah', words: 1 },
    ]);
  });

  test('the same keyword under two keys matches for both', () => {
    const both = compileKeywords([
      ['a', ['banjir']],
      ['b', ['banjir']],
    ]);
    expect(both('banjir lagi').map((h) => h.key)).toEqual(['a', 'b']);
  });

  test('keywords without letters or digits are ignored', () => {
    const m = compileKeywords([['a', ['', '  ', '!!', 'ok']]]);
    expect(m('!! ok').map((h) => h.keyword)).toEqual(['ok']);
  });

  test('words split once serve any matcher, as if it had split the text itself', () => {
    const text = 'Jalan RUSAK dan sampah numpuk';
    const words = wordsOf(text);
    expect(match(text, words)).toEqual(match(text));
    expect(match('', words).map((h) => h.keyword)).toEqual(['jalan rusak', 'sampah numpuk']);
  });

  test('wordsOf folds and splits, without mentions and links', () => {
    expect(wordsOf('@pemkot Jalan RUSAK, https://t.co/x #Bandung')).toEqual([
      'jalan',
      'rusak',
      'bandung',
    ]);
  });

  // Its speed (the bench's "keyword matching" row) is measured by `npm run bench`, not here.
  test('the whole default directory on a typical complaint: each keyword it names, in order', () => {
    const all = compileKeywords(DEFAULT_DEPARTMENTS.map((d) => [d.id, d.keywords] as const));
    const text =
      '@pemkot_kotaraya pak tolong itu jalan di depan SDN 3 Sukamaju bolong gede bgt, tadi pagi ada ' +
      'pemotor jatuh 😭 udah dari bulan lalu ga ditambal2, sampah juga numpuk di gorong-gorong #banjir';
    expect(all(text).map((h) => [h.key, h.keyword])).toEqual([
      ['dsdabm', 'bolong'],
      ['dlh', 'sampah'],
      ['dsdabm', 'gorong-gorong'],
      ['bpbd', 'banjir'],
    ]);
  });
});

describe('wordsOf', () => {
  /** The words as defined: the folded text split on what is neither a letter nor a digit. */
  const reference = (text: string) =>
    text
      .replace(/(?:^|\s)@\w+|https?:\/\/\S+/gu, ' ')
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w !== '');

  test.each([
    ['Jalan RUSAK di Jl. Soekarno-Hatta!!', ['jalan', 'rusak', 'di', 'jl', 'soekarno', 'hatta']],
    ['banjir😡😡lagi ❤️ #BanjirBandung', ['banjir', 'lagi', 'banjirbandung']],
    ['@dinsos_kota tolong https://t.co/x1 ya', ['tolong', 'ya']],
    ['𐐀𐐨 dan ٣ kali', ['𐐨𐐨', 'dan', '٣', 'kali']],
    ['', []],
    ['!!!', []],
  ])('%s', (text, words) => {
    expect(wordsOf(text)).toEqual(words);
    expect(wordsOf(text)).toEqual(reference(text));
  });

  test('splits every character as the definition does', () => {
    const differ: string[] = [];
    for (let cp = 0x80; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const text = `ab${String.fromCodePoint(cp)}cd ${String.fromCodePoint(cp)}`;
      if (wordsOf(text).join('|') !== reference(text).join('|')) differ.push(cp.toString(16));
    }
    expect(differ).toEqual([]);
  });
});
