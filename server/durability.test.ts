import fs, { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { openStore } from './store';
import { assignArgs, Client, newWorld, useBackend } from './test/helpers';
import { ADMIN, startServerProcess } from './test/server-process';

const PUSHES = 10;

const folders: string[] = [];
function newFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tanggap-durable-'));
  folders.push(dir);
  return dir;
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The file an open descriptor names (Linux), or the descriptor itself elsewhere. */
function fileOf(fd: number): string {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return `fd ${fd}`;
  }
}

async function pulledIds(client: Client): Promise<string[]> {
  return (await client.pullEverything()).map((a) => a.tweetId).sort();
}

describe('PGlite in a folder', () => {
  const backend = useBackend('PGlite');

  test('every acknowledged push is fsynced: its WAL is on disk before the answer', async () => {
    const store = await openStore({ dataDir: join(newFolder(), 'db') });
    backend.defer(() => store.close());
    const world = await newWorld(backend, {}, store);
    const admin = await world.officer('admin');
    const synced: string[] = [];
    const fsync = fs.fsyncSync;
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
      synced.push(fileOf(fd));
      fsync(fd);
    });
    for (let i = 0; i < PUSHES; i += 1) {
      synced.length = 0;
      expect((await admin.push([admin.mutation('assignPost', assignArgs('dlh'))])).refused).toEqual(
        [],
      );
      expect(synced.length).toBeGreaterThanOrEqual(1);
      if (process.platform === 'linux') expect(synced.some((f) => /\/pg_wal\//.test(f))).toBe(true);
    }
  }, 60_000);

  test('pushes acknowledged just before a kill -9 are there when the server starts again', async () => {
    const data = join(newFolder(), 'db');
    let server = await startServerProcess(data);
    try {
      const password = server.password;
      const admin = await new Client(server.url, ADMIN).login(password);
      const acknowledged: string[] = [];
      for (let i = 0; i < PUSHES; i += 1) {
        const mutation = admin.mutation('assignPost', assignArgs('dlh'));
        expect((await admin.push([mutation])).refused).toEqual([]);
        acknowledged.push((mutation.args as { post: { id: string } }).post.id);
      }
      server.child.kill('SIGKILL');
      expect(await server.exited).toBe('SIGKILL');

      server = await startServerProcess(data);
      const again = await new Client(server.url, ADMIN).login(password);
      expect(await pulledIds(again)).toEqual(acknowledged.sort());
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 120_000);
});
