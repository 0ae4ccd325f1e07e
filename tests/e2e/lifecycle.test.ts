/**
 * An item's life in real Chromium: closing with a reason, notes and reopening, from the popup
 * and from the post's own "…" actions on X, with every step in the history.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { snowflake } from '../../scripts/x-replica/complaints';
import type { PostSpec } from '../../scripts/x-replica/post-template';
import { host, postOf, startExtension, waitForAnnotations, type Harness } from './harness';

const NOW = Date.now();
const H = 3_600_000;

function spec(n: number, text: string): PostSpec {
  const createdAt = new Date(NOW - n * H).toISOString();
  return {
    id: snowflake(NOW - n * H, n),
    handle: `warga_${n}`,
    name: `Warga ${n}`,
    text,
    createdAt,
    kind: 'normal',
  };
}

const rubbish = spec(1, 'Tumpukan sampah di saluran Jl. Kenanga bikin banjir');
const again = spec(2, 'Sampah Jl. Kenanga belum diangkut juga');
const lamp = spec(3, 'Lampu jalan di Jl. Mawar mati sudah tiga malam');

let x: Harness;

beforeAll(async () => {
  x = await startExtension({ theme: 'dark', nowMs: NOW, posts: [rubbish, again, lamp] });
  for (const s of [rubbish, again]) {
    await x.ask('assignPost', { post: postOf(s), departmentId: 'dsdabm' });
  }
  await x.ask('assignPost', { post: postOf(lamp), departmentId: 'dishub' });
});
afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  await x.close();
});

const stored = async (id: string) => (await x.ask('getAssignments', { ids: [id] }))[id]!;

describe('an item’s lifecycle', { timeout: 60_000 }, () => {
  test('from the popup: not our remit sends it on, a duplicate closes it, the history says so', async () => {
    const popup = await x.openPopup();
    const item = popup.locator(`[data-backlog-item][data-tweet-id="${rubbish.id}"]`);
    const toggle = item.locator('button[data-action="details"]');
    await toggle.click();
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    const history = item.locator('[data-history] li');
    await expect
      .poll(() => history.allTextContents())
      .toEqual([expect.stringMatching(/^\d\d[:.]\d\d Rina: assigned to DSDABM$/)]);

    await item.locator('button[data-action="resolve"]').click();
    await item.locator('select[name="reason"]').selectOption('not-our-remit');
    await item.locator('select[name="targetDepartmentId"]').selectOption('dlh');
    await item.locator('textarea[name="note"]').fill('Sampah, bukan saluran');
    await item.locator('button[type="submit"]').click();

    await expect
      .poll(() => history.allTextContents())
      .toEqual([
        expect.stringMatching(/assigned to DSDABM$/),
        expect.stringMatching(/^\d\d[:.]\d\d Rina: moved from DSDABM to DLH \(not our remit\)$/),
        expect.stringMatching(/^\d\d[:.]\d\d Rina: note: Sampah, bukan saluran$/),
      ]);
    expect(await stored(rubbish.id)).toMatchObject({
      status: 'open',
      departmentId: 'dlh',
      notes: ['Sampah, bukan saluran'],
    });
    await expect(item.locator('.chip').textContent()).resolves.toBe('DLH');

    // The second report of the same rubbish is a duplicate: closed, so off the open backlog.
    const other = popup.locator(`[data-backlog-item][data-tweet-id="${again.id}"]`);
    await other.locator('button[data-action="details"]').click();
    await other.locator('button[data-action="resolve"]').click();
    await other.locator('select[name="reason"]').selectOption('duplicate');
    await other.locator('input[name="duplicateOf"]').fill(postOf(rubbish).url);
    await other.locator('button[type="submit"]').click();
    await expect.poll(() => other.count()).toBe(0);
    expect(await stored(again.id)).toMatchObject({
      status: 'resolved',
      closureReason: `duplicate:${rubbish.id}`,
    });
    await popup.close();
  });

  test('from the popup’s “Closed today” list: the closed duplicate is reopened', async () => {
    expect((await stored(again.id)).status).toBe('resolved');
    const popup = await x.openPopup();
    const closed = popup.locator(`[data-closed-item][data-tweet-id="${again.id}"]`);
    await expect(closed.locator('.badge').textContent()).resolves.toBe('Resolved');
    await expect(
      popup.locator(`[data-backlog-item][data-tweet-id="${again.id}"]`).count(),
    ).resolves.toBe(0);

    await closed.locator('button[data-action="details"]').click();
    await expect
      .poll(() => closed.locator('[data-history] li').allTextContents())
      .toEqual([
        expect.stringMatching(/assigned to DSDABM$/),
        expect.stringMatching(/resolved: duplicate of post/),
      ]);
    await closed.locator('button[data-action="reopen"]').click();

    // Back on the open backlog, off the closed list, with the reopen in its history.
    const open = popup.locator(`[data-backlog-item][data-tweet-id="${again.id}"]`);
    await expect.poll(() => open.count()).toBe(1);
    await expect.poll(() => closed.count()).toBe(0);
    const item = await stored(again.id);
    expect(item).toMatchObject({ status: 'open', closureReason: '', resolvedAt: '' });
    expect(item.history.map((e) => e.action)).toEqual(['assign', 'resolve', 'reopen']);
    await popup.close();
  });

  test('from the right-click menu: Resolve ▸ Duplicate… opens the post’s actions at that form', async () => {
    const page = await x.openX('/notifications/mentions');
    await page.bringToFront();
    await waitForAnnotations(page);
    await page
      .locator(
        `article:has(tanggap-annotation[data-tweet-id="${rubbish.id}"]) [data-testid="tweetText"]`,
      )
      .click({ button: 'right' });
    await x.menuClick('tanggap-resolve:duplicate');
    const menu = page.locator('tanggap-actions');
    await expect.poll(() => menu.getAttribute('data-tweet-id')).toBe(rubbish.id);
    await expect(menu.locator('select[name="reason"]').inputValue()).resolves.toBe('duplicate');
    // Nothing is stored until the officer names the other post.
    expect((await stored(rubbish.id)).status).toBe('open');
    await menu.locator('input[name="duplicateOf"]').fill('https://x.com/warga_9/status/1234567');
    await menu.locator('button[type="submit"]').click();
    await expect.poll(() => host(page, rubbish.id).getAttribute('data-status')).toBe('resolved');
    expect(await stored(rubbish.id)).toMatchObject({ closureReason: 'duplicate:1234567' });
    await page.close();
  });

  test('from the post on X: a note by keyboard, then mark responded and reopen', async () => {
    const page = await x.openX('/notifications/mentions');
    await page.bringToFront();
    await waitForAnnotations(page);
    const annotation = host(page, lamp.id);
    const more = annotation.locator('button[data-action="actions"]');
    await more.focus();
    await page.keyboard.press('Enter');
    const menu = page.locator('tanggap-actions');
    await expect(menu.getAttribute('data-tweet-id')).resolves.toBe(lamp.id);
    // The first action has the focus.
    await expect(
      menu
        .locator('[data-action="responded"]')
        .evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement),
    ).resolves.toBe(true);

    // Tab past "Mark responded" and "Resolve…" to "Add note…"; the note field takes the focus.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Sudah lapor PLN');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => menu.count()).toBe(0);
    expect((await stored(lamp.id)).notes).toEqual(['Sudah lapor PLN']);

    await more.click();
    await menu.locator('[data-action="responded"]').click();
    await expect.poll(() => annotation.getAttribute('data-status')).toBe('responded');
    await expect(annotation.locator('.badge').textContent()).resolves.toBe('responded');

    await more.click();
    await menu.locator('[data-action="reopen"]').click();
    await expect.poll(() => annotation.getAttribute('data-status')).toBe('open');
    const item = await stored(lamp.id);
    expect(item.history.map((e) => e.action)).toEqual(['assign', 'note', 'respond', 'reopen']);
    // Reopened on its original clock.
    expect(await annotation.getAttribute('data-deadline')).toBe(item.deadline);
    expect(Date.parse(item.deadline) - Date.parse(item.history[0]!.at)).toBe(24 * H);
    await page.close();
  });
});
