/**
 * Notifications come from alarms and IndexedDB only: they still fire once, and only once,
 * after the service worker has been stopped.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startExtension, type Harness } from './harness';

declare const chrome: {
  notifications: { getAll(): Promise<Record<string, boolean>> };
  alarms: { get(name: string): Promise<{ scheduledTime: number } | undefined> };
};

const H = 3_600_000;
let x: Harness;
let control: Page;

beforeAll(async () => {
  x = await startExtension();
  control = await x.openPopup();
});
afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  await x.close();
});

/** The notifications the extension shows now, by id (`tanggap-escalation:<kind>:<departments>:<ms>`). */
const shown = async () =>
  Object.keys(await control.evaluate(() => chrome.notifications.getAll())).sort();

/** An open item with a 24-hour SLA whose deadline is at `deadlineMs`. */
function dueAt(id: string, deadlineMs: number, departmentId: string) {
  const assignedAt = new Date(deadlineMs - 24 * H).toISOString();
  return {
    tweetId: id,
    post: {
      authorHandle: 'warga',
      authorName: 'Warga',
      text: 'Sampah menumpuk',
      createdAt: assignedAt,
      url: `https://x.com/warga/status/${id}`,
    },
    departmentId,
    status: 'open' as const,
    assignedAt,
    assignedBy: 'tester',
    deadline: new Date(deadlineMs).toISOString(),
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

describe('escalation notifications', { timeout: 90_000 }, () => {
  test('items that become overdue while the worker is stopped are notified once, batched', async () => {
    const deadline = Date.now() + 12_000;
    await x.ask('importAssignments', {
      assignments: [
        dueAt('1910000000000000001', deadline, 'dlh'),
        dueAt('1910000000000000002', deadline, 'dlh'),
        dueAt('1910000000000000003', deadline, 'dishub'),
      ],
    });
    // Within the due-soon window already: one notification for the three.
    await expect
      .poll(shown)
      .toEqual([expect.stringMatching(/^tanggap-escalation:soon:dlh,dishub:\d+$/)]);

    await x.stopWorker();
    // Nothing in the worker's memory survives: the alarm wakes it, IndexedDB tells it what to say.
    await expect
      .poll(shown, { timeout: 60_000, interval: 1_000 })
      .toEqual([
        expect.stringMatching(/^tanggap-escalation:overdue:dlh,dishub:\d+$/),
        expect.stringMatching(/^tanggap-escalation:soon:dlh,dishub:\d+$/),
      ]);

    // Another restart and another change run the check again: nothing new is shown.
    await x.stopWorker();
    await x.ask('importAssignments', {
      assignments: [dueAt('1910000000000000004', Date.now() + 48 * H, 'dlh')],
    });
    await control.waitForTimeout(1_500);
    expect(await shown()).toHaveLength(2);
  });

  test('the page a notification click opens lists only its items', async () => {
    const [overdue] = await shown();
    // Another overdue item of the same department, notified later on its own: not one of
    // the items the first notification named.
    await x.ask('importAssignments', {
      assignments: [dueAt('1910000000000000005', Date.now() - H, 'dlh')],
    });
    await expect.poll(async () => (await shown()).length).toBe(3);
    const page = await x.context.newPage();
    // What the click opens (see openEscalation): the notification's own list of items.
    const query = new URLSearchParams({ notification: overdue! });
    await page.goto(`chrome-extension://${x.extensionId}/popup.html?${query}`);
    await expect
      .poll(() =>
        page
          .locator('[data-backlog-item]')
          .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.tweetId)),
      )
      .toEqual(['1910000000000000001', '1910000000000000002', '1910000000000000003']);
    await expect(page.locator('.focus').textContent()).resolves.toMatch(
      /overdue items only in DLH, Dishub/,
    );
    await page.locator('.focus-clear').click();
    // Back to the whole backlog: the later overdue item and the one due in two days too.
    await expect.poll(() => page.locator('[data-backlog-item]').count()).toBe(5);
    await page.close();
  });
});
