/**
 * The options page in real Chromium: editing the directory and the settings, and every X tab
 * following at once, without a reload.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaints } from '../../scripts/x-replica/complaints';
import {
  ANNOTATION,
  host,
  readAnnotations,
  startExtension,
  waitForAnnotations,
  type Harness,
} from './harness';
import { createAssignment } from '../factories';

const NOW = Date.now();
const H = 3_600_000;
let x: Harness;
let mentions: Page;
let options: Page;
/** Visible posts: one assigned to DSDABM, one with 14 h of 24 left, one left unassigned. */
let assignedId: string;
let importedId: string;
let unassignedId: string;

/** An open item of a 24-hour SLA assigned `hoursAgo`, as an import holds it. */
function openAssignment(tweetId: string, departmentId: string, hoursAgo: number) {
  const assignedAt = new Date(NOW - hoursAgo * H).toISOString();
  return createAssignment({
    tweetId,
    departmentId,
    assignedAt,
    post: {
      authorHandle: 'warga',
      authorName: 'Warga',
      text: 'Mohon ditindaklanjuti',
      createdAt: assignedAt,
      url: `https://x.com/warga/status/${tweetId}`,
    },
    deadline: new Date(NOW - hoursAgo * H + 24 * H).toISOString(),
  });
}

beforeAll(async () => {
  x = await startExtension({ theme: 'light', nowMs: NOW, posts: complaints(NOW) });
  mentions = await x.openX('/notifications/mentions');
  await waitForAnnotations(mentions);
  const unassigned = (await readAnnotations(mentions)).filter(
    (p) => !p.promoted && p.hosts[0]?.status === 'unassigned',
  );
  [assignedId, importedId, unassignedId] = unassigned.map((p) => p.id!) as [string, string, string];

  await x.ask('importAssignments', {
    assignments: [openAssignment(assignedId, 'dsdabm', 2), openAssignment(importedId, 'dlh', 10)],
  });
  await mentions
    .locator(`${ANNOTATION}[data-tweet-id="${assignedId}"][data-department="dsdabm"]`)
    .waitFor();
  await mentions
    .locator(`${ANNOTATION}[data-tweet-id="${importedId}"][data-urgency="ok"]`)
    .waitFor();

  options = await x.openOptions();
  await options.locator('[data-department-id="dsdabm"] [name="shortName"]').waitFor();
  // Chromium, the replica and a first assignment: slower than a hook's default while other
  // suites run beside it.
}, 60_000);

afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  await x.close();
});

const department = (id: string) => options.locator(`[data-department-id="${id}"]`);
const chip = (id: string) => host(mentions, id).locator('button[data-action="assign"]');
const badge = (id: string) => host(mentions, id).locator('.badge');

/** With a routing suggestion the chip accepts it, and "▾" beside it opens the picker. */
async function openPicker(id: string) {
  const pick = host(mentions, id).locator('button[data-action="pick"]');
  await ((await pick.count()) > 0 ? pick : chip(id)).click();
}

describe('the options page', { timeout: 60_000 }, () => {
  test('a department’s new short name and handle are saved and shown on an open X tab', async () => {
    const dsdabm = department('dsdabm');
    await dsdabm.locator('[name="shortName"]').fill('PU Kota');
    await dsdabm.locator('[name="handle"]').fill('@PU_KotaRaya');
    await dsdabm.locator('button[type="submit"]').click();
    await expect.poll(() => dsdabm.locator('[role="status"]').textContent()).toBe('Saved.');

    const stored = (await x.ask('listDepartments', {})).find((d) => d.id === 'dsdabm');
    expect(stored).toMatchObject({ shortName: 'PU Kota', handle: 'PU_KotaRaya' });
    await expect.poll(() => chip(assignedId).textContent()).toBe('PU Kota');
  });

  test('an invalid handle shows an error beside the field and changes nothing', async () => {
    const dsdabm = department('dsdabm');
    const handle = dsdabm.locator('[name="handle"]');
    await handle.fill('PU Kota Raya!');
    await dsdabm.locator('[name="shortName"]').fill('Something else');
    await dsdabm.locator('button[type="submit"]').click();

    await expect.poll(() => handle.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await handle.getAttribute('aria-describedby');
    await expect(options.locator(`[id="${describedBy}"]`).textContent()).resolves.toMatch(
      /1 to 15 letters, digits or _/,
    );
    await expect(dsdabm.locator('[role="alert"]').textContent()).resolves.toMatch(/Not saved/);
    const stored = (await x.ask('listDepartments', {})).find((d) => d.id === 'dsdabm');
    expect(stored).toMatchObject({ shortName: 'PU Kota', handle: 'PU_KotaRaya' });
    expect(await chip(assignedId).textContent()).toBe('PU Kota');
  });

  test('removing a department that has items is refused, and the officer is told why', async () => {
    const dsdabm = department('dsdabm');
    await dsdabm.getByRole('button', { name: /^Remove / }).click();
    await dsdabm.locator('[data-action="confirm-remove"]').click();
    await expect
      .poll(() => dsdabm.locator('[role="alert"]').textContent())
      .toMatch(/cannot be removed while items are assigned to it \(1, open or closed\)/);
    expect((await x.ask('listDepartments', {})).map((d) => d.id)).toContain('dsdabm');
    expect(await host(mentions, assignedId).getAttribute('data-department')).toBe('dsdabm');
  });

  test('a department without items can be removed; it leaves the page’s picker too', async () => {
    const row = department('dpkp');
    await row.getByRole('button', { name: /^Remove / }).click();
    await row.locator('[data-action="confirm-remove"]').click();
    await expect.poll(() => department('dpkp').count()).toBe(0);
    expect((await x.ask('listDepartments', {})).map((d) => d.id)).not.toContain('dpkp');

    await mentions.bringToFront();
    await openPicker(unassignedId);
    const choices = mentions.locator('tanggap-picker [data-department-id]');
    await expect.poll(() => choices.count()).toBeGreaterThan(10);
    expect(await mentions.locator('tanggap-picker [data-department-id="dpkp"]').count()).toBe(0);
    await mentions.keyboard.press('Escape');
    await options.bringToFront();
  });

  test('moving a department down with the keyboard changes the directory’s order', async () => {
    const before = (await x.ask('listDepartments', {})).map((d) => d.id);
    const down = department(before[0]!).getByRole('button', { name: /^Move .* down$/ });
    await down.focus();
    await options.keyboard.press('Enter');
    await expect
      .poll(async () => (await x.ask('listDepartments', {})).map((d) => d.id).slice(0, 2))
      .toEqual([before[1], before[0]]);
    // The focus stays on the button that moved, so a second press moves it again.
    await expect
      .poll(() =>
        options.evaluate(() =>
          document.activeElement
            ?.closest('[data-department-id]')
            ?.getAttribute('data-department-id'),
        ),
      )
      .toBe(before[0]);
  });

  test('a new due-soon threshold changes an open X tab’s countdown at once', async () => {
    expect(await host(mentions, importedId).getAttribute('data-urgency')).toBe('ok');
    const popup = await x.openPopup();
    const soon = popup.locator('[data-count="soon"] dd');
    await expect.poll(() => soon.textContent()).toBe('0');
    await options.bringToFront();
    await options.locator('[name="dueSoonHours"]').fill('18');
    await options.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => host(mentions, importedId).getAttribute('data-urgency')).toBe('soon');
    // The popup's count of items due soon follows too.
    await expect.poll(() => soon.textContent()).toBe('1');
    expect(await popup.locator('[data-count="soon"] dt').textContent()).toBe('Due within 18 h');
    await popup.close();
    expect((await x.ask('getSettings', {})).dueSoonHours).toBe(18);
  });

  test('an out-of-range threshold is refused with the reason and stored as it was', async () => {
    await options.locator('[name="dueSoonHours"]').fill('80');
    await options.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(() => options.locator('form.settings [role="alert"]').textContent())
      .toMatch(/^Not saved/);
    expect(await options.locator('#dueSoonHours-error').textContent()).toMatch(/at most 72/);
    expect(await options.locator('[name="dueSoonHours"]').getAttribute('aria-invalid')).toBe(
      'true',
    );
    expect((await x.ask('getSettings', {})).dueSoonHours).toBe(18);
  });

  test('choosing Indonesian changes an open X tab and the options page without a reload', async () => {
    await options.locator('[name="dueSoonHours"]').fill('18');
    await options.locator('[name="language"]').selectOption('id');
    await options.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => badge(importedId).textContent()).toMatch(/sisa 13 jam \d+ menit$/);
    await mentions.bringToFront();
    await openPicker(unassignedId);
    await expect
      .poll(() => mentions.locator('tanggap-picker input').getAttribute('placeholder'))
      .toBe('Cari SKPD');
    await mentions.keyboard.press('Escape');
    await options.bringToFront();
    await expect.poll(() => options.locator('h1').textContent()).toBe('Tanggap — pengaturan');
    await expect.poll(() => options.evaluate(() => document.documentElement.lang)).toBe('id');

    await options.locator('[name="language"]').selectOption('en');
    await options.getByRole('button', { name: 'Simpan pengaturan' }).click();
    await expect.poll(() => badge(importedId).textContent()).toMatch(/13 h \d+ min left$/);
  });
});
