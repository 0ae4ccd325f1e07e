import { expect, test, vi } from 'vitest';
import { TanggapError } from '../domain/errors';
import { withOfficerName } from './officer-name';

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
