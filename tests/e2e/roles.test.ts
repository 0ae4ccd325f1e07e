/**
 * Roles in real Chromium, against the real sync server: a department officer of DLH, signed
 * in, is offered only what the team's rules let them do. No assigning on X, their own
 * department's item marked responded from its post, and the directory read-only.
 */
import type { Worker } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { snowflake } from '../../scripts/x-replica/complaints';
import type { PostSpec } from '../../scripts/x-replica/post-template';
import { host, postOf, startExtension, waitForAnnotations, type Harness } from './harness';
import { startTeamServer, TEAM_PASSWORD, type TeamServer } from '../team-server';

interface Automation {
  tanggapAutomation: {
    sync: {
      login(req: { serverUrl: string; username: string; password: string }): Promise<unknown>;
    };
  };
}

const NOW = Date.now();
const H = 3_600_000;

function spec(n: number, text: string): PostSpec {
  return {
    id: snowflake(NOW - n * H, n),
    handle: `warga_${n}`,
    name: `Warga ${n}`,
    text,
    createdAt: new Date(NOW - n * H).toISOString(),
    kind: 'normal',
  };
}

const fresh = spec(1, 'Sampah numpuk di depan pasar, bau sekali');
const rubbish = spec(2, 'Tumpukan sampah di Jl. Kenanga belum diangkut');
const lamp = spec(3, 'Lampu jalan di Jl. Mawar mati sudah tiga malam');

let server: TeamServer;
let x: Harness;

async function login(username: string) {
  const worker: Worker = await x.worker();
  await worker.evaluate(
    async ({ serverUrl, username, password }) => {
      const { sync } = (globalThis as unknown as Automation).tanggapAutomation;
      await sync.login({ serverUrl, username, password });
    },
    { serverUrl: server.url, username, password: TEAM_PASSWORD },
  );
}

beforeAll(async () => {
  server = await startTeamServer();
  x = await startExtension({
    nowMs: NOW,
    posts: [fresh, rubbish, lamp],
    allow: (url) => url.hostname === '127.0.0.1',
  });
  // Siti (triage) assigns two posts and sends them to the team; then Budi (DLH) signs in here.
  await login('siti');
  await x.ask('assignPost', { post: postOf(rubbish), departmentId: 'dlh' });
  await x.ask('assignPost', { post: postOf(lamp), departmentId: 'dishub' });
  expect(await x.ask('syncNow', {})).toMatchObject({ waiting: 0 });
  await x.ask('teamLogout', {});
  await login('budi');
  expect(await x.ask('getActor', {})).toMatchObject({ role: 'department', departmentId: 'dlh' });
}, 120_000);

afterAll(async () => {
  expect(x?.pageErrors ?? []).toEqual([]);
  await x?.close();
  await server?.close();
});

test('on X, a DLH officer cannot assign, and marks a DLH item responded from its post', async () => {
  const page = await x.openX('/notifications/mentions');
  await waitForAnnotations(page);

  // The unassigned post (one the rules suggest DLH for): a label, no chip, no "▾".
  const unassigned = host(page, fresh.id);
  await expect(unassigned.getAttribute('data-status')).resolves.toBe('unassigned');
  await expect(unassigned.locator('button').count()).resolves.toBe(0);
  await expect(unassigned.locator('[data-chip="label"]').textContent()).resolves.toContain(
    'Unassigned',
  );

  // Dishub's item: its department named in a label, and no actions.
  const elsewhere = host(page, lamp.id);
  await expect(elsewhere.locator('button').count()).resolves.toBe(0);
  await expect(elsewhere.locator('[data-chip="label"] .sr-only').textContent()).resolves.toMatch(
    /^Assigned to /,
  );

  // DLH's own item: no reassigning, but its actions, and "Mark responded" works.
  const own = host(page, rubbish.id);
  await expect(own.locator('button[data-action="assign"]').count()).resolves.toBe(0);
  await own.locator('button[data-action="actions"]').click();
  const menu = page.locator('tanggap-actions');
  await menu.locator('[data-action="responded"]').click();
  await expect.poll(() => own.getAttribute('data-status')).toBe('responded');
  const stored = await x.ask('getAssignments', { ids: [rubbish.id] });
  expect(stored[rubbish.id]).toMatchObject({ status: 'responded', respondedBy: 'budi' });
  await page.close();
});

test('the directory is read-only, and says why', async () => {
  const options = await x.openOptions();
  const dlh = options.locator('[data-department-id="dlh"]');
  await expect(dlh.locator('[name="name"]').inputValue()).resolves.toBe('Dinas Lingkungan Hidup');
  await expect(dlh.locator('[name="name"]').isDisabled()).resolves.toBe(true);
  await expect(dlh.locator('button').count()).resolves.toBe(0);
  await expect(options.locator('[data-directory-read-only]').textContent()).resolves.toMatch(
    /admin/,
  );
  await expect(options.locator('[name="directoryImport"]').count()).resolves.toBe(0);
  await options.close();
});
