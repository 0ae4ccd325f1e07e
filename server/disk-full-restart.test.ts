import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { PushedMutation } from '../utils/domain/sync-protocol';
import { STORAGE_FULL_RETRY_SECONDS } from './errors';
import { openStore } from './store';
import { type Answer, assignArgs, Client, newWorld, useBackend } from './test/helpers';
import { fullDisk } from './test/full-disk';

const disk = fullDisk();
afterAll(() => disk.remove());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectStorageFull(res: Answer<unknown>) {
  expect(res.status).toBe(503);
  expect(res.headers.get('Retry-After')).toBe(String(STORAGE_FULL_RETRY_SECONDS));
  expect(res.body).toMatchObject({ error: { code: 'storage-full' } });
}

function push(client: Client, mutations: PushedMutation[]) {
  return client.call('POST', '/v1/push', { clientId: client.clientId, mutations });
}

describe(`PGlite stopped by a full disk (${disk.kind})`, () => {
  const backend = useBackend('PGlite');

  test('PostgreSQL stopped by the full disk in mid-write: answers at once, starts again once there is room', async () => {
    const store = await openStore({ dataDir: join(disk.dir, 'stopped') });
    backend.defer(() => store.close());
    const world = await newWorld(backend, {}, store);
    const admin = await world.officer('admin');
    expect((await admin.push([admin.mutation('assignPost', assignArgs('dlh'))])).refused).toEqual(
      [],
    );

    // The next WAL record needs a new WAL file, which the full disk has no room for. A lone
    // SELECT is not checked for room (it writes nothing), but one that locks rows does write
    // WAL: as when the disk fills between the check and the write, PostgreSQL gives up (PANIC).
    await store.query('SELECT pg_switch_wal()');
    disk.fill();
    await expect(store.query('SELECT id FROM teams FOR UPDATE')).rejects.toMatchObject({
      code: 'storage-full',
    });
    const waiting = [admin.mutation('assignPost', assignArgs('dlh'))];
    expectStorageFull(await push(admin, waiting));
    expectStorageFull(await admin.call('GET', '/healthz'));

    disk.free();
    const deadline = Date.now() + 60_000;
    // Tried again as the browser does: a connection cut while PGlite starts is a failure too.
    const tryPush = () =>
      push(admin, waiting).then(
        (res) => res.status,
        () => 0,
      );
    let status = await tryPush();
    while (status !== 200 && Date.now() < deadline) {
      await pause(200);
      status = await tryPush();
    }
    expect(status).toBe(200);
    admin.cursor = 0;
    expect((await admin.pull()).assignments).toHaveLength(2);
    expect((await admin.call('GET', '/healthz')).status).toBe(200);
  }, 120_000);
});
