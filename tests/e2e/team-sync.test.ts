/**
 * Team sync in real Chromium: two browser profiles with the extension, two officers, one
 * local sync server. An assignment made in one shows on the other's open page, live (not at
 * the next minute's sync); a profile that goes offline keeps working, comes back, and both
 * converge.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaints } from '../../scripts/x-replica/complaints';
import type { Assignment } from '../../utils/domain/types';
import {
  host,
  pickerButton,
  postOf,
  startExtension,
  waitForAnnotations,
  type Harness,
} from './harness';
import { startSwitchableProxy, type SwitchableProxy } from './switchable-proxy';
import { startTeamServer, TEAM_PASSWORD, type TeamServer } from '../team-server';

/** The worker's automation hook (README, stable hooks): the Team section's login, without its prompt. */
interface Automation {
  tanggapAutomation: {
    sync: {
      login(req: { serverUrl: string; username: string; password: string }): Promise<unknown>;
    };
  };
}

const NOW = Date.now();
const specs = complaints(NOW).filter((p) => p.kind !== 'promoted');
/** Generous for a loaded machine, yet far below the one-minute sync alarm it must not wait for. */
const LIVE_MS = 15_000;

/** The replica blocks every other request; the local sync server must get through. */
const toLocalServer = (url: URL) => url.hostname === '127.0.0.1';

let server: TeamServer;
let proxy: SwitchableProxy;
let triage: Harness;
let dlhOfficer: Harness;

async function login(x: Harness, serverUrl: string, username: string) {
  const worker: Worker = await x.worker();
  await worker.evaluate(
    async ({ serverUrl, username, password }) => {
      const { sync } = (globalThis as unknown as Automation).tanggapAutomation;
      await sync.login({ serverUrl, username, password });
    },
    { serverUrl, username, password: TEAM_PASSWORD },
  );
}

async function mentions(x: Harness): Promise<Page> {
  const page = await x.openX('/notifications/mentions');
  await waitForAnnotations(page);
  return page;
}

async function items(x: Harness, ids: string[]): Promise<Record<string, Assignment>> {
  return x.ask('getAssignments', { ids });
}

beforeAll(async () => {
  server = await startTeamServer();
  proxy = await startSwitchableProxy(new URL(server.url));
  [triage, dlhOfficer] = await Promise.all([
    startExtension({ nowMs: NOW, posts: complaints(NOW), allow: toLocalServer }),
    startExtension({ nowMs: NOW, posts: complaints(NOW), allow: toLocalServer }),
  ]);
  await login(triage, server.url, 'siti');
  // The department officer reaches the server through a network that can drop.
  await login(dlhOfficer, proxy.url, 'budi');
}, 180_000);

afterAll(async () => {
  expect(triage.pageErrors).toEqual([]);
  expect(dlhOfficer.pageErrors).toEqual([]);
  await Promise.all([triage.close(), dlhOfficer.close()]);
  await proxy.close();
  await server.close();
});

describe('two officers, one backlog', { timeout: 90_000 }, () => {
  // Live, not by the minute's sync alarm: the wait stays well under a minute. The time it took
  // is printed; the bench (`npm run bench:sync`) measures propagation against its target.
  test('an assignment made in one browser shows on the other’s open page, live', async () => {
    const [triagePage, officerPage] = await Promise.all([mentions(triage), mentions(dlhOfficer)]);
    const id = specs[0]!.id;
    await (await pickerButton(triagePage, id)).click();
    await triagePage.locator('tanggap-picker [data-department-id="dlh"]').click();
    await expect.poll(() => host(triagePage, id).getAttribute('data-department')).toBe('dlh');
    const assignedAt = Date.now();

    await officerPage.waitForFunction(
      (id) =>
        document
          .querySelector(`tanggap-annotation[data-tweet-id="${id}"]`)
          ?.getAttribute('data-department') === 'dlh',
      id,
      { timeout: LIVE_MS, polling: 50 },
    );
    console.log(`team sync: seen in the other browser after ${Date.now() - assignedAt} ms`);
    await expect(host(officerPage, id).getAttribute('data-status')).resolves.toBe('open');
    await Promise.all([triagePage.close(), officerPage.close()]);
  });

  test('an officer offline keeps working; back online, both browsers converge', async () => {
    const officerPage = await mentions(dlhOfficer);
    const [first, second] = [specs[1]!, specs[2]!];
    await triage.ask('assignPost', { post: postOf(first), departmentId: 'dlh' });
    await expect
      .poll(async () => (await items(dlhOfficer, [first.id]))[first.id]?.departmentId, {
        timeout: LIVE_MS,
      })
      .toBe('dlh');

    proxy.setMode('offline');
    // Offline: the officer's changes apply at once in their browser and wait in the outbox.
    await dlhOfficer.ask('addNote', { tweetId: first.id, text: 'Petugas sudah ke lokasi' });
    const responded = await dlhOfficer.ask('setStatus', { tweetId: first.id, status: 'responded' });
    expect(responded.status).toBe('responded');
    await expect(host(officerPage, first.id).getAttribute('data-status')).resolves.toBe(
      'responded',
    );
    // Meanwhile the triage officer goes on working.
    await triage.ask('addNote', { tweetId: first.id, text: 'Warga menelepon lagi' });
    await triage.ask('assignPost', { post: postOf(second), departmentId: 'dishub' });
    const waiting = await dlhOfficer.ask('syncStatus', {});
    expect(waiting.waiting).toBe(2);

    proxy.setMode('online');
    await dlhOfficer.ask('syncNow', {});
    const ids = [first.id, second.id];
    const converged = async () => {
      const [seenByTriage, seenByOfficer] = await Promise.all([
        items(triage, ids),
        items(dlhOfficer, ids),
      ]);
      return (
        seenByTriage[first.id]?.notes.length === 2 &&
        seenByTriage[second.id] !== undefined &&
        isDeepStrictEqual(seenByTriage, seenByOfficer)
      );
    };
    await expect.poll(converged, { timeout: LIVE_MS }).toBe(true);

    const merged = (await items(triage, ids))[first.id]!;
    expect(merged.status).toBe('responded');
    expect(merged.notes.sort()).toEqual(['Petugas sudah ke lokasi', 'Warga menelepon lagi']);
    expect(merged.history.filter((e) => e.action === 'respond').map((e) => e.by)).toEqual(['budi']);
    expect((await dlhOfficer.ask('syncStatus', {})).waiting).toBe(0);
    await officerPage.close();
  });

  test('the worker stopped in the middle of a push: nothing lost, nothing applied twice', async () => {
    const spec = specs[3]!;
    await triage.ask('assignPost', { post: postOf(spec), departmentId: 'dlh' });
    // The triage officer's push runs on its own: on a busy machine it may not have reached the
    // server when the other officer first pulls.
    await expect
      .poll(async () => {
        await dlhOfficer.ask('syncNow', {});
        return (await items(dlhOfficer, [spec.id]))[spec.id]?.departmentId;
      })
      .toBe('dlh');

    // The push reaches the server, which commits it; its answer never comes back.
    proxy.setMode('lose-answers');
    await dlhOfficer.ask('addNote', { tweetId: spec.id, text: 'Sampah sudah diangkut' });
    await expect
      .poll(async () => {
        await triage.ask('syncNow', {});
        return (await items(triage, [spec.id]))[spec.id]?.notes;
      })
      .toEqual(['Sampah sudah diangkut']);
    await dlhOfficer.stopWorker();
    proxy.setMode('online');

    // Any message wakes the worker, which pushes its outbox again at once (nobody asks it to
    // sync); the server skips what it applied.
    await expect
      .poll(async () => (await dlhOfficer.ask('syncStatus', {})).waiting, { timeout: 15_000 })
      .toBe(0);
    await triage.ask('syncNow', {});
    const [seenByTriage, seenByOfficer] = await Promise.all([
      items(triage, [spec.id]),
      items(dlhOfficer, [spec.id]),
    ]);
    expect(seenByTriage[spec.id]!.history.filter((e) => e.action === 'note')).toHaveLength(1);
    expect(seenByOfficer).toEqual(seenByTriage);
  });
});
