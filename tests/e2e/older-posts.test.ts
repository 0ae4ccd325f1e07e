/**
 * A page of more posts older than three days than one request to the background may ask about
 * (500): the page asks in several requests, and every post is annotated.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaints, snowflake } from '../../scripts/x-replica/complaints';
import { renderPost, type PostSpec } from '../../scripts/x-replica/post-template';
import {
  host,
  postOf,
  readAnnotations,
  startExtension,
  waitForAnnotations,
  type Harness,
} from './harness';

const NOW = Date.now();
const DAY = 24 * 3_600_000;
let x: Harness;

beforeAll(async () => {
  x = await startExtension({ theme: 'dark', nowMs: NOW, posts: complaints(NOW) });
});
afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  await x.close();
});

describe('older posts', { timeout: 90_000 }, () => {
  test('600 posts older than three days on one page: every one annotated, the assigned ones with their department', async () => {
    const specs: PostSpec[] = Array.from({ length: 600 }, (_, i) => {
      const createdMs = NOW - 10 * DAY - i * 60_000;
      return {
        id: snowflake(createdMs, i),
        handle: `warga${i % 50}`,
        name: `Warga ${i % 50}`,
        text: `Lampu jalan mati di gang ${i}`,
        createdAt: new Date(createdMs).toISOString(),
        kind: 'normal',
      };
    });
    const [first, last] = [specs[0]!, specs[599]!];
    await x.ask('assignPost', { post: postOf(first), departmentId: 'dlh' });
    await x.ask('assignPost', { post: postOf(last), departmentId: 'dishub' });

    const page = await x.openX('/');
    const url = 'https://x.com/saved/600-older-posts';
    const cells = specs
      .map((s) => `<div data-testid="cellInnerDiv">${renderPost(s, { nowMs: NOW })}</div>`)
      .join('');
    await page.route(url, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html><head><meta charset="utf-8"></head><body>${cells}</body></html>`,
      }),
    );
    await page.goto(url);
    await waitForAnnotations(page, 30_000);

    const found = await readAnnotations(page);
    expect(found.map((p) => p.hosts.map((h) => h.tweetId))).toEqual(specs.map((s) => [s.id]));
    expect(await host(page, first.id).getAttribute('data-department')).toBe('dlh');
    expect(await host(page, last.id).getAttribute('data-department')).toBe('dishub');
    expect(await host(page, specs[300]!.id).getAttribute('data-status')).toBe('unassigned');
    await page.close();
  });
});
