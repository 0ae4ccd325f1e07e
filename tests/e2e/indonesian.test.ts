/**
 * An Indonesian browser gets Tanggap in Indonesian; and a page whose posts cannot be read says
 * so once, instead of guessing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaints } from '../../scripts/x-replica/complaints';
import { FIXTURE_DIR } from '../x-fixtures';
import { ANNOTATION, host, startExtension, waitForAnnotations, type Harness } from './harness';

const NOW = Date.now();
const posts = complaints(NOW);
let x: Harness;

beforeAll(async () => {
  x = await startExtension({ nowMs: NOW, posts, lang: 'id', browserArgs: ['--lang=id'] });
});
afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  await x.close();
});

describe('in an Indonesian browser', { timeout: 60_000 }, () => {
  test('annotations, picker and popup speak Indonesian', async () => {
    const page = await x.openX('/notifications/mentions');
    await waitForAnnotations(page);
    const first = posts[0]!;
    const chip = host(page, first.id).locator('button[data-action="assign"]');
    // A complaint about a hole in the road: the chip suggests public works, and says why.
    await expect(chip.textContent()).resolves.toBe('Saran: DSDABM');
    await expect(chip.getAttribute('title')).resolves.toBe('Cocok: bolong');
    await expect(host(page, first.id).locator('.badge').isHidden()).resolves.toBe(true);

    const pick = host(page, first.id).locator('button[data-action="pick"]');
    await expect(pick.getAttribute('aria-label')).resolves.toBe('Pilih SKPD lain');
    await pick.click();
    await expect(page.locator('tanggap-picker input').getAttribute('aria-label')).resolves.toBe(
      'Cari SKPD',
    );
    await page.locator('tanggap-picker input').fill('runtah');
    await page.locator('tanggap-picker input').press('Enter');
    await expect
      .poll(() => host(page, first.id).locator('.badge').textContent())
      .toMatch(/^tepat waktu: sisa (23 jam 59 menit|1 hari)$/);

    const popup = await x.openPopup();
    await expect(popup.locator('h1').textContent()).resolves.toBe('Daftar kerja hari ini');
    await expect(popup.locator('[data-count="assigned"] dt').textContent()).resolves.toBe(
      'Ditugaskan hari ini',
    );
    await Promise.all([page.close(), popup.close()]);
  });

  test('a page whose posts cannot be read says once that X may have changed its layout', async () => {
    // The saved home timeline, with every post's time made unreadable.
    const saved = readFileSync(
      path.join(FIXTURE_DIR, 'x.com_home-timeline_dark_2025-02.html'),
      'utf8',
    );
    const broken = saved.replaceAll(/<time datetime="[^"]*"/g, '<time');
    expect(broken).not.toBe(saved);

    const page = await x.openX('/');
    await page.route('https://x.com/broken', (route) =>
      route.fulfill({ contentType: 'text/html; charset=utf-8', body: broken }),
    );
    await page.goto('https://x.com/broken');
    const notice = page.locator('tanggap-notice [role="status"]');
    await expect.poll(() => notice.textContent()).toMatch(/X telah mengubah tampilannya/);

    // More unreadable posts arrive: no second notice.
    await page.evaluate(() => {
      const shown: string[] = [];
      const root = document.querySelector('tanggap-notice')!.shadowRoot!;
      new MutationObserver(() => shown.push(root.textContent ?? '')).observe(root, {
        subtree: true,
        childList: true,
        characterData: true,
      });
      (window as unknown as { shown: string[] }).shown = shown;
      const timeline = document.querySelector('[data-testid="cellInnerDiv"]')!.parentElement!;
      for (const cell of [...document.querySelectorAll('[data-testid="cellInnerDiv"]')]) {
        timeline.append(cell.cloneNode(true));
      }
    });
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { shown: string[] }).shown)).toEqual([]);
    expect(await page.locator(ANNOTATION).count()).toBe(0);
    await page.close();
  });
});
