/**
 * Backup and restore through the options page, as an administrator does it: a wrong file is
 * explained and changes nothing; a good one replaces everything after a confirmation, and
 * the open popup follows at once.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaints } from '../../scripts/x-replica/complaints';
import { host, readAnnotations, startExtension, waitForAnnotations, type Harness } from './harness';
import { createAssignment } from '../factories';

const H = 3_600_000;
const NOW = Date.now();
let x: Harness;
let options: Page;

beforeAll(async () => {
  x = await startExtension({ nowMs: NOW, posts: complaints(NOW) });
});
afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  await x.close();
});

function assignment(id: string, departmentId: string, hoursAgo: number) {
  const assignedAt = new Date(NOW - hoursAgo * H).toISOString();
  return createAssignment({
    tweetId: id,
    departmentId,
    assignedAt,
    post: {
      authorHandle: 'warga',
      authorName: 'Warga <b>Bandung</b>',
      text: '<img src=x onerror="document.title=1"> Jalan berlubang',
      createdAt: assignedAt,
      url: `https://x.com/warga/status/${id}`,
    },
    deadline: new Date(NOW - hoursAgo * H + 24 * H).toISOString(),
  });
}

const MINE = ['1920000000000000001', '1920000000000000002'];
const THEIRS = ['1920000000000000011', '1920000000000000012', '1920000000000000013'];

async function openOptions() {
  const page = await x.openOptions();
  await page.locator('input[name="backupFile"]').waitFor();
  return page;
}

async function choose(page: Page, name: string, text: string) {
  await page.locator('input[name="backupFile"]').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
}

const stored = async (ids: string[]) => Object.keys(await x.ask('getAssignments', { ids })).sort();

/** A backup file as this extension writes one, holding `assignments`. */
async function backupWith(assignments: unknown[]) {
  return JSON.stringify({
    format: 'tanggap-backup',
    version: 1,
    exportedAt: new Date(NOW).toISOString(),
    assignments,
    departments: await x.ask('listDepartments', {}),
    programmes: await x.ask('listProgrammes', {}),
    settings: await x.ask('getSettings', {}),
  });
}

/** Chooses the file, confirms, and waits for the page to say it is restored. */
async function restoreThrough(page: Page, text: string, count: number) {
  await choose(page, 'tanggap-backup.json', text);
  await page.locator('[data-action="restore-confirm"]').click();
  // A locator, not expect.poll: this also runs in a beforeAll.
  await page
    .locator('.backup-panel [role="status"]', { hasText: `Restored: ${count} assignments` })
    .waitFor({ timeout: 120_000 });
}

describe('restore from the options page', { timeout: 60_000 }, () => {
  let backup: string;
  let xPage: Page;
  /** A post shown on the X page, assigned in the backup only. */
  let onPage: string;

  beforeAll(async () => {
    xPage = await x.openX('/notifications/mentions');
    await waitForAnnotations(xPage);
    onPage = (await readAnnotations(xPage)).find((p) => !p.promoted && p.id)!.id!;
    THEIRS.push(onPage);
    // A backup holding THEIRS, downloaded from this very extension's options page.
    await x.ask('importAssignments', {
      assignments: THEIRS.map((id, i) => assignment(id, i === 0 ? 'dlh' : 'dishub', 2 + i)),
    });
    options = await openOptions();
    const [download] = await Promise.all([
      options.waitForEvent('download'),
      options.locator('[data-action="download-backup"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^tanggap-backup-\d{4}-\d{2}-\d{2}\.json$/);
    backup = await readFile((await download.path())!, 'utf8');
    const parsed = JSON.parse(backup) as { assignments: { tweetId: string }[] };
    expect(parsed.assignments.map((a) => a.tweetId).sort()).toEqual([...THEIRS].sort());
    // Then MINE in its place, restored through the page.
    await restoreThrough(
      options,
      await backupWith(MINE.map((id) => assignment(id, 'dsdabm', 1))),
      2,
    );
    expect(await stored([...MINE, ...THEIRS])).toEqual(MINE);
    // The X page dropped the assignment the restore removed, without a reload.
    await xPage
      .locator(`tanggap-annotation[data-tweet-id="${onPage}"][data-status="unassigned"]`)
      .waitFor();
    await options.reload();
    await options.locator('input[name="backupFile"]').waitFor();
  }, 120_000);

  test.each([
    ['not JSON', 'tweet_id,status\r\n1,open\r\n', /not valid JSON/],
    ['another version', JSON.stringify({ format: 'tanggap-backup', version: 7 }), /version 7/],
    [
      'a duplicated id',
      JSON.stringify({
        format: 'tanggap-backup',
        version: 1,
        exportedAt: new Date(NOW).toISOString(),
        assignments: [assignment(MINE[0]!, 'dlh', 1), assignment(MINE[0]!, 'dlh', 2)],
        departments: [
          { id: 'dlh', name: 'DLH', shortName: 'DLH', color: '#307401', slaHours: 24, order: 0 },
        ],
        programmes: [],
        settings: {},
      }),
      /assignments\[1\] repeats post 1920000000000000001/,
    ],
  ])('a wrong file (%s) is explained and changes nothing', async (_, text, message) => {
    await choose(options, 'wrong.json', text);
    const problems = options.locator('[data-restore-problems]');
    await expect.poll(() => problems.textContent()).toMatch(message);
    await expect(problems.getAttribute('role')).resolves.toBe('alert');
    await expect(options.locator('[data-action="restore-confirm"]').count()).resolves.toBe(0);
    expect(await stored([...MINE, ...THEIRS])).toEqual(MINE);
  });

  test('a good file, confirmed, replaces everything; the open popup and X page follow', async () => {
    const popup = await x.openPopup();
    await expect
      .poll(() =>
        popup
          .locator('[data-backlog-item]')
          .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.tweetId)),
      )
      .toEqual(MINE);

    await options.bringToFront();
    await choose(options, 'tanggap-backup.json', backup);
    const confirm = options.locator('.restore-confirm');
    await expect.poll(() => confirm.textContent()).toMatch(/4 assignments, 16 departments/);
    // The question comes first: nothing has changed yet.
    expect(await stored([...MINE, ...THEIRS])).toEqual(MINE);
    await options.locator('[data-action="restore-confirm"]').click();
    await expect
      .poll(() => options.locator('.backup-panel').textContent())
      .toContain('Restored: 4 assignments, 16 departments.');
    expect(await stored([...MINE, ...THEIRS])).toEqual([...THEIRS].sort());

    // Without a reload: the restore's broadcast made it ask again.
    await expect
      .poll(() =>
        popup
          .locator('[data-backlog-item]')
          .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.tweetId).sort()),
      )
      .toEqual([...THEIRS].sort());
    // Markup in the restored text is shown as text.
    await expect(popup.locator('[data-backlog-item] img').count()).resolves.toBe(0);
    await expect(popup.title()).resolves.not.toBe('1');
    // The X page, too, without a reload.
    await expect.poll(() => host(xPage, onPage).getAttribute('data-department')).toBe('dishub');
  });
});

// How long the restore takes is the bench's figure (`npm run bench`), not an assertion here.
describe('a year of a busy desk', { timeout: 180_000 }, () => {
  test('20,000 assignments restored through the real options page; the popup counts them', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) =>
      // Assigned 30 hours ago: every one overdue.
      assignment(`1930${String(i).padStart(15, '0')}`, i % 2 ? 'dlh' : 'dishub', 30),
    );
    const text = await backupWith(many);
    const page = await openOptions();
    await restoreThrough(page, text, 20_000);
    const popup = await x.openPopup();
    await expect
      .poll(() => popup.locator('[data-count="overdue"] dd').textContent(), { timeout: 10_000 })
      .toBe('20000');
    // Every one is in the list, by scrolling: only the rows in view are in the page.
    await expect(
      popup.locator('[data-shown-count]').getAttribute('data-shown-count'),
    ).resolves.toBe('20000');
    await expect(
      popup.locator('[data-backlog-item]').first().getAttribute('aria-setsize'),
    ).resolves.toBe('20000');
    expect(await popup.locator('[data-backlog-item]').count()).toBeLessThan(100);
    await page.close();
    await popup.close();
  });
});
