import { describe, expect, test } from 'vitest';
import { type PageKey, PageCache, type SharedPage } from './page-cache';

const key = (version: number, from = 0): PageKey => ({
  teamId: 'kota',
  epoch: 'e1',
  from,
  version,
  limit: 2_000,
});
const pageOf = (cursor: number, json = `{"cursor":${cursor}`): SharedPage => ({
  json,
  cursor,
  more: false,
  rows: 1,
  purgedVersion: 0,
});

describe('the pull pages a team shares', () => {
  test('browsers asking at once for the same page get it from one build', async () => {
    const cache = new PageCache();
    let builds = 0;
    const build = async () => {
      builds += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { page: pageOf(7), key: key(7) };
    };
    const pages = await Promise.all(Array.from({ length: 20 }, () => cache.page(key(7), build)));
    expect(builds).toBe(1);
    expect(new Set(pages).size).toBe(1);
    // Kept: the next browser from the same cursor at the same version needs no build.
    await cache.page(key(7), build);
    expect(builds).toBe(1);
  });

  test('a page built in a push’s own turn is shared; one being built is not waited for', async () => {
    const cache = new PageCache();
    let release = () => {};
    const building = cache.page(
      key(7),
      () =>
        new Promise((resolve) => {
          release = () => resolve({ page: pageOf(7), key: key(7) });
        }),
    );
    expect(cache.kept(key(7))).toBeUndefined();
    release();
    const built = await building;
    expect(cache.kept(key(7))).toBe(built);

    const mine = pageOf(8);
    cache.keep(key(8, 7), mine);
    let builds = 0;
    const later = await cache.page(key(8, 7), async () => {
      builds += 1;
      return { page: pageOf(8), key: key(8, 7) };
    });
    expect(later).toBe(mine);
    expect(builds).toBe(0);
  });

  test('a new team version, cursor or epoch is a new page', async () => {
    const cache = new PageCache();
    let builds = 0;
    const build = (k: PageKey) => async () => {
      builds += 1;
      return { page: pageOf(k.version), key: k };
    };
    for (const k of [key(7), key(8), key(8, 7), { ...key(8, 7), epoch: 'e2' }]) {
      expect((await cache.page(k, build(k))).cursor).toBe(k.version);
    }
    expect(builds).toBe(4);
  });

  test('a build that read a later version is kept under that version', async () => {
    const cache = new PageCache();
    await cache.page(key(7), async () => ({ page: pageOf(9), key: key(9) }));
    let built = false;
    const page = await cache.page(key(9), async () => {
      built = true;
      return { page: pageOf(9), key: key(9) };
    });
    expect(built).toBe(false);
    expect(page.cursor).toBe(9);
  });

  test('a failed build is not kept: the next pull builds again', async () => {
    const cache = new PageCache();
    await expect(
      cache.page(key(7), () => Promise.reject(new Error('database away'))),
    ).rejects.toThrow('database away');
    const page = await cache.page(key(7), async () => ({ page: pageOf(7), key: key(7) }));
    expect(page.cursor).toBe(7);
  });

  test('bounded in count and size, the least recently used page going first', async () => {
    const cache = new PageCache(3, 1_000);
    const keep = (version: number, size = 10) =>
      cache.page(key(version), async () => ({
        page: pageOf(version, 'x'.repeat(size)),
        key: key(version),
      }));
    for (const v of [1, 2, 3]) await keep(v);
    await keep(1); // used again: 2 is now the oldest
    await keep(4);
    expect(cache.size()).toEqual({ entries: 3, bytes: 30 });
    let rebuilt = false;
    await cache.page(key(2), async () => {
      rebuilt = true;
      return { page: pageOf(2, 'x'.repeat(10)), key: key(2) };
    });
    expect(rebuilt).toBe(true);
    // A page of more than a quarter of the room is sent, not kept.
    await keep(5, 300);
    expect(cache.size().bytes).toBeLessThanOrEqual(1_000);
    await keep(6, 240);
    await keep(7, 240);
    await keep(8, 240);
    expect(cache.size().bytes).toBeLessThanOrEqual(1_000);
  });
});
