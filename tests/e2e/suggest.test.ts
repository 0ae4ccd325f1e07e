/**
 * Routing suggestions and programme labels in real Chromium, on the replica of the mentions
 * page: a suggestion accepted with one click or with Enter, the words that matched, the
 * labels of programmes, and the popup's count of posts per programme.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaints } from '../../scripts/x-replica/complaints';
import { host, startExtension, waitForAnnotations, type Harness } from './harness';

const NOW = Date.now();
const posts = complaints(NOW);
const byText = (words: string) => {
  const post = posts.find((p) => p.text.includes(words));
  if (!post) throw new Error(`No replica post says "${words}"`);
  return post;
};
const road = byText('bolong gede');
const rubbish = byText('TPS Jl. Kenanga');
const tie = byText('PJU di jembatan layang');
const credit = byText('program KUR');
const posyandu = byText('posyandu di RW kami');
const hospital = byText('RSUD nolak pasien BPJS');

let x: Harness;

beforeAll(async () => {
  // Only these posts, so that all of them are in the replica's first screen.
  const shown = [road, rubbish, tie, credit, posyandu, hospital];
  x = await startExtension({ theme: 'light', nowMs: NOW, posts: shown });
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

const chip = (page: Page, id: string) => host(page, id).locator('button[data-action="assign"]');

describe('routing suggestions', { timeout: 60_000 }, () => {
  test('a complaint about a road suggests public works; one click assigns it', async () => {
    const page = await openMentions();
    const annotation = host(page, road.id);
    await expect(annotation.getAttribute('data-suggested-department')).resolves.toBe('dsdabm');
    await expect(chip(page, road.id).textContent()).resolves.toBe('Suggested: DSDABM');
    await expect(chip(page, road.id).getAttribute('title')).resolves.toBe('Matched: bolong');
    await expect(chip(page, road.id).getAttribute('aria-label')).resolves.toMatch(
      /^Suggested: Dinas Sumber Daya Air dan Bina Marga, matching bolong\./,
    );
    // A street light on a flyover: lights and bridges match alike, so no suggestion, the plain
    // chip.
    await expect(host(page, tie.id).getAttribute('data-suggested-department')).resolves.toBe('');
    await expect(chip(page, tie.id).textContent()).resolves.toBe('Unassigned');
    await expect(chip(page, tie.id).getAttribute('aria-label')).resolves.toMatch(
      /^Unassigned, posted \d+ hours?( \d+ minutes?)? ago\. /,
    );

    await chip(page, road.id).click();
    await expect.poll(() => annotation.getAttribute('data-status')).toBe('open');
    await expect(annotation.getAttribute('data-department')).resolves.toBe('dsdabm');
    // Once assigned, no suggestion: the chip is the department's.
    await expect(annotation.getAttribute('data-suggested-department')).resolves.toBe('');
    await expect(chip(page, road.id).textContent()).resolves.toBe('DSDABM');
    await expect(page.locator('tanggap-picker').count()).resolves.toBe(0);
    const stored = await x.ask('getAssignments', { ids: [road.id] });
    expect(stored[road.id]).toMatchObject({ departmentId: 'dsdabm', status: 'open' });
    await page.close();
  });

  test('by keyboard: Enter on the suggestion chip assigns it', async () => {
    const page = await openMentions();
    await expect(host(page, rubbish.id).getAttribute('data-suggested-department')).resolves.toBe(
      'dlh',
    );
    await chip(page, rubbish.id).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => host(page, rubbish.id).getAttribute('data-department')).toBe('dlh');
    await expect(host(page, rubbish.id).getAttribute('data-status')).resolves.toBe('open');
    // X did not take the key: no navigation to the post.
    expect(new URL(page.url()).pathname).toBe('/notifications/mentions');
    await page.close();
  });
});

describe('programme labels', { timeout: 60_000 }, () => {
  test('posts mentioning a programme carry its label, and the popup counts each once', async () => {
    const page = await openMentions();
    await expect.poll(() => host(page, credit.id).getAttribute('data-programmes')).toBe('kur');
    await expect(host(page, posyandu.id).getAttribute('data-programmes')).resolves.toBe(
      'imunisasi',
    );
    await expect(host(page, road.id).getAttribute('data-programmes')).resolves.toBe('');
    const label = host(page, credit.id).locator('[data-programme-id="kur"]');
    await expect(label.getAttribute('title')).resolves.toBe('Programme: Kredit Usaha Rakyat (KUR)');
    await expect(label.locator('[aria-hidden="true"]').textContent()).resolves.toBe('KUR');

    // Seen twice (a reload), counted once.
    await page.reload();
    await waitForAnnotations(page);
    const popup = await x.openPopup();
    const row = popup.locator('[data-programme-stats] tr[data-programme-id="kur"]');
    await expect.poll(() => row.locator('[data-total]').textContent()).toBe('1');
    await expect(
      popup
        .locator('[data-programme-stats] tr[data-programme-id="imunisasi"] [data-total]')
        .textContent(),
    ).resolves.toBe('1');
    const days = await row
      .locator('td[data-count]')
      .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
    expect(days).toHaveLength(7);
    expect(days.reduce((a, b) => a + b, 0)).toBe(1);
    await Promise.all([page.close(), popup.close()]);
  });

  test('a programme added on the options page labels an open X tab at once', async () => {
    const page = await openMentions();
    await expect(host(page, hospital.id).getAttribute('data-programmes')).resolves.toBe('');
    const options = await x.openOptions();
    await options.getByRole('button', { name: 'Add programme' }).click();
    const form = options.locator('[data-new-programme]');
    await form.locator('[name="name"]').fill('Jaminan Kesehatan Nasional');
    await form.locator('[name="shortName"]').fill('JKN');
    await form.locator('[name="keywords"]').fill('BPJS\nKIS');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => options.locator('[data-programme-id="jkn"]').count()).toBe(1);
    expect((await x.ask('listProgrammes', {})).find((p) => p.id === 'jkn')).toMatchObject({
      name: 'Jaminan Kesehatan Nasional',
      keywords: ['bpjs', 'kis'],
      active: true,
    });

    await expect.poll(() => host(page, hospital.id).getAttribute('data-programmes')).toBe('jkn');
    await Promise.all([page.close(), options.close()]);
  });
});
