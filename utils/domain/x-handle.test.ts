import { describe, expect, test } from 'vitest';
import { handleKey, parseHandle, sameHandle } from './x-handle';

describe('X handles', () => {
  test.each([
    ['@Dinas_PU', 'Dinas_PU'],
    ['  dinas_pu ', 'dinas_pu'],
    ['', ''],
    ['   ', ''],
    ['@', null],
    ['dinas pu', null],
    ['a_handle_far_too_long', null],
    ['@@double', null],
  ])('parseHandle(%j) is %j', (typed, stored) => {
    expect(parseHandle(typed)).toBe(stored);
  });

  test('compare without case or "@"', () => {
    expect(handleKey(' @PU_Kota ')).toBe('pu_kota');
    expect(sameHandle('@PU_KOTA', 'pu_kota')).toBe(true);
    expect(sameHandle('pu_kota', 'pu_kota2')).toBe(false);
  });
});
