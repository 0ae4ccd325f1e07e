/**
 * The right-click menu in real Chromium shows only what applies to the post under the pointer:
 * the page's `contextmenu` event tells the background the post's state before the menu opens
 * (Chrome cannot change a menu once shown). Chrome draws its menu outside the page, so the test
 * reads what the background set each item to, through the one API that sets it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaints } from '../../scripts/x-replica/complaints';
import {
  ANNOTATION,
  host,
  postOf,
  startExtension,
  waitForAnnotations,
  type Harness,
} from './harness';

const NOW = Date.now();
const posts = complaints(NOW).filter((p) => p.kind !== 'promoted');
let x: Harness;

/** The worker's own globals, inside `evaluate`. */
declare const chrome: {
  contextMenus: {
    update(id: string, properties: { visible?: boolean }, ...rest: unknown[]): unknown;
  };
};
type Recorder = { shown: Record<string, boolean> };

beforeAll(async () => {
  x = await startExtension({ nowMs: NOW, posts: complaints(NOW) });
});
afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  await x.close();
});

/** Records the visibility the background gives each menu item from now on. */
async function recordMenu() {
  await (
    await x.worker()
  ).evaluate(() => {
    const g = globalThis as unknown as { __menu?: Recorder };
    if (g.__menu) return;
    const recorder: Recorder = { shown: {} };
    g.__menu = recorder;
    const update = chrome.contextMenus.update.bind(chrome.contextMenus);
    chrome.contextMenus.update = (id, properties, ...rest) => {
      if (properties.visible !== undefined) recorder.shown[id] = properties.visible;
      return update(id, properties, ...rest);
    };
  });
}

/** What the background last set the items to, and forgets it for the next right-click. */
async function takeShown(): Promise<Record<string, boolean>> {
  return (await x.worker()).evaluate(() => {
    const recorder = (globalThis as unknown as { __menu: Recorder }).__menu;
    const shown = recorder.shown;
    recorder.shown = {};
    return shown;
  });
}

async function rightClick(page: Page, id: string) {
  await page
    .locator(`article:has(${ANNOTATION}[data-tweet-id="${id}"]) [data-testid="tweetText"]`)
    .click({ button: 'right' });
}

const ITEMS = ['tanggap-responded', 'tanggap-resolve', 'tanggap-reopen', 'tanggap-unassign'];
const menuOf = (shown: Record<string, boolean>) => ITEMS.filter((id) => shown[id]);

describe('the right-click menu', { timeout: 60_000 }, () => {
  test('offers, on each post, only what applies to its state', async () => {
    const [responded, open, unassigned] = posts;
    await x.ask('assignFromPage', { post: postOf(responded!), departmentId: 'dinkes' });
    await x.ask('setStatus', { tweetId: responded!.id, status: 'responded' });
    await x.ask('assignFromPage', { post: postOf(open!), departmentId: 'dlh' });
    const page = await x.openX('/notifications/mentions');
    await page.bringToFront();
    await waitForAnnotations(page);
    await expect
      .poll(() => host(page, responded!.id).getAttribute('data-status'))
      .toBe('responded');
    await expect(host(page, unassigned!.id).getAttribute('data-status')).resolves.toBe(
      'unassigned',
    );
    await recordMenu();

    // Each right-click sets all four items (and the entries around them), before the menu opens.
    const after = async (id: string) => {
      await rightClick(page, id);
      await expect
        .poll(async () => {
          const shown = await peek();
          return ITEMS.filter((item) => item in shown).length;
        })
        .toBe(ITEMS.length);
      return menuOf(await takeShown());
    };
    await expect(after(responded!.id)).resolves.toEqual([
      'tanggap-resolve',
      'tanggap-reopen',
      'tanggap-unassign',
    ]);
    await expect(after(unassigned!.id)).resolves.toEqual([]);
    await expect(after(open!.id)).resolves.toEqual([
      'tanggap-responded',
      'tanggap-resolve',
      'tanggap-unassign',
    ]);
    await page.close();
  });
});

/** What the background set so far, kept for `takeShown`. */
async function peek(): Promise<Record<string, boolean>> {
  return (await x.worker()).evaluate(
    () => (globalThis as unknown as { __menu: Recorder }).__menu.shown,
  );
}
