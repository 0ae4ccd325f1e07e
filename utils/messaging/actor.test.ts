import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { Actor } from '../domain/actor';
import type { SyncStatus } from '../domain/sync-state';
import { createActor, createSyncStatus } from '../../tests/factories';

const bus = vi.hoisted(() => ({
  answer: undefined as undefined | { resolve: (a: unknown) => void; reject: (e: unknown) => void },
  listener: undefined as undefined | ((data: { status: SyncStatus }) => void),
}));
vi.mock('./transport', () => ({
  sendToBackground: () =>
    new Promise((resolve, reject) => {
      bus.answer = { resolve, reject };
    }),
  onBroadcast: (_: string, callback: (data: { status: SyncStatus }) => void) => {
    bus.listener = callback;
    return () => (bus.listener = undefined);
  },
}));
const { watchActor } = await import('./actor');

const dlh = createActor({ username: 'dewi', role: 'department', departmentId: 'dlh' });
const statusOf = (actor: Actor | null) =>
  createSyncStatus({
    loggedIn: actor !== null,
    username: actor?.username ?? 'dewi',
    role: actor?.role ?? '',
    departmentId: actor?.departmentId ?? '',
  });
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

let seen: (Actor | null)[];
beforeEach(() => {
  seen = [];
});

describe('watchActor', () => {
  test('tells the actor once known, then each change, not each status', async () => {
    const stop = watchActor((a) => seen.push(a));
    expect(seen).toEqual([]);
    bus.answer!.resolve(null);
    await flush();
    bus.listener!({ status: statusOf(null) });
    bus.listener!({ status: statusOf(dlh) });
    bus.listener!({ status: statusOf(dlh) });
    bus.listener!({ status: statusOf(null) });
    expect(seen).toEqual([null, dlh, null]);
    stop();
    expect(bus.listener).toBeUndefined();
  });

  test('a status heard before the answer is newer than the answer', async () => {
    watchActor((a) => seen.push(a));
    bus.listener!({ status: statusOf(dlh) });
    bus.answer!.resolve(null);
    await flush();
    expect(seen).toEqual([dlh]);
  });

  test('a page that cannot ask offers everything, and says why', async () => {
    const onError = vi.fn();
    watchActor((a) => seen.push(a), onError);
    bus.answer!.reject(new Error('no background'));
    await flush();
    expect(seen).toEqual([null]);
    expect(onError).toHaveBeenCalledOnce();
  });
});
