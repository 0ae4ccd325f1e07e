/**
 * The popup at a busy desk, in real Chromium: 150 open items reached by scrolling a list that
 * draws only what is in view, a search that narrows it, and three items resolved together,
 * in IndexedDB and on the X page at once.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { snowflake } from '../../scripts/x-replica/complaints';
import type { PostSpec } from '../../scripts/x-replica/post-template';
import { host, postOf, startExtension, waitForAnnotations, type Harness } from './harness';

const NOW = Date.now();
const MINUTE = 60_000;
const COUNT = 150;

function spec(n: number): PostSpec {
  return {
    id: snowflake(NOW - (n + 1) * MINUTE, n),
    handle: `warga_${n}`,
    name: `Warga ${n}`,
    text:
      n < 3
        ? `Sampah menumpuk di Jl. Kenanga blok ${n}, mohon diangkut`
        : `Jalan berlubang di Jl. Mawar nomor ${n}`,
    createdAt: new Date(NOW - (n + 1) * MINUTE).toISOString(),
    kind: 'normal',
  };
}

const specs = Array.from({ length: COUNT }, (_, n) => spec(n));
const rubbish = specs.slice(0, 3);

let x: Harness;

beforeAll(async () => {
  x = await startExtension({ nowMs: NOW, posts: specs.slice(0, 5) });
  // Through the extension's own messages, one item after another: deadlines in this order.
  for (const s of specs) await x.ask('assignPost', { post: postOf(s), departmentId: 'dsdabm' });
}, 90_000);
afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  await x.close();
});

describe('the popup’s backlog', { timeout: 60_000 }, () => {
  test('150 open items: scrolled to the last, searched, three resolved together', async () => {
    const page = await x.openX('/notifications/mentions');
    await waitForAnnotations(page);
    const popup = await x.openPopup();
    const rows = popup.locator('[data-backlog-item]');
    await expect
      .poll(() => popup.locator('[data-shown-count]').getAttribute('data-shown-count'))
      .toBe(String(COUNT));
    // Only the rows in view (and a margin) are in the page.
    expect(await rows.count()).toBeLessThan(40);

    const last = popup.locator(`[data-backlog-item][data-tweet-id="${specs[COUNT - 1]!.id}"]`);
    await expect
      .poll(async () => {
        await popup
          .locator('.virtual-scroller')
          .evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
        return last.isVisible();
      })
      .toBe(true);
    expect(await last.getAttribute('aria-posinset')).toBe(String(COUNT));
    expect(await rows.count()).toBeLessThan(40);

    await popup.locator('input[name="search"]').fill('kenanga');
    await expect
      .poll(() => popup.locator('[data-shown-count]').getAttribute('data-shown-count'))
      .toBe('3');
    expect(
      (await rows.evaluateAll((r) => r.map((e) => e.getAttribute('data-tweet-id')))).sort(),
    ).toEqual(rubbish.map((s) => s.id).sort());

    await popup.locator('input[data-action="select-all"]').check();
    await popup.locator('button[data-action="bulk-resolve"]').click();
    await expect
      .poll(() => popup.locator('[data-bulk-result] [data-changed]').getAttribute('data-changed'))
      .toBe('3');

    const stored = await x.ask('getAssignments', { ids: rubbish.map((s) => s.id) });
    expect(rubbish.map((s) => stored[s.id]?.status)).toEqual(['resolved', 'resolved', 'resolved']);
    for (const s of rubbish) {
      await expect.poll(() => host(page, s.id).getAttribute('data-status')).toBe('resolved');
    }
    // Today's open backlog no longer holds them.
    await expect
      .poll(() => popup.locator('[data-shown-count]').getAttribute('data-shown-count'))
      .toBe('0');
    await popup.close();
    await page.close();
  });
});
