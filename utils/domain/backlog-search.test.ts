import { expect, test } from 'vitest';
import { createAssignment, createDepartment } from '../../tests/factories';
import { matchesWords, queryWords, searchText } from './backlog-search';

const pu = createDepartment({
  id: 'dinas-pu',
  shortName: 'Dinas PU',
  name: 'Dinas Pekerjaan Umum',
});
const item = createAssignment({
  departmentId: 'dinas-pu',
  post: {
    authorHandle: 'Warga_Cibiru',
    authorName: 'Bu Déwi',
    text: 'Jalan rusak di depan SDN Cibiru, sudah tiga minggu',
    createdAt: '2026-12-06T01:00:00.000Z',
    url: 'https://x.com/Warga_Cibiru/status/1',
  },
});
const found = (query: string) => matchesWords(searchText(item, pu), queryWords(query));

test.each([
  ['@warga_cibiru', true],
  ['warga', true],
  ['dewi', true],
  ['JALAN   rusak', true],
  ['rusak jalan', true],
  ['dinas pu', true],
  ['pekerjaan umum', true],
  ['dînas pú', true],
  ['', true],
  ['sampah', false],
  ['jalan sampah', false],
  ['dlh', false],
])('%j finds it: %s', (query, expected) => {
  expect(found(query)).toBe(expected);
});
