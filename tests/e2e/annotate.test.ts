/**
 * The content script on real X markup in real Chromium: one annotation per readable post with
 * the post's own id, promoted posts left alone, re-used cells and in-app navigation followed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaints } from '../../scripts/x-replica/complaints';
import { findPostElements, isPromoted, readPost } from '../../utils/x-page/post';
import { FIXTURE_DIR, FIXTURES } from '../x-fixtures';
import {
  ANNOTATION,
  readAnnotations,
  startExtension,
  waitForAnnotations,
  type Harness,
} from './harness';

const NOW = Date.now();
const posts = complaints(NOW);
let x: Harness;

beforeAll(async () => {
  x = await startExtension({ theme: 'dark', nowMs: NOW, posts });
});
afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  await x.close();
});

describe('annotating X pages', { timeout: 60_000 }, () => {
  test.each(FIXTURES)(
    'every readable post of the saved page %s, and no promoted one',
    async (name) => {
      const html = readFileSync(path.join(FIXTURE_DIR, name), 'utf8');
      // What the (unit-tested) page reader finds in the same file, post by post.
      const doc = new JSDOM(html).window.document;
      const expected = findPostElements(doc).map((el) =>
        isPromoted(el) ? null : (readPost(el)?.id ?? null),
      );
      expect(expected.filter(Boolean).length).toBeGreaterThan(0);

      const page = await x.openX('/');
      const fixtureUrl = `https://x.com/saved/${encodeURIComponent(name)}`;
      await page.route(fixtureUrl, (route) =>
        route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }),
      );
      await page.goto(fixtureUrl);
      await waitForAnnotations(page);
      const shown = await page.$$eval(
        '[data-testid="tweet"]',
        (els, tag) =>
          els.map((el) =>
            [...el.querySelectorAll(tag)].map((h) => h.getAttribute('data-tweet-id')),
          ),
        ANNOTATION,
      );
      expect(shown).toEqual(expected.map((id) => (id === null ? [] : [id])));
      await page.close();
    },
  );

  test('the mentions page: one annotation per post, with its own id, in the theme of the page', async () => {
    const page = await x.openX('/notifications/mentions');
    await waitForAnnotations(page);
    const found = await readAnnotations(page);
    expect(found.length).toBeGreaterThan(10);
    for (const post of found) {
      if (post.promoted) {
        expect(post.hosts).toEqual([]);
        continue;
      }
      expect(post.hosts).toHaveLength(1);
      expect(post.hosts[0]).toMatchObject({
        tweetId: post.id,
        status: 'unassigned',
        urgency: 'none',
        department: '',
        deadline: '',
        theme: 'dark',
      });
    }
    // The replica shows the promoted post among the first cells.
    expect(found.some((post) => post.promoted)).toBe(true);
    // An unassigned post shows its age; this one, about a road, also the routing suggestion
    // (tests/e2e/suggest.test.ts shows the plain "Unassigned" chip of a post nothing matches).
    const first = page.locator(`${ANNOTATION}[data-tweet-id="${posts[0]!.id}"]`);
    const chip = first.locator('button[data-action="assign"]');
    await expect(chip.textContent()).resolves.toBe('Suggested: DSDABM');
    await expect(first.locator('.badge').textContent()).resolves.toMatch(/^\d+ min ago$/);
    await page.close();
  });

  test('light theme', async () => {
    x.replica.theme = 'light';
    const page = await x.openX('/notifications/mentions');
    await waitForAnnotations(page);
    const themes = await page.$$eval(ANNOTATION, (hosts) => [
      ...new Set(hosts.map((h) => h.getAttribute('data-theme'))),
    ]);
    expect(themes).toEqual(['light']);
    x.replica.theme = 'dark';
    await page.close();
  });

  test('a re-used cell shows the post it holds now, never the one it held', async () => {
    const page = await x.openX('/notifications/mentions');
    await waitForAnnotations(page);
    const incoming = posts.find((p, i) => i > 30 && p.kind === 'normal')!;
    await x.ask('assignPost', {
      post: {
        id: incoming.id,
        authorHandle: incoming.handle,
        authorName: incoming.name,
        text: incoming.text,
        createdAt: incoming.createdAt,
        url: `https://x.com/${incoming.handle}/status/${incoming.id}`,
        repostedBy: null,
        focused: false,
        replyTo: [],
        promoted: false,
      },
      departmentId: 'dlh',
    });
    for (const cell of [0, 2, 4]) {
      await page.evaluate(
        ([cell, spec]) =>
          (
            window as unknown as { __xReplica: { reuseCell(c: number, s: unknown): void } }
          ).__xReplica.reuseCell(cell, spec),
        [
          cell,
          { ...incoming, id: cell === 0 ? incoming.id : `${incoming.id.slice(0, -1)}${cell}` },
        ] as const,
      );
    }
    await waitForAnnotations(page);
    await page.waitForFunction(
      ([tag, id]) =>
        document.querySelector(`${tag}[data-tweet-id="${id}"]`)?.getAttribute('data-status') ===
        'open',
      [ANNOTATION, incoming.id] as const,
    );
    const found = await readAnnotations(page);
    for (const post of found.filter((p) => !p.promoted)) {
      expect(post.hosts).toHaveLength(1);
      expect(post.hosts[0]!.tweetId).toBe(post.id);
    }
    const reused = found.find((p) => p.id === incoming.id)!;
    expect(reused.hosts[0]).toMatchObject({ status: 'open', department: 'dlh', urgency: 'ok' });

    // X also re-renders a post in place, as a new element with the same content.
    await page.evaluate(() =>
      (
        window as unknown as { __xReplica: { rerenderCell(c: number): void } }
      ).__xReplica.rerenderCell(0),
    );
    await waitForAnnotations(page);
    expect(await page.locator(ANNOTATION).count()).toBe(found.filter((p) => !p.promoted).length);
    await page.close();
  });

  test('scrolling through re-used cells keeps one correct annotation per post', async () => {
    const page = await x.openX('/notifications/mentions');
    await waitForAnnotations(page);
    for (const index of [20, 40, posts.length - 1, 5]) {
      await page.evaluate(
        (i) =>
          (
            window as unknown as { __xReplica: { scrollToIndex(i: number): void } }
          ).__xReplica.scrollToIndex(i),
        index,
      );
      await waitForAnnotations(page);
      for (const post of await readAnnotations(page)) {
        if (post.promoted) continue;
        expect(post.hosts.map((h) => h.tweetId)).toEqual([post.id]);
      }
    }
    await page.close();
  });

  test('navigating inside X (no reload) annotates the new page, and the old one leaves nothing', async () => {
    const page = await x.openX('/notifications/mentions');
    await waitForAnnotations(page);
    await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));

    await page.evaluate(() =>
      (window as unknown as { __xReplica: { navigate(p: string): void } }).__xReplica.navigate(
        '/search?q=banjir',
      ),
    );
    await page.waitForURL('**/search?q=banjir');
    await waitForAnnotations(page);
    const searched = await readAnnotations(page);
    const expected = posts
      .filter((p) => p.kind !== 'promoted' && /banjir/i.test(p.text))
      .map((p) => p.id);
    expect(searched.map((p) => p.id).sort()).toEqual(expected.slice(0, searched.length).sort());
    for (const post of searched) expect(post.hosts.map((h) => h.tweetId)).toEqual([post.id]);

    const focused = posts.find((p) => p.kind === 'normal')!;
    await page.evaluate(
      (href) =>
        (window as unknown as { __xReplica: { navigate(p: string): void } }).__xReplica.navigate(
          href,
        ),
      `/${focused.handle}/status/${focused.id}`,
    );
    await waitForAnnotations(page);
    const conversation = await readAnnotations(page);
    expect(conversation[0]!.hosts.map((h) => h.tweetId)).toEqual([focused.id]);
    expect(await page.locator(ANNOTATION).count()).toBe(conversation.length);
    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(
      true,
    );
    await page.close();
  });
});
