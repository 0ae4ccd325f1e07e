/**
 * The first change by an officer who has not given a name, in real Chromium: the page asks
 * the name where the officer acted, and the assignment goes through signed with it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { complaints } from '../../scripts/x-replica/complaints';
import { host, pickerButton, readAnnotations, startExtension, waitForAnnotations } from './harness';
import type { Harness } from './harness';

const NOW = Date.now();
let x: Harness;

beforeAll(async () => {
  // A fresh profile: no name in the settings.
  x = await startExtension({ nowMs: NOW, posts: complaints(NOW), officerName: '' });
});
afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  await x.close();
});

test(
  'assigning from the page asks the name once, and the history carries it',
  { timeout: 60_000 },
  async () => {
    const page = await x.openX('/notifications/mentions');
    await page.bringToFront();
    await waitForAnnotations(page);
    const [first, second] = (await readAnnotations(page)).filter((p) => !p.promoted);

    await (await pickerButton(page, first!.id!)).click();
    await page.locator('tanggap-picker [data-department-id="dlh"]').click();

    const step = page.locator('tanggap-officer-name');
    const name = step.locator('input[name="officerName"]');
    await expect.poll(() => name.count()).toBe(1);
    await expect(step.locator('h2').textContent()).resolves.toBe('What is your name?');
    // Nothing is stored before the name is given.
    expect((await x.ask('getAssignments', { ids: [first!.id!] }))[first!.id!]).toBeUndefined();

    await name.fill('Dewi Lestari');
    await name.press('Enter');
    await expect.poll(() => host(page, first!.id!).getAttribute('data-department')).toBe('dlh');
    await expect.poll(() => step.locator('input').count()).toBe(0);
    const stored = (await x.ask('getAssignments', { ids: [first!.id!] }))[first!.id!]!;
    expect(stored.history.map((e) => e.by)).toEqual(['Dewi Lestari']);
    expect((await x.ask('getSettings', {})).officerName).toBe('Dewi Lestari');

    // Asked once: the next assignment goes straight through.
    await (await pickerButton(page, second!.id!)).click();
    await page.locator('tanggap-picker [data-department-id="dsdabm"]').click();
    await expect.poll(() => host(page, second!.id!).getAttribute('data-department')).toBe('dsdabm');
    await expect(step.locator('input').count()).resolves.toBe(0);
  },
);
