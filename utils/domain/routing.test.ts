import { describe, expect, test } from 'vitest';
import { createDepartment } from '../../tests/factories';
import { compileRouter, HANDLE_SCORE, suggestDepartment } from './routing';

const directory = [
  createDepartment({ id: 'pu', handle: '', keywords: ['jalan rusak', 'aspal', 'lubang'] }),
  createDepartment({ id: 'dlh', handle: 'DLH_Kota', keywords: ['sampah', 'sampah numpuk'] }),
  createDepartment({ id: 'dishub', handle: '@dishub_kota', keywords: ['macet', 'parkir liar'] }),
];
const suggest = (text: string, replyTo: string[] = []) =>
  suggestDepartment({ text, replyTo }, directory);

describe('suggestDepartment', () => {
  test.each([
    // [case, text, reply-to, suggested department, matched]
    ['one keyword', 'ada sampah di sini', [], 'dlh', ['sampah']],
    ['nothing matches', 'selamat pagi pak wali', [], null, []],
    [
      'more keywords win',
      'aspal rusak, lubang dimana2, sampah juga',
      [],
      'pu',
      ['aspal', 'lubang'],
    ],
    ['a tie at the top gives no suggestion', 'sampah bikin macet', [], null, []],
    ['a phrase outweighs a single word', 'jalan rusak, ada sampah', [], 'pu', ['jalan rusak']],
    [
      'a handle mention outweighs two keywords',
      '@dlh_kota aspal sama lubang di depan',
      [],
      'dlh',
      ['@dlh_kota'],
    ],
    [
      'a handle in reply-to counts',
      'kapan ditangani?',
      ['dishub_kota'],
      'dishub',
      ['@dishub_kota'],
    ],
    [
      'handle and keywords add up',
      '@dishub_kota parkir liar bikin macet',
      [],
      'dishub',
      ['@dishub_kota', 'parkir liar', 'macet'],
    ],
    ['a handle inside a longer handle does not count', '@dishub_kotaraya halo', [], null, []],
    ['an e-mail address is not a mention', 'kirim ke admin@dlh_kota.go.id ya', [], null, []],
  ] as const)('%s', (_, text, replyTo, expected, matched) => {
    const suggestion = suggest(text, [...replyTo]);
    expect(suggestion?.departmentId ?? null).toBe(expected);
    if (expected && matched.length) expect(suggestion?.matched).toEqual(matched);
  });

  test('a department without a handle is never matched by an empty mention', () => {
    expect(suggest('@ tolong', [''])).toBeNull();
  });

  test('the score of a handle is stated', () => {
    expect(HANDLE_SCORE).toBeGreaterThan(2);
  });

  test('a changed directory is compiled anew', () => {
    const before = suggestDepartment({ text: 'macet', replyTo: [] }, directory);
    const edited = directory.map((d) =>
      d.id === 'pu' ? { ...d, keywords: [...d.keywords, 'macet total'] } : d,
    );
    expect(before?.departmentId).toBe('dishub');
    expect(suggestDepartment({ text: 'macet total', replyTo: [] }, edited)?.departmentId).toBe(
      'pu',
    );
  });

  test('compileRouter works without a handle anywhere', () => {
    const route = compileRouter([createDepartment({ id: 'a', handle: '', keywords: ['x'] })]);
    expect(route({ text: 'x', replyTo: ['someone'] })).toEqual({
      departmentId: 'a',
      matched: ['x'],
    });
  });
});
