/**
 * The picker and the Undo in real Chromium: the picker stays with its post while the page
 * scrolls, keeps the focus inside and gives it back to the chip; Undo after an assignment by
 * the chip takes it back on the page and in the database.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaints } from '../../scripts/x-replica/complaints';
import { host, pickerButton, readAnnotations, startExtension, waitForAnnotations } from './harness';
import type { Harness } from './harness';

const NOW = Date.now();
let x: Harness;

beforeAll(async () => {
  x = await startExtension({ theme: 'light', nowMs: NOW, posts: complaints(NOW) });
});
afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  await x.close();
});

async function openMentions(): Promise<Page> {
  const page = await x.openX('/notifications/mentions');
  await page.bringToFront();
  await waitForAnnotations(page);
  return page;
}

/** The posts shown unassigned, first to last, with their routing suggestion (or ''). */
async function unassigned(page: Page) {
  return (await readAnnotations(page))
    .filter((p) => !p.promoted && p.hosts[0]?.status === 'unassigned')
    .map((p) => ({ id: p.id!, suggested: p.hosts[0]!.suggestedDepartment ?? '' }));
}

async function unassignedIds(page: Page) {
  return (await unassigned(page)).map((p) => p.id);
}

/** Where the focus is: the host it is in, and the element inside that host's shadow root. */
const focus = (page: Page) =>
  page.evaluate(() => {
    const outer = document.activeElement;
    const inner = outer?.shadowRoot?.activeElement;
    return {
      host: outer?.localName ?? '',
      tweetId: outer?.getAttribute('data-tweet-id') ?? '',
      action: inner?.getAttribute('data-action') ?? '',
    };
  });

describe('the picker', { timeout: 60_000 }, () => {
  test('names its post, keeps the focus inside, and Esc gives it back to the chip', async () => {
    const page = await openMentions();
    const [id] = await unassignedIds(page);
    const button = await pickerButton(page, id!);
    const action = await button.getAttribute('data-action');
    await button.click();
    const picker = page.locator('tanggap-picker');
    await expect(picker.getAttribute('data-tweet-id')).resolves.toBe(id);
    expect(await picker.locator('[role="dialog"]').getAttribute('aria-label')).toMatch(
      /^Assign the post by @\w+/,
    );

    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      expect((await focus(page)).host).toBe('tanggap-picker');
    }
    await page.keyboard.press('Shift+Tab');
    expect((await focus(page)).host).toBe('tanggap-picker');

    // From the close button, not only from the filter box.
    await picker.locator('button.close').focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => picker.count()).toBe(0);
    expect(await focus(page)).toEqual({ host: 'tanggap-annotation', tweetId: id, action });
    await page.close();
  });

  test('stays beside its chip while the page scrolls, and closes once the post is gone', async () => {
    const page = await openMentions();
    const ids = await unassignedIds(page);
    const id = ids[1] ?? ids[0]!;
    const button = await pickerButton(page, id);
    await button.click();
    const picker = page.locator('tanggap-picker');
    const gap = async () => {
      const [chip, box] = await Promise.all([button.boundingBox(), picker.boundingBox()]);
      return Math.round(box!.y - chip!.y);
    };
    const before = await gap();
    const chipTop = (await button.boundingBox())!.y;

    await page.mouse.move(10, 10);
    await page.evaluate(() => window.scrollBy({ top: 120, behavior: 'instant' }));
    await expect.poll(async () => (await button.boundingBox())!.y).toBeLessThan(chipTop - 60);
    await expect.poll(gap).toBe(before);

    await page.evaluate(() => window.scrollBy(0, window.innerHeight * 3));
    await expect.poll(() => picker.count()).toBe(0);
    await page.close();
  });
});

describe('Undo', { timeout: 60_000 }, () => {
  test('after an assignment by the chip, Undo leaves the post unassigned, on the page and stored', async () => {
    const page = await openMentions();
    const suggested = (await unassigned(page)).find((p) => p.suggested);
    expect(suggested).toBeDefined();
    const id = suggested!.id;
    const annotation = host(page, id);
    await annotation.locator('button[data-action="assign"]').click();
    await expect.poll(() => annotation.getAttribute('data-status')).toBe('open');
    expect((await x.ask('getAssignments', { ids: [id] }))[id]!.status).toBe('open');

    const toast = page.locator('tanggap-undo');
    await expect(toast.getAttribute('data-tweet-id')).resolves.toBe(id);
    await expect(toast.locator('[role="status"]').textContent()).resolves.toMatch(
      /^Post by @\w+ assigned to /,
    );
    await toast.locator('button[data-action="undo"]').click();

    await expect.poll(() => annotation.getAttribute('data-status')).toBe('unassigned');
    await expect(annotation.getAttribute('data-department')).resolves.toBe('');
    const stored = (await x.ask('getAssignments', { ids: [id] }))[id]!;
    expect(stored).toMatchObject({ status: 'unassigned', departmentId: '', deadline: '' });
    expect(stored.history.map((e) => e.action)).toEqual(['assign', 'undo']);
    await expect(toast.locator('[role="status"]').textContent()).resolves.toBe('Assignment undone');
    await page.close();
  });
});
