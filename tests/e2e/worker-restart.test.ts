/**
 * MV3 may stop the service worker at any moment: nothing may live only in its memory.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaints } from '../../scripts/x-replica/complaints';
import {
  host,
  pickerButton,
  readAnnotations,
  startExtension,
  waitForAnnotations,
  type Harness,
} from './harness';
import { createAssignment } from '../factories';

declare const chrome: {
  action: {
    getBadgeText(details: object): Promise<string>;
    getTitle(details: object): Promise<string>;
  };
};

const NOW = Date.now();
const H = 3_600_000;
let x: Harness;

beforeAll(async () => {
  x = await startExtension({ theme: 'dark', nowMs: NOW, posts: complaints(NOW) });
});
afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  await x.close();
});

function assignmentFor(id: string, hoursAgo: number, departmentId = 'dsdabm') {
  const assignedAt = new Date(NOW - hoursAgo * H).toISOString();
  return createAssignment({
    tweetId: id,
    departmentId,
    assignedAt,
    post: {
      authorHandle: 'warga',
      authorName: 'Warga',
      text: 'Jalan berlubang',
      createdAt: assignedAt,
      url: `https://x.com/warga/status/${id}`,
    },
    deadline: new Date(NOW - hoursAgo * H + 24 * H).toISOString(),
  });
}

describe('a stopped service worker', { timeout: 60_000 }, () => {
  test('an acknowledged write survives the worker stopping at once', async () => {
    const page = await x.openX('/notifications/mentions');
    await waitForAnnotations(page);
    const [first] = (await readAnnotations(page)).filter((p) => !p.promoted);
    await (await pickerButton(page, first!.id!)).click();
    await page.locator('tanggap-picker input').fill('pdam');
    await page.locator('tanggap-picker input').press('Enter');
    await expect.poll(() => host(page, first!.id!).getAttribute('data-department')).toBe('pdam');
    await x.stopWorker();

    // The page keeps working: its next request wakes the worker.
    await page.reload();
    await waitForAnnotations(page);
    await expect(host(page, first!.id!).getAttribute('data-department')).resolves.toBe('pdam');
    await page.close();
  });

  test('the context menu still works after a restart', async () => {
    await x.stopWorker();
    const page = await x.openX('/notifications/mentions');
    await page.bringToFront();
    await waitForAnnotations(page);
    const [, second] = (await readAnnotations(page)).filter((p) => !p.promoted);
    await page
      .locator(
        `article:has(tanggap-annotation[data-tweet-id="${second!.id}"]) [data-testid="tweetText"]`,
      )
      .click({ button: 'right' });
    await x.menuClick('tanggap-assign:dlh');
    await expect.poll(() => host(page, second!.id!).getAttribute('data-department')).toBe('dlh');
    await page.close();
  });

  test('the toolbar badge counts overdue items, with words in its title, and keeps them after a restart', async () => {
    const ids = ['1900000000000000001', '1900000000000000002', '1900000000000000003'];
    await x.ask('importAssignments', {
      assignments: [
        assignmentFor(ids[0]!, 30),
        assignmentFor(ids[1]!, 25),
        assignmentFor(ids[2]!, 20),
      ],
    });
    const badge = async () => {
      const worker = await x.worker();
      return worker.evaluate(async () => [
        await chrome.action.getBadgeText({}),
        await chrome.action.getTitle({}),
      ]);
    };
    await expect.poll(badge).toEqual(['2', 'Tanggap: 2 overdue · 1 due soon']);
    await x.stopWorker();
    await expect.poll(badge).toEqual(['2', 'Tanggap: 2 overdue · 1 due soon']);
    const stored = await x.ask('getAssignments', { ids });
    expect(Object.keys(stored).sort()).toEqual(ids);
  });
});
