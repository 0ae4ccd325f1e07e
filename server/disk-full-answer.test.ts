import { describe, expect, test } from 'vitest';
import { STORAGE_FULL_RETRY_SECONDS } from './errors';
import type { Store } from './store';
import { assignArgs, BACKENDS, newWorld, useBackend } from './test/helpers';

/** The store, except that every write transaction fails as a database on a full disk does. */
function onFullDisk(store: Store): Store {
  const full = () =>
    Object.assign(new Error('could not extend file "base/5/16402": No space left on device'), {
      code: '53100',
    });
  return {
    ...store,
    transaction: (fn, opts = {}) =>
      opts.readOnly ? store.transaction(fn, opts) : Promise.reject(full()),
  };
}

describe.each(BACKENDS)('%s', (name) => {
  const backend = useBackend(name);

  test("the database's own disk-full error is answered 503 storage-full, to be tried again", async () => {
    const store = await backend.newStore();
    const world = await newWorld(backend, { store: onFullDisk(store) }, store);
    const admin = await world.officer('admin');
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
