/**
 * The team's intake in real Chromium: two browser profiles signed in to one team. Officer A
 * (the admin, who set the watched account) scrolls past a citizen's mention on X; officer B, a
 * triage officer who never opened X, finds it in the popup's intake, as old as the citizen's post;
 * B dismisses it as not a complaint, and it waits no more in A's popup nor on A's page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaints, MAYOR } from '../../scripts/x-replica/complaints';
import { isIntakePost } from '../../utils/domain/intake';
import { host, postOf, startExtension, waitForAnnotations, type Harness } from './harness';
import { startTeamServer, TEAM_PASSWORD, type TeamServer } from '../team-server';

const NOW = Date.now();
const all = complaints(NOW).filter((s) => s.kind === 'normal');
const addressed = (s: (typeof all)[number]) => isIntakePost(postOf(s), [MAYOR.handle]);
// An hour-old mention: its age in B's list is the citizen's post's, not the time A saw it.
const mention = all.find((s) => addressed(s) && NOW - Date.parse(s.createdAt) > 60 * 60_000)!;
const ageMinutes = (NOW - Date.parse(mention.createdAt)) / 60_000;
// A's page holds the one mention among posts addressed to others.
const shownToA = [mention, ...all.filter((s) => !addressed(s)).slice(0, 3)];
/** Generous for a loaded machine, yet far below the one-minute sync alarm it must not wait for. */
const LIVE_MS = 15_000;

let server: TeamServer;
let admin: Harness;
let triage: Harness;

/** The worker's automation hook: the Team section's login, without its prompt. */
async function login(x: Harness, username: string) {
  const worker = await x.worker();
  await worker.evaluate(
    async ({ serverUrl, username, password }) => {
      const automation = (
        globalThis as unknown as {
          tanggapAutomation: { sync: { login(req: object): Promise<unknown> } };
        }
      ).tanggapAutomation;
      await automation.sync.login({ serverUrl, username, password });
    },
    { serverUrl: server.url, username, password: TEAM_PASSWORD },
  );
}

const intakeIds = (popup: Page) =>
  popup
    .locator('[data-intake-item]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-tweet-id')));

beforeAll(async () => {
  server = await startTeamServer();
  const allow = (url: URL) => url.hostname === '127.0.0.1';
  [admin, triage] = await Promise.all([
    startExtension({ theme: 'light', nowMs: NOW, posts: shownToA, allow }),
    // B's X shows nothing at all: whatever B's intake holds came through the team.
    startExtension({ theme: 'light', nowMs: NOW, posts: [], allow }),
  ]);
  await Promise.all([login(admin, 'rina'), login(triage, 'siti')]);
}, 180_000);

afterAll(async () => {
  expect(admin.pageErrors).toEqual([]);
  expect(triage.pageErrors).toEqual([]);
  await Promise.all([admin.close(), triage.close()]);
  await server.close();
});

describe('the team’s intake', { timeout: 60_000 }, () => {
  test('a mention A scrolled past waits in B’s popup; B dismisses it and A sees it go', async () => {
    expect(mention).toBeDefined();
    await admin.ask('saveSettings', { settings: { watchedHandles: [MAYOR.handle] } });

    const page = await admin.openX('/notifications/mentions');
    await waitForAnnotations(page);
    await expect.poll(() => host(page, mention.id).getAttribute('data-intake')).not.toBe('');
    const adminPopup = await admin.openPopup();
    await expect.poll(() => intakeIds(adminPopup)).toEqual([mention.id]);

    const popup = await triage.openPopup();
    const count = popup.locator('[data-intake-count]');
    await expect.poll(() => count.textContent(), { timeout: LIVE_MS }).toBe('1');
    expect(await intakeIds(popup)).toEqual([mention.id]);
    const oldest = Number(await count.getAttribute('data-oldest-minutes'));
    expect(Math.abs(oldest - ageMinutes)).toBeLessThanOrEqual(2);
    const item = popup.locator(`[data-intake-item][data-tweet-id="${mention.id}"]`);
    await expect(item.locator('.author').textContent()).resolves.toBe(`@${mention.handle}`);
    // "3 h 51 min ago": the hours of the citizen's post, not the minutes since A saw it.
    const hours = Math.floor(ageMinutes / 60);
    await expect(item.locator('.age').textContent()).resolves.toMatch(
      new RegExp(`\\b${hours} h( \\d+ min)? ago$`),
    );

    await item.locator('[data-action="dismiss"]').click();
    await expect.poll(() => count.textContent()).toBe('0');

    await expect.poll(() => intakeIds(adminPopup), { timeout: LIVE_MS }).toEqual([]);
    await expect(adminPopup.locator('[data-intake-count]').textContent()).resolves.toBe('0');
    await expect.poll(() => host(page, mention.id).getAttribute('data-intake')).toBe('');
    await Promise.all([popup.close(), adminPopup.close(), page.close()]);
  });
});
