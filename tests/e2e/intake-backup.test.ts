/**
 * Intake beyond the page, in real Chromium: the mentions received on X's page turn the toolbar
 * badge red once urgent, and a backup downloaded from the options page brings them back on
 * another browser — when each was first seen, which was dismissed and by whom, which still waits.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaints, MAYOR } from '../../scripts/x-replica/complaints';
import { isIntakePost } from '../../utils/domain/intake';
import type { Mention } from '../../utils/domain/mentions';
import { OFFICER_NAME, postOf, startExtension, waitForAnnotations, type Harness } from './harness';

/** The worker's own APIs, inside `evaluate`. */
declare const chrome: {
  action: {
    getBadgeText(details: object): Promise<string>;
    getTitle(details: object): Promise<string>;
  };
};

const NOW = Date.now();
// Fewer than the replica's pool of cells: every one is on the first screen.
const shown = complaints(NOW).slice(0, 12);
const addressed = shown.filter((s) =>
  isIntakePost({ ...postOf(s), promoted: s.kind === 'promoted' }, [MAYOR.handle]),
);
const ageMinutes = (createdAt: string) => (NOW - Date.parse(createdAt)) / 60_000;

let x: Harness;
let y: Harness | undefined;

beforeAll(async () => {
  x = await startExtension({ nowMs: NOW, posts: shown });
});
afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  expect(y?.pageErrors ?? []).toEqual([]);
  await Promise.all([x.close(), y?.close()]);
});

describe('intake on the toolbar and in the backup', { timeout: 120_000 }, () => {
  test('urgent mentions on the badge; a backup restores them on another browser', async () => {
    expect(addressed.length).toBeGreaterThanOrEqual(2);
    // A threshold the oldest mention has passed and the others not yet.
    const ages = addressed.map((s) => ageMinutes(s.createdAt)).sort((a, b) => a - b);
    const threshold = Math.floor(ages.at(-1)!);
    const urgent = ages.filter((age) => age >= threshold).length;
    expect(urgent).toBeGreaterThan(0);
    expect(urgent).toBeLessThan(addressed.length);
    await x.ask('saveSettings', {
      settings: { watchedHandles: [MAYOR.handle], intakeUrgentAfterMinutes: threshold },
    });

    const page = await x.openX('/notifications/mentions');
    await waitForAnnotations(page);
    await expect
      .poll(async () => (await x.ask('getIntake', { limit: 100 })).untriaged)
      .toBe(addressed.length);

    const badge = async () => {
      const worker = await x.worker();
      return worker.evaluate(async () => [
        await chrome.action.getBadgeText({}),
        await chrome.action.getTitle({}),
      ]);
    };
    // The badge is set once the mentions' write has committed, a moment after it.
    await expect.poll(async () => (await badge())[0]).toBe(String(urgent));
    const [, title] = await badge();
    expect(title).toMatch(
      new RegExp(`^Tanggap: ${urgent} urgent mentions? \\(unassigned .+ or more\\)$`),
    );

    // One dismissed as not a complaint: it is urgent no more.
    const oldest = addressed.reduce((a, b) => (a.createdAt < b.createdAt ? a : b));
    await x.ask('dismissMention', { tweetId: oldest.id });
    await expect.poll(async () => (await badge())[0]).toBe(urgent > 1 ? String(urgent - 1) : '');

    const options = await x.openOptions();
    const [download] = await Promise.all([
      options.waitForEvent('download'),
      options.locator('[data-action="download-backup"]').click(),
    ]);
    const file = await readFile((await download.path())!, 'utf8');
    const mentions = (JSON.parse(file) as { mentions: Mention[] }).mentions;
    expect(mentions.map((m) => m.tweetId).sort()).toEqual(addressed.map((s) => s.id).sort());

    // Another browser, that never saw X's page: the file alone brings the mentions back.
    y = await startExtension({ nowMs: NOW, posts: [] });
    const restoring = await y.openOptions();
    await restoring.locator('input[name="backupFile"]').setInputFiles({
      name: 'tanggap-backup.json',
      mimeType: 'application/json',
      buffer: Buffer.from(file),
    });
    await expect
      .poll(() => restoring.locator('.restore-confirm').textContent())
      .toContain(`It also holds ${addressed.length} received mentions`);
    await restoring.locator('[data-action="restore-confirm"]').click();
    await restoring
      .locator('.backup-panel [role="status"]', {
        hasText: `${addressed.length} received mentions.`,
      })
      .waitFor();

    const intake = await y.ask('getIntake', { limit: 100 });
    expect(intake.untriaged).toBe(addressed.length - 1);
    expect(await y.ask('listDismissedMentions', {})).toEqual([oldest.id]);
    const restored = new Map(intake.mentions.map((m) => [m.tweetId, m]));
    for (const m of mentions.filter((m) => m.tweetId !== oldest.id)) {
      expect(restored.get(m.tweetId)?.firstSeenAt).toBe(m.firstSeenAt);
    }
    const dismissed = mentions.find((m) => m.tweetId === oldest.id)!;
    expect(dismissed.dismissedBy).toBe(OFFICER_NAME);
  });
});
