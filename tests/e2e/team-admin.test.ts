/**
 * The admins' panel of the options page's Team section in real Chromium, against the real
 * sync server running: what an admin does there (create an account, a new password, disable)
 * takes effect on the server at once, while it runs.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { API_PREFIX } from '../../utils/domain/sync-protocol';
import { startExtension, type Harness } from './harness';
import { startTeamServer, TEAM_PASSWORD, type TeamServer } from '../team-server';

interface Automation {
  tanggapAutomation: {
    sync: {
      login(req: { serverUrl: string; username: string; password: string }): Promise<unknown>;
    };
  };
}

let server: TeamServer;
let x: Harness;
let options: Page;

/** A login to the server from outside the browser: its HTTP status. */
async function loginStatus(username: string, password: string): Promise<number> {
  const answer = await fetch(`${server.url}${API_PREFIX}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  await answer.body?.cancel();
  return answer.status;
}

const row = (username: string) => options.locator(`[data-account="${username}"]`);
const status = () => options.locator('[data-section="team-accounts"] [role="status"]');

/** A row's action, answered "Yes" when the panel asks first. */
async function act(username: string, action: string) {
  await row(username).locator(`button[data-action="${action}"]`).click();
  const yes = row(username).locator('[data-confirm] button[data-action="confirm"]');
  // The question takes the focus, so a keyboard user answers it at once.
  expect(await yes.evaluate((b) => b === document.activeElement)).toBe(true);
  await yes.click();
}

beforeAll(async () => {
  server = await startTeamServer();
  x = await startExtension({ allow: (url) => url.hostname === '127.0.0.1' });
  const worker = await x.worker();
  await worker.evaluate(
    async ({ serverUrl, password }) => {
      const { sync } = (globalThis as unknown as Automation).tanggapAutomation;
      await sync.login({ serverUrl, username: 'rina', password });
    },
    { serverUrl: server.url, password: TEAM_PASSWORD },
  );
  options = await x.openOptions();
  await row('budi').waitFor();
}, 120_000);

afterAll(async () => {
  expect(x?.pageErrors ?? []).toEqual([]);
  await x?.close();
  await server?.close();
});

test('the admin sees the team’s accounts, with their roles', async () => {
  const names = await options
    .locator('[data-section="team-accounts"] [data-account]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-account')));
  expect(names.sort()).toEqual(['budi', 'rina', 'siti']);
});

test('a new account is created on the running server and can log in with the password shown once', async () => {
  await options.locator('#team-new-name').fill('dewi');
  await options.locator('#team-new-role').selectOption('department:pdam');
  await options.getByRole('button', { name: /create the account|buat akun/i }).click();
  const password = await options.locator('[data-password]').textContent();
  expect(password).toMatch(/^\S{12,}$/);
  expect(await loginStatus('dewi', password!)).toBe(200);
  await row('dewi').waitFor();
});

test('a new password replaces the old one at once', async () => {
  expect(await loginStatus('siti', TEAM_PASSWORD)).toBe(200);
  await act('siti', 'password');
  const password = await options.locator('[data-password]').textContent();
  expect(await loginStatus('siti', TEAM_PASSWORD)).toBe(401);
  expect(await loginStatus('siti', password!)).toBe(200);
});

test('a disabled account can no longer log in, and is shown as disabled', async () => {
  await act('budi', 'disable');
  await row('budi').locator('button[data-action="enable"]').waitFor();
  expect(await status().textContent()).toMatch(/budi/);
  expect(await loginStatus('budi', TEAM_PASSWORD)).toBe(401);
});

test('"Cancel" leaves the account as it was', async () => {
  await row('rina').locator('button[data-action="revoke-tokens"]').click();
  await row('rina').locator('[data-confirm] button[data-action="cancel"]').click();
  await expect.poll(() => row('rina').locator('[data-confirm]').count()).toBe(0);
  expect(await loginStatus('rina', TEAM_PASSWORD)).toBe(200);
});
