/**
 * The report page in real Chromium, on a database seeded through the extension's own import:
 * its period from the address, each SKPD's figures (counted here by hand from the seed), the
 * worst SKPD first and in words, sorting by keyboard, the charts, the breaches with their posts'
 * texts, and a clean A4 print.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assign, changeStatus } from '../../utils/domain/assignment-ops';
import type { Assignment, Department } from '../../utils/domain/types';
import { createPost } from '../factories';
import { startExtension, type Harness } from './harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WIB = 7 * HOUR;

// A week three weeks back (Monday to Sunday in Jakarta): every deadline in it has passed.
const todayWib = new Date(Date.now() + WIB);
const daysSinceMonday = (todayWib.getUTCDay() + 6) % 7;
const mondayMs =
  Date.UTC(todayWib.getUTCFullYear(), todayWib.getUTCMonth(), todayWib.getUTCDate()) -
  (daysSinceMonday + 21) * DAY -
  WIB;
const day = (ms: number) => new Date(ms + WIB).toISOString().slice(0, 10);
const FROM = day(mondayMs);
const TO = day(mondayMs + 6 * DAY);
/** Tuesday 10:00 in Jakarta. */
const TUESDAY = mondayMs + DAY + 10 * HOUR;

let x: Harness;
let page: Page;
let departments: Department[];

function item(departmentId: string, postedMs: number, respondedAfterMs?: number): Assignment {
  const dept = departments.find((d) => d.id === departmentId)!;
  const post = createPost({
    createdAt: new Date(postedMs).toISOString(),
    text: `Aduan warga untuk ${departmentId}, ${new Date(postedMs).toISOString()}`,
  });
  const a = assign(undefined, post, dept, 'triage', new Date(postedMs + 5 * MINUTE).toISOString());
  if (respondedAfterMs === undefined) return a;
  return changeStatus(a, 'responded', 'dinas', new Date(postedMs + respondedAfterMs).toISOString());
}

beforeAll(async () => {
  x = await startExtension();
  departments = await x.ask('listDepartments', {});
  const seed = [
    // dlh: on time (2 h), late (25 h), still open → 1 / 3 on time; median of 120 and 1500 = 120.
    item('dlh', TUESDAY, 2 * HOUR),
    item('dlh', TUESDAY + HOUR, 25 * HOUR),
    item('dlh', TUESDAY + 2 * HOUR),
    // dinkes: answered in 1 h and in exactly 24 h (on time: at the deadline).
    item('dinkes', TUESDAY, HOUR),
    item('dinkes', TUESDAY, 24 * HOUR),
    // dishub: Sunday 23:30 counts, the next Monday 00:30 does not; the first is still open.
    item('dishub', mondayMs + 7 * DAY - 30 * MINUTE),
    item('dishub', mondayMs + 7 * DAY + 30 * MINUTE, HOUR),
    // Before the week: Sunday 23:59 the week before.
    item('dlh', mondayMs - MINUTE, HOUR),
  ];
  const { imported } = await x.ask('importAssignments', { assignments: seed });
  expect(imported).toBe(seed.length);
  page = await x.context.newPage();
  await page.goto(`chrome-extension://${x.extensionId}/report.html?from=${FROM}&to=${TO}`);
  await page.locator('[data-report-row]').first().waitFor();
});
afterAll(async () => {
  await x.close();
});

const figures = (id: string) =>
  page.locator(`[data-report-row][data-department-id="${id}"]`).evaluate((row) => ({
    received: row.getAttribute('data-received'),
    onTime: row.getAttribute('data-responded-on-time'),
    late: row.getAttribute('data-responded-late'),
    openOverdue: row.getAttribute('data-open-overdue'),
    open: row.getAttribute('data-open'),
    rate: row.getAttribute('data-on-time-rate'),
    median: row.getAttribute('data-median-response-minutes'),
  }));
const order = () =>
  page.locator('[data-report-row]').evaluateAll((rows) => rows.map((r) => r.dataset.departmentId));

describe('the report page', () => {
  test('shows each SKPD’s figures for the period in the address', async () => {
    expect(await figures('dlh')).toEqual({
      received: '3',
      onTime: '1',
      late: '1',
      openOverdue: '1',
      open: '0',
      rate: String(1 / 3),
      median: '120',
    });
    expect(await figures('dinkes')).toEqual({
      received: '2',
      onTime: '2',
      late: '0',
      openOverdue: '0',
      open: '0',
      rate: '1',
      median: '60',
    });
    expect(await figures('dishub')).toMatchObject({ received: '1', openOverdue: '1', rate: '0' });
    expect(await figures('dsdabm')).toMatchObject({ received: '0', rate: '', median: '' });
    expect(await page.locator('[data-report-total] td').first().textContent()).toBe('6');
  });

  test('puts the worst SKPD first and says so in words', async () => {
    expect((await order()).slice(0, 3)).toEqual(['dishub', 'dlh', 'dinkes']);
    await expect
      .poll(() => page.locator('[data-report-row]').first().textContent())
      .toContain('(lowest)');
  });

  test('sorts by a column from the keyboard and says how', async () => {
    const received = page.locator('button[data-sort="received"]');
    await received.focus();
    await page.keyboard.press('Enter');
    expect(
      await page.locator('th:has(button[data-sort="received"])').getAttribute('aria-sort'),
    ).toBe('descending');
    expect((await order())[0]).toBe('dlh');
    await page.keyboard.press('Enter');
    expect(
      await page.locator('th:has(button[data-sort="received"])').getAttribute('aria-sort'),
    ).toBe('ascending');
  });

  test('draws the charts and gives their numbers as tables', async () => {
    // The charts follow the table by a frame.
    await expect.poll(() => page.locator('[data-chart="rate"] canvas').count()).toBe(1);
    expect(await page.locator('[data-chart="volume"] canvas').count()).toBe(1);
    expect(await page.locator('[data-chart-table="volume"] td').allTextContents()).toEqual(['6']);
  });

  test('lists the open breach and the late answer, each linking to its post', async () => {
    const overdue = page.locator('[data-breaches="overdue"] li a');
    await expect.poll(() => overdue.count()).toBe(2);
    const late = page.locator('[data-breaches="late"] li a');
    expect(await late.count()).toBe(1);
    expect(await late.getAttribute('href')).toMatch(/^https:\/\/x\.com\/warga_bdg\/status\/\d+$/);
    // Each shows its own post's text, which the report's rows leave out.
    const lateText = await page.locator('[data-breaches="late"] li .text').textContent();
    expect(lateText).toBe(`Aduan warga untuk dlh, ${new Date(TUESDAY + HOUR).toISOString()}`);
  });

  test('prints on A4 without cutting a row, controls hidden', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.controls').isVisible()).toBe(false);
    const breaks = await page
      .locator('[data-report-row]')
      .evaluateAll((rows) => rows.map((r) => getComputedStyle(r).breakInside));
    expect(new Set(breaks)).toEqual(new Set(['avoid']));
    const pdf = (await page.pdf({ format: 'A4', preferCSSPageSize: true })).toString('latin1');
    const pages = pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(6);
    await page.emulateMedia({ media: 'screen' });
  });

  test('a preset changes the period and the address', async () => {
    await page.locator('select[name="period"]').selectOption('last-week');
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).not.toBe(FROM);
    await expect
      .poll(() => page.locator('[data-report-period]').getAttribute('data-report-period'))
      .toBe(
        `${new URL(page.url()).searchParams.get('from')}/${new URL(page.url()).searchParams.get('to')}`,
      );
  });
});
