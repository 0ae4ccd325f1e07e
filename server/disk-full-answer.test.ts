import { describe, expect, test } from 'vitest';
import { STORAGE_FULL_RETRY_SECONDS } from './errors';
import type { Store } from './store';
import { eachStatement } from './test/counting-store';
import { assignArgs, BACKENDS, newWorld, useBackend } from './test/helpers';

/**
 * The store, except that once the disk is full every statement that writes fails as a database
 * on a full disk does. A login writes too (its attempt, its token): the officer logs in before.
 */
function onFullDisk(store: Store) {
  const disk = { full: false };
  const error = () =>
    Object.assign(new Error('could not extend file "base/5/16402": No space left on device'), {
      code: '53100',
    });
  const wrapped = eachStatement(store, (sql, params, send) =>
    disk.full && !/^\s*SELECT\b/i.test(sql) ? Promise.reject(error()) : send(sql, params),
  );
  return { store: wrapped, disk };
}

describe.each(BACKENDS)('%s', (name) => {
  const backend = useBackend(name);

  test("the database's own disk-full error is answered 503 storage-full, to be tried again", async () => {
    const store = await backend.newStore();
    const { store: failing, disk } = onFullDisk(store);
    const world = await newWorld(backend, { store: failing }, store);
    const admin = await world.officer('admin');
    disk.full = true;
    const res = await admin.call('POST', '/v1/push', {
      clientId: admin.clientId,
      mutations: [admin.mutation('assignPost', assignArgs('dlh'))],
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe(String(STORAGE_FULL_RETRY_SECONDS));
    expect(res.body).toMatchObject({ error: { code: 'storage-full' } });
    expect((await admin.pull()).assignments).toEqual([]);
  });
});
