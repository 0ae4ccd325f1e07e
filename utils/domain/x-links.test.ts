import { describe, expect, test } from 'vitest';
import { handleFromHref, parseStatusPath, statusIdFromPath, xPath } from './x-links';

describe('parseStatusPath', () => {
  test.each([
    [
      '/putri_mahara91/status/1862053972371097477',
      false,
      { handle: 'putri_mahara91', id: '1862053972371097477' },
    ],
    [
      '/putri_mahara91/status/1862053972371097477/',
      true,
      { handle: 'putri_mahara91', id: '1862053972371097477' },
    ],
    ['/a/status/18446744073709551615', true, { handle: 'a', id: '18446744073709551615' }],
    [
      '/rudi_kusuma42/status/1890449163418663337/photo/1',
      false,
      { handle: 'rudi_kusuma42', id: '1890449163418663337' },
    ],
    ['/rudi_kusuma42/status/1890449163418663337/photo/1', true, null],
    ['/putri_mahara91/status/1862053972371097477/analytics', true, null],
    ['/i/status/1862053972371097477', false, null],
    ['/putri_mahara91', false, null],
    ['/putri_mahara91/status/', false, null],
    ['/putri_mahara91/status/12a', false, null],
    ['/a-b/status/1', false, null],
    ['/waytoolonghandle_x/status/1', false, null],
    ['/putri_mahara91/status/123456789012345678901', false, null],
    ['', false, null],
  ])('%s (exact: %s) → %j', (path, exact, expected) => {
    expect(parseStatusPath(path, exact)).toEqual(expected);
  });
});

describe('statusIdFromPath', () => {
  test.each([
    ['/yusuf_setiaw63/status/1981398750556227769', '1981398750556227769'],
    ['/yusuf_setiaw63/status/1981398750556227769/photo/1', '1981398750556227769'],
    ['/home', null],
    ['/notifications/mentions', null],
    ['/search', null],
  ])('%s → %s', (path, expected) => {
    expect(statusIdFromPath(path)).toBe(expected);
  });
});

describe('xPath', () => {
  test.each([
    ['/putri_mahara91', '/putri_mahara91'],
    ['https://x.com/putri_mahara91/status/1', '/putri_mahara91/status/1'],
    ['https://twitter.com/putri_mahara91/status/1', '/putri_mahara91/status/1'],
    ['https://mobile.twitter.com/putri_mahara91', '/putri_mahara91'],
    ['https://t.co/placeholder', null],
    ['https://x.com.evil.example/putri_mahara91', null],
    ['javascript:alert(1)', null],
    ['https://[bad', null],
    ['//evil.example/putri_mahara91', null],
  ])('%s → %s', (href, expected) => {
    expect(xPath(href)).toBe(expected);
  });

  test.each([
    '/putri_mahara91/status/1',
    '/a//b/',
    '/',
    '/a/./b',
    '/a/../b',
    '/caf%C3%A9',
    '/café',
    '/a b',
    '/a?x=1#y',
  ])('%s: the path the browser would follow', (href) => {
    expect(xPath(href)).toBe(new URL(href, 'https://x.com').pathname);
  });
});

describe('handleFromHref', () => {
  test.each([
    ['https://twitter.com/putri_mahara91', 'putri_mahara91'],
    ['/tari_saputr83', 'tari_saputr83'],
    ['/neng_harton69/', 'neng_harton69'],
    ['/putri_mahara91/status/1', null],
    ['/hashtag/JalanRusak', null],
    ['/i', null],
    ['https://t.co/x', null],
    ['', null],
  ])('%s → %s', (href, expected) => {
    expect(handleFromHref(href)).toBe(expected);
  });
});
