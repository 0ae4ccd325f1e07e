import { describe, expect, test, vi } from 'vitest';
import { TanggapError } from '../domain/errors';
import { batchWithOfficerName, withOfficerName } from './officer-name';

const refused = () => new TanggapError('officer-name-required', 'Give your name first');

test('an officer with a name is never asked', async () => {
  const askName = vi.fn(async () => true);
  await expect(withOfficerName(async () => 'done', askName)).resolves.toBe('done');
  expect(askName).not.toHaveBeenCalled();
});

test('refused for want of a name: asks it, then the same action goes through', async () => {
  const action = vi.fn<() => Promise<string>>().mockRejectedValueOnce(refused());
  action.mockResolvedValueOnce('assigned');
  await expect(withOfficerName(action, async () => true)).resolves.toBe('assigned');
  expect(action).toHaveBeenCalledTimes(2);
});

test('cancelled: nothing is done, and no error', async () => {
  const action = vi.fn(() => Promise.reject(refused()));
  await expect(withOfficerName(action, async () => false)).resolves.toBeNull();
  expect(action).toHaveBeenCalledTimes(1);
});

test('any other refusal is the caller’s to show', async () => {
  const askName = vi.fn(async () => true);
  const forbidden = new TanggapError('forbidden', 'Only triage officers assign posts');
  await expect(withOfficerName(() => Promise.reject(forbidden), askName)).rejects.toBe(forbidden);
  expect(askName).not.toHaveBeenCalled();
});

describe('a batch of changes', () => {
  const unnamed = (tweetId: string) => ({
    tweetId,
    ok: false as const,
    code: 'officer-name-required',
    reason: 'Give your name first',
  });

  test('every item refused for want of a name: asked once, then the batch goes again', async () => {
    const batch = vi
      .fn<() => Promise<{ tweetId: string; ok: boolean; code?: string }[]>>()
      .mockResolvedValueOnce([unnamed('1'), unnamed('2')])
      .mockResolvedValueOnce([
        { tweetId: '1', ok: true },
        { tweetId: '2', ok: true },
      ]);
    const askName = vi.fn(async () => true);
    expect(await batchWithOfficerName(batch, askName)).toEqual([
      { tweetId: '1', ok: true },
      { tweetId: '2', ok: true },
    ]);
    expect(askName).toHaveBeenCalledTimes(1);
    expect(batch).toHaveBeenCalledTimes(2);
  });

  test('cancelled: the refusals stand and nothing is sent again', async () => {
    const batch = vi.fn(async () => [unnamed('1')]);
    expect(await batchWithOfficerName(batch, async () => false)).toEqual([unnamed('1')]);
    expect(batch).toHaveBeenCalledTimes(1);
  });

  test('other outcomes are not a missing name: no question', async () => {
    const askName = vi.fn(async () => true);
    const mixed = [{ tweetId: '1', ok: true }, unnamed('2')];
    expect(await batchWithOfficerName(async () => mixed, askName)).toBe(mixed);
    expect(await batchWithOfficerName(async () => [], askName)).toEqual([]);
    expect(askName).not.toHaveBeenCalled();
  });
});
