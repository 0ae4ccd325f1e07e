/**
 * The annotation as an officer sees it on X's page: a mention left waiting past the team's
 * threshold says "urgent" in words, apart from a fresh one, and our actions button is ours.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CITY, complaints } from '../../scripts/x-replica/complaints';
import { host, postOf, startExtension, waitForAnnotations, type Harness } from './harness';

const NOW = Date.now();
const posts = complaints(NOW);
let x: Harness;

beforeAll(async () => {
  x = await startExtension({ theme: 'light', nowMs: NOW, posts });
}, 90_000);
afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  await x.close();
});

test(
  "an untriaged mention waits quietly, then turns urgent past the team's threshold",
  { timeout: 60_000 },
  async () => {
    await x.ask('saveSettings', {
      settings: { watchedHandles: [CITY.handle], intakeUrgentAfterMinutes: 120 },
    });
    const fresh = posts.find((p) => p.handle === 'dewisartika_')!; // 3 minutes old
    const old = posts.find((p) => p.handle === 'kang_ujang')!; // 21 hours old
    const page = await x.openX('/notifications/mentions');
    await waitForAnnotations(page);

    await expect(host(page, fresh.id).getAttribute('data-intake')).resolves.toBe('waiting');
    await expect(host(page, fresh.id).locator('.badge').count()).resolves.toBe(0);

    await expect(host(page, old.id).getAttribute('data-intake')).resolves.toBe('urgent');
    const badge = host(page, old.id).locator('.badge');
    await expect(badge.textContent()).resolves.toMatch(/^Urgent · waiting 21h/);
    // Its own colour, apart from the plain words of a waiting post.
    const colours = await badge.evaluate((el) => {
      const s = getComputedStyle(el);
      return { color: s.color, background: s.backgroundColor };
    });
    expect(colours.background).not.toBe('rgba(0, 0, 0, 0)');

    // Assigned, it is no longer waiting for triage.
    await x.ask('assignPost', { post: postOf(old), departmentId: 'dlh' });
    await expect.poll(() => host(page, old.id).getAttribute('data-status')).toBe('open');
    await expect(host(page, old.id).getAttribute('data-intake')).resolves.toBe('');
    await page.close();
  },
);

test(
  'our actions button is named as ours, beside an assigned chip',
  { timeout: 60_000 },
  async () => {
    const post = posts.find((p) => p.handle === 'arif_kurniawan')!;
    await x.ask('assignPost', { post: postOf(post), departmentId: 'dlh' });
    const page = await x.openX('/notifications/mentions');
    await waitForAnnotations(page);
    const more = host(page, post.id).locator('button[data-action="actions"]');
    await expect(more.getAttribute('aria-label')).resolves.toMatch(/^Tanggap actions/);
    await expect(more.textContent()).resolves.toBe('');
    const box = await more.boundingBox();
    expect(box!.width).toBeGreaterThan(10);
    await page.close();
  },
);
