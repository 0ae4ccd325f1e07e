import { afterEach, expect, test, vi } from 'vitest';
import { notifyAfterCommit } from './after-commit';

afterEach(() => vi.restoreAllMocks());

test('passes the committed value on, and waits for the broadcast', async () => {
  const seen: number[] = [];
  await notifyAfterCommit(async (n: number) => {
    await Promise.resolve();
    seen.push(n);
  }, 3);
  expect(seen).toEqual([3]);
});

test('a failed broadcast is logged, never thrown: the write stands', async () => {
  const log = vi.spyOn(console, 'error').mockImplementation(() => {});
  const failure = new Error('no receiving end');
  const broadcast = (_what: string): Promise<void> => Promise.reject(failure);
  await expect(notifyAfterCommit(broadcast, 'x')).resolves.toBeUndefined();
  expect(log).toHaveBeenCalledWith('Tanggap: change notification failed', failure);
});

test('no listener is nothing to do', async () => {
  await expect(notifyAfterCommit(undefined, 1)).resolves.toBeUndefined();
});
