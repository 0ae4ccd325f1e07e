/**
 * The annotation as an officer sees it on X's page: it never hides the citizen's name or
 * handle at X's usual widths, and a mention left waiting past the team's threshold says
 * "urgent" in words, apart from a fresh one.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CITY, complaints } from '../../scripts/x-replica/complaints';
import {
  ANNOTATION,
  host,
  postOf,
  startExtension,
  waitForAnnotations,
  type Harness,
} from './harness';

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

/**
 * For each annotated post: the width of X's middle column, and what of the author's name and
 * handle is cut (an element narrower than its content, where X clips) or covered by our host.
 */
function authorLines(page: Page) {
  return page.$$eval(ANNOTATION, (hosts) =>
    hosts.map((h) => {
      const post = h.closest('[data-testid="tweet"]')!;
      const name = post.querySelector('[data-testid="User-Name"]')!;
      const ours = h.getBoundingClientRect();
      const cut: string[] = [];
      const covered: string[] = [];
      for (const el of [name, ...name.querySelectorAll('*')]) {
        const text = el.textContent ?? '';
        if (!text.trim()) continue;
        if (el.scrollWidth > el.clientWidth && getComputedStyle(el).overflowX !== 'visible') {
          cut.push(text);
        }
        const r = el.getBoundingClientRect();
        const overlaps =
          r.width > 0 &&
          r.left < ours.right &&
          ours.left < r.right &&
          r.top < ours.bottom &&
          ours.top < r.bottom;
        if (overlaps) covered.push(text);
      }
      const column = document.querySelector('[data-testid="primaryColumn"]');
      return {
        id: h.getAttribute('data-tweet-id'),
        column: Math.round(column?.getBoundingClientRect().width ?? NaN),
        cut,
        covered,
      };
    }),
  );
}

test.each([
  ['600 px', 1280],
  ['about 500 px', 500],
])(
  'with the middle column at %s, no name or handle is cut or covered',
  { timeout: 60_000 },
  async (_, viewportWidth) => {
    const page = await x.openX('/notifications/mentions');
    await page.setViewportSize({ width: viewportWidth, height: 900 });
    await waitForAnnotations(page);
    const lines = await authorLines(page);
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      expect(line.column).toBeLessThanOrEqual(600);
      expect(line, `post ${line.id}`).toMatchObject({ cut: [], covered: [] });
    }
    await page.close();
  },
);

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
    await expect(badge.textContent()).resolves.toMatch(/^Urgent · waiting 21 h/);
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

/**
 * The "▾" beside a suggestion, as drawn on the page: the rows of its darkest pixels, from the
 * top. A triangle pointing down is widest at the top and narrows row by row.
 */
async function caretRows(page: Page): Promise<number[]> {
  const pick = page.locator(`${ANNOTATION} button[data-action="pick"]`).first();
  const png = await pick.screenshot();
  return page.evaluate(
    async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = new OffscreenCanvas(img.width, img.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const { data, width, height } = ctx.getImageData(0, 0, img.width, img.height);
      const rows: number[] = [];
      // Only the middle of the button: its round border (forced colours) stays out.
      for (let y = Math.round(height * 0.25); y < height * 0.75; y++) {
        let dark = 0;
        for (let x = Math.round(width * 0.25); x < width * 0.75; x++) {
          const i = 4 * (y * width + x);
          if (data[i]! + data[i + 1]! + data[i + 2]! < 3 * 160) dark++;
        }
        if (dark) rows.push(dark);
      }
      return rows;
    },
    `data:image/png;base64,${png.toString('base64')}`,
  );
}

test.each([
  ['X light theme', false],
  ['forced colours', true],
])(
  'the "▾" beside a suggestion is drawn as a triangle pointing down, in %s',
  { timeout: 60_000 },
  async (_, forced) => {
    const page = await x.openX('/notifications/mentions');
    if (forced) await page.emulateMedia({ forcedColors: 'active' });
    await waitForAnnotations(page);
    const rows = await caretRows(page);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows[0]!).toBeGreaterThan(rows.at(-1)!);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!).toBeLessThanOrEqual(rows[i - 1]!);
    await page.close();
  },
);
