// @vitest-environment jsdom
/**
 * The Firefox build in real Firefox: every saved X page annotated post by post, assigning
 * through the chip's picker and through the right-click menu, the popup's backlog, and a
 * reload that keeps what was assigned. What each saved page should show is what the page
 * reader finds in it under jsdom, as its unit tests run it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaints } from '../../scripts/x-replica/complaints';
import { findPostElements, isPromoted, readPost } from '../../utils/x-page/post';
import { FIXTURE_DIR, FIXTURES, loadFixture } from '../x-fixtures';
import {
  ANNOTATION,
  hostAttribute,
  inShadow,
  pickerButton,
  startFirefox,
  waitForAnnotations,
  waitForHost,
  type FirefoxHarness,
} from './harness';

const NOW = Date.now();
const posts = complaints(NOW);
let ff: FirefoxHarness;

beforeAll(async () => {
  ff = await startFirefox({ nowMs: NOW, posts });
}, 90_000);
afterAll(async () => {
  const errors = ff?.pageErrors;
  await ff?.close();
  expect(errors).toEqual([]);
});

/** The status ids of the readable posts shown, in page order. */
const shownIds = (page: Page) =>
  page.$$eval(`[data-testid="tweet"] ${ANNOTATION}`, (hosts) =>
    hosts.map((h) => h.getAttribute('data-tweet-id')!),
  );

async function mentions(): Promise<Page> {
  const page = await ff.openX('/notifications/mentions');
  await waitForAnnotations(page);
  return page;
}

describe('Tanggap in Firefox', { timeout: 90_000 }, () => {
  test.each(FIXTURES)('every readable post of the saved page %s, with its own id', async (name) => {
    const html = readFileSync(path.join(FIXTURE_DIR, name), 'utf8');
    // What the (unit-tested) page reader finds in the same file, post by post.
    const pathname = `/saved/${encodeURIComponent(name)}`;
    const expected = findPostElements(loadFixture(name)).map((el) =>
      isPromoted(el) ? null : (readPost(el, `https://x.com${pathname}`)?.id ?? null),
    );
    expect(expected.filter(Boolean).length).toBeGreaterThan(0);

    const page = await ff.openX(pathname, { html });
    await waitForAnnotations(page);
    const shown = await page.$$eval(
      '[data-testid="tweet"]',
      (els, tag) =>
        els.map((el) => [...el.querySelectorAll(tag)].map((h) => h.getAttribute('data-tweet-id'))),
      ANNOTATION,
    );
    expect(shown).toEqual(expected.map((id) => (id === null ? [] : [id])));
    await page.close();
  });

  test('assigning through the chip’s picker shows the department on the post', async () => {
    const page = await mentions();
    const id = (await shownIds(page))[1]!;
    expect(await hostAttribute(page, id, 'data-status')).toBe('unassigned');
    // X's own handlers, where React has them: clicks on our chip and picker never reach them.
    await page.evaluate(() => {
      const w = window as unknown as { xSaw: string[] };
      w.xSaw = [];
      for (const type of ['pointerdown', 'mousedown', 'click']) {
        document.body.addEventListener(type, () => w.xSaw.push(type));
      }
    });

    await (await pickerButton(page, id)).click();
    await (await inShadow(page, 'tanggap-picker', '[data-department-id="dlh"]')).click();
    await waitForHost(page, id, 'data-department', 'dlh');
    expect(await page.evaluate(() => (window as unknown as { xSaw: string[] }).xSaw)).toEqual([]);
    expect(await hostAttribute(page, id, 'data-status')).toBe('open');
    const stored = await ff.ask('getAssignments', { ids: [id] });
    expect(stored[id]).toMatchObject({ departmentId: 'dlh', status: 'open' });
    await page.close();
  });

  test('assigning and marking responded through the right-click menu', async () => {
    const page = await mentions();
    const id = (await shownIds(page))[2]!;
    const article = `article:has(${ANNOTATION}[data-tweet-id="${id}"])`;

    await page.click(`${article} [data-testid="tweetText"]`, { button: 'right' });
    await ff.menuClick(page, 'tanggap-assign:dinkes');
    await waitForHost(page, id, 'data-department', 'dinkes');

    await page.click(`${article} [data-testid="User-Name"]`, { button: 'right' });
    await ff.menuClick(page, 'tanggap-responded');
    await waitForHost(page, id, 'data-status', 'responded');
    const stored = await ff.ask('getAssignments', { ids: [id] });
    expect(stored[id]!.history.map((e) => e.action)).toEqual(['assign', 'respond']);

    // Outside any post the menu stores nothing and the page says why.
    const before = await ff.ask('getBacklog', {});
    await page.mouse.click(5, 5, { button: 'right' });
    await ff.menuClick(page, 'tanggap-assign:dishub');
    const notice = await inShadow(page, 'tanggap-notice', '[role="status"]');
    await page.waitForFunction(
      (el) => /Right-click on a post/.test(el.textContent ?? ''),
      { polling: 100 },
      notice,
    );
    expect((await ff.ask('getBacklog', {})).totalOpen).toBe(before.totalOpen);
    await page.close();
  });

  test('the popup lists an assigned post, and a reload of X keeps its department', async () => {
    const page = await mentions();
    const id = (await shownIds(page))[3]!;
    await (await pickerButton(page, id)).click();
    await (await inShadow(page, 'tanggap-picker', '[data-department-id="dishub"]')).click();
    await waitForHost(page, id, 'data-department', 'dishub');

    const popup = await ff.openExtensionPage('popup.html');
    const item = await popup.waitForSelector(`[data-backlog-item][data-tweet-id="${id}"]`);
    const dishub = (await ff.ask('listDepartments', {})).find((d) => d.id === 'dishub')!;
    expect(await item!.$eval('.chip', (el) => el.textContent)).toBe(dishub.shortName);
    const author = posts.find((p) => p.id === id)!.handle;
    expect(await item!.$eval('.author', (el) => el.textContent)).toBe(`@${author}`);
    await popup.close();

    await page.reload();
    await waitForAnnotations(page);
    await waitForHost(page, id, 'data-department', 'dishub');
    expect(await hostAttribute(page, id, 'data-status')).toBe('open');
    await page.close();
  });
});
