import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { PushedMutation } from '../utils/domain/sync-protocol';
import { STORAGE_FULL_RETRY_SECONDS } from './errors';
import { type Answer, assignArgs, Client } from './test/helpers';
import { fullDisk } from './test/full-disk';
import { ADMIN, startServerProcess } from './test/server-process';

const disk = fullDisk();
afterAll(() => disk.remove());

function expectStorageFull(res: Answer<unknown>) {
  expect(res.status).toBe(503);
  expect(res.headers.get('Retry-After')).toBe(String(STORAGE_FULL_RETRY_SECONDS));
  expect(res.body).toMatchObject({
    error: { code: 'storage-full', message: expect.stringMatching(/disk is full/) },
  });
}

function push(client: Client, mutations: PushedMutation[]) {
  return client.call('POST', '/v1/push', { clientId: client.clientId, mutations });
}

async function pulledIds(client: Client): Promise<string[]> {
  return (await client.pullEverything()).map((a) => a.tweetId).sort();
}

describe(`PGlite on a full disk (${disk.kind})`, () => {
  test('writes are refused as storage-full, /healthz says so, writes resume once space is freed, SIGTERM stops it', async () => {
    const data = join(disk.dir, 'served');
    let server = await startServerProcess(data, { nodeArgs: disk.childArgs, env: disk.childEnv });
    try {
      const password = server.password;
      const admin = await new Client(server.url, ADMIN).login(password);
      const first = admin.mutation('assignPost', assignArgs('dlh'));
      expect((await admin.push([first])).refused).toEqual([]);

      disk.fill();
      const waiting = [admin.mutation('assignPost', assignArgs('dlh'))];
      expectStorageFull(await push(admin, waiting));
      expectStorageFull(await admin.call('GET', '/healthz'));
      // Reading needs no room: the team still sees its backlog.
      expect(await pulledIds(admin)).toEqual([(first.args as { post: { id: string } }).post.id]);

      disk.free();
      // The refused push, sent again as the browser's outbox does, is applied.
      expect((await push(admin, waiting)).status).toBe(200);
      expect((await admin.call('GET', '/healthz')).status).toBe(200);

      disk.fill();
      const asked = Date.now();
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(Date.now() - asked).toBeLessThan(5_000);
      disk.free();

      // Nothing acknowledged was lost.
      server = await startServerProcess(data, { nodeArgs: disk.childArgs, env: disk.childEnv });
      const again = await new Client(server.url, ADMIN).login(password);
      expect(await pulledIds(again)).toEqual(
        [first, ...waiting].map((m) => (m.args as { post: { id: string } }).post.id).sort(),
      );
    } finally {
      disk.free();
      server.child.kill('SIGKILL');
    }
  }, 120_000);
});
