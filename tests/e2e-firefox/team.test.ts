/**
 * Team sync with Firefox: the officer logs in on the options page's Team section (the click
 * asks Firefox for the server's origin, which the manifest must offer), and assignments made
 * in Firefox and in a second officer's Chromium reach each other through a local sync server.
 */
import type { Page as ChromiumPage, Worker } from 'playwright-core';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaints } from '../../scripts/x-replica/complaints';
import { permissionPattern } from '../../utils/domain/server-origins';
import {
  host,
  startExtension,
  waitForAnnotations as waitForChromiumAnnotations,
  type Harness,
} from '../e2e/harness';
import {
  hostAttribute,
  inShadow,
  pickerButton,
  startFirefox,
  waitForAnnotations,
  waitForHost,
  type FirefoxHarness,
} from './harness';
import { startTeamServer, TEAM_PASSWORD, type TeamServer } from '../team-server';

/** The Chromium worker's automation hook (README, stable hooks): login without the prompt. */
interface Automation {
  tanggapAutomation: {
    sync: {
      login(req: { serverUrl: string; username: string; password: string }): Promise<unknown>;
    };
  };
}

const NOW = Date.now();
const specs = complaints(NOW).filter((p) => p.kind !== 'promoted');
const toLocalServer = (url: URL) => url.hostname === '127.0.0.1';

let server: TeamServer;
let ff: FirefoxHarness;
let chromium: Harness;

beforeAll(async () => {
  server = await startTeamServer();
  [ff, chromium] = await Promise.all([
    startFirefox({ nowMs: NOW, posts: complaints(NOW), allow: toLocalServer }),
    startExtension({ nowMs: NOW, posts: complaints(NOW), allow: toLocalServer }),
  ]);
}, 180_000);

afterAll(async () => {
  const errors = [...(ff?.pageErrors ?? []), ...(chromium?.pageErrors ?? [])];
  await Promise.all([ff?.close(), chromium?.close()]);
  await server?.close();
  expect(errors).toEqual([]);
});

async function firefoxMentions(): Promise<Page> {
  const page = await ff.openX('/notifications/mentions');
  await waitForAnnotations(page);
  return page;
}

async function chromiumMentions(): Promise<ChromiumPage> {
  const page = await chromium.openX('/notifications/mentions');
  await waitForChromiumAnnotations(page);
  return page;
}

describe('Firefox in a team', { timeout: 90_000 }, () => {
  test('the Team section logs in: Firefox grants the server’s origin at the click', async () => {
    const origin = permissionPattern(server.url);
    expect(await ff.hasOrigins([origin])).toBe(false);

    const options = await ff.openExtensionPage('options.html');
    await options.waitForSelector('section[data-section="team"] input[name="serverUrl"]');
    await options.type('input[name="serverUrl"]', server.url);
    await options.type('input[name="username"]', 'siti');
    await options.type('input[name="password"]', TEAM_PASSWORD);
    // A real click (WebDriver BiDi input): Firefox takes permissions.request only from a
    // user's gesture, and refuses origins the manifest does not offer.
    await options.click('section[data-section="team"] button[type="submit"]');

    // The section's outcome: logged in, or what went wrong (a refused permission says so).
    const outcome = await options.waitForFunction(
      () => {
        const section = document.querySelector('section[data-section="team"]');
        const alert = section?.querySelector('[role="alert"]')?.textContent;
        if (alert) return `error: ${alert}`;
        const user = section?.querySelector('[data-status="user"]')?.textContent;
        return user ? `user: ${user}` : false;
      },
      { polling: 100 },
    );
    expect(await outcome.jsonValue()).toBe('user: siti (triage officer)');
    expect(await ff.hasOrigins([origin])).toBe(true);
    const status = await ff.ask('syncStatus', {});
    expect(status).toMatchObject({ loggedIn: true, username: 'siti', serverUrl: server.url });
    await options.close();

    // The second officer, in Chromium (which cannot answer its own prompt: the worker's hook).
    const worker: Worker = await chromium.worker();
    await worker.evaluate(
      async ({ serverUrl, password }) => {
        const { sync } = (globalThis as unknown as Automation).tanggapAutomation;
        await sync.login({ serverUrl, username: 'budi', password });
      },
      { serverUrl: server.url, password: TEAM_PASSWORD },
    );
  });

  test('an assignment made in Firefox reaches the Chromium officer’s page', async () => {
    const [page, other] = await Promise.all([firefoxMentions(), chromiumMentions()]);
    const id = specs[5]!.id;
    await (await pickerButton(page, id)).click();
    await (await inShadow(page, 'tanggap-picker', '[data-department-id="dlh"]')).click();
    await waitForHost(page, id, 'data-department', 'dlh');

    await other.waitForFunction(
      (id) =>
        document
          .querySelector(`tanggap-annotation[data-tweet-id="${id}"]`)
          ?.getAttribute('data-department') === 'dlh',
      id,
      { timeout: 30_000 },
    );
    const seen = (await chromium.ask('getAssignments', { ids: [id] }))[id]!;
    expect(seen.history.map((e) => [e.action, e.by])).toEqual([['assign', 'siti']]);
    await Promise.all([page.close(), other.close()]);
  });

  test('a change made in Chromium shows on the Firefox page', async () => {
    const [page, other] = await Promise.all([firefoxMentions(), chromiumMentions()]);
    const id = specs[5]!.id;
    expect(await hostAttribute(page, id, 'data-status')).toBe('open');

    // The DLH officer marks the post responded.
    await other.bringToFront();
    await other
      .locator(`article:has(tanggap-annotation[data-tweet-id="${id}"]) [data-testid="tweetText"]`)
      .click({ button: 'right' });
    await chromium.menuClick('tanggap-responded');
    await expect.poll(() => host(other, id).getAttribute('data-status')).toBe('responded');

    await waitForHost(page, id, 'data-status', 'responded', 30_000);
    const seen = (await ff.ask('getAssignments', { ids: [id] }))[id]!;
    expect(seen.history.map((e) => [e.action, e.by])).toEqual([
      ['assign', 'siti'],
      ['respond', 'budi'],
    ]);
    await Promise.all([page.close(), other.close()]);
  });
});
