/**
 * The name step around an item's change: the background refuses a change by an officer who
 * has not given a name (`officer-name-required`); the page asks for it, saves it, and the
 * same change goes through, signed with it.
 */
import { TanggapError } from '../domain/errors';
import { sendToBackground } from './transport';

/** Stores the officer's name in their settings. */
export async function saveOfficerName(name: string): Promise<void> {
  await sendToBackground('saveSettings', { settings: { officerName: name } });
}

/**
 * Runs `action`; when it is refused for want of a name, `askName` (true once the name is
 * saved, false when the officer cancels) and, given one, runs it again. Null when cancelled.
 */
export async function withOfficerName<T>(
  action: () => Promise<T>,
  askName: () => Promise<boolean>,
): Promise<T | null> {
  try {
    return await action();
  } catch (error) {
    if (!(error instanceof TanggapError && error.code === 'officer-name-required')) throw error;
    if (!(await askName())) return null;
    return action();
  }
}

/**
 * Runs a batch of item changes; when every item was refused for want of a name, `askName`
 * once and, given one, runs the batch again. The refusals stand when the officer cancels.
 */
export async function batchWithOfficerName<T extends { ok: boolean; code?: string }>(
  batch: () => Promise<T[]>,
  askName: () => Promise<boolean>,
): Promise<T[]> {
  const results = await batch();
  const unnamed = (r: T) => !r.ok && r.code === 'officer-name-required';
  if (results.length === 0 || !results.every(unnamed)) return results;
  return (await askName()) ? batch() : results;
}
