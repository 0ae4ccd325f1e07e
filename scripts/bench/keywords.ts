/**
 * Part "keywords": 5. keyword matching, the default directory's matcher on a typical post, in
 * Node (the same V8 as Chromium).
 */
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { compileKeywords } from '../../utils/domain/keyword-match';
import { fmt, ok, round, type Row } from './figures';
import { TARGETS } from './settings';

export interface KeywordFigures {
  msPerPost: number;
}

export function measureKeywords(): KeywordFigures {
  const match = compileKeywords(DEFAULT_DEPARTMENTS.map((d) => [d.id, d.keywords]));
  const text =
    '@pemkot_kotaraya pak tolong itu jalan di depan SDN 3 Sukamaju bolong gede bgt, tadi pagi ada ' +
    'pemotor jatuh 😭 udah dari bulan lalu ga ditambal2, sampah juga numpuk di gorong-gorong #banjir';
  for (let i = 0; i < 2000; i++) match(text); // warm up
  const runs = 20_000;
  const t = performance.now();
  for (let i = 0; i < runs; i++) match(text);
  return { msPerPost: round((performance.now() - t) / runs, 4) };
}

export function keywordRows(km: KeywordFigures): Row[] {
  return [
    [
      'keyword matching, default directory, a typical post',
      '',
      `${fmt(km.msPerPost * 1000, 1)} µs`,
      '',
      `≤ ${TARGETS.msPerPost} ms: ${ok(km.msPerPost <= TARGETS.msPerPost)}`,
    ],
  ];
}

export function keywordSummary(km: KeywordFigures): string[] {
  return [
    `keyword matching:        ${fmt(km.msPerPost * 1000, 1)} µs per post (default directory)`,
  ];
}
