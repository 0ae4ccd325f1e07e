/**
 * Backup and restore through the options page, as an administrator does it: a wrong file is
 * explained and changes nothing; a good one replaces everything after a confirmation, and
 * the open popup follows at once.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaints } from '../../scripts/x-replica/complaints.mjs';
import { host, readAnnotations, startExtension, waitForAnnotations, type Harness } from './harness';

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
  return {
    tweetId: id,
    post: {
      authorHandle: 'warga',
      authorName: 'Warga <b>Bandung</b>',
      text: '<img src=x onerror="document.title=1"> Jalan berlubang',
      createdAt: assignedAt,
      url: `https://x.com/warga/status/${id}`,
    },
    departmentId,
    status: 'open' as const,
    assignedAt,
    assignedBy: 'tester',
    deadline: new Date(NOW - hoursAgo * H + 24 * H).toISOString(),
    respondedAt: '',
    respondedBy: '',
    responseId: '',
    resolvedAt: '',
    closureReason: '',
    notes: [],
    history: [{ at: assignedAt, by: 'tester', action: 'assign' as const, to: departmentId }],
    updatedAt: assignedAt,
    updatedBy: 'tester',
  };
}

const MINE = ['1920000000000000001', '1920000000000000002'];
const THEIRS = ['1920000000000000011', '1920000000000000012', '1920000000000000013'];

async function openOptions() {
  const page = await x.context.newPage();
  await page.goto(`chrome-extension://${x.extensionId}/options.html`);
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
    // A backup holding THEIRS, made from this very extension, then MINE in its place.
    await x.ask('importAssignments', {
      assignments: THEIRS.map((id, i) => assignment(id, i === 0 ? 'dlh' : 'dishub', 2 + i)),
    });
    backup = (await x.ask('exportBackup', {})).text;
    const parsed = JSON.parse(backup) as { assignments: { tweetId: string }[] };
    parsed.assignments = parsed.assignments.filter((a) => THEIRS.includes(a.tweetId));
    backup = JSON.stringify(parsed);
    await x.ask('restoreBackup', {
      text: JSON.stringify({
        ...parsed,
        assignments: MINE.map((id) => assignment(id, 'dsdabm', 1)),
      }),
    });
    expect(await stored([...MINE, ...THEIRS])).toEqual(MINE);
    // The X page dropped the assignment the restore removed, without a reload.
    await xPage
      .locator(`tanggap-annotation[data-tweet-id="${onPage}"][data-status="unassigned"]`)
      .waitFor();
    options = await openOptions();
  }, 30_000);

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
