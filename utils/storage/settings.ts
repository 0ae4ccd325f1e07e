/**
 * The `settings` store: its records by key, and the officer's settings among them. The store
 * also holds escalation's records (`escalations.ts`), so the settings are read by key.
 */
import type { TanggapDb } from './schema';
import { abortQuietly } from './transactions';
import {
  applySettingsUpdate,
  LEGACY_SETTINGS_KEYS,
  migrateSettings,
  SETTINGS_KEY,
  type Settings,
} from '../domain/settings';

/** Reads only the settings' own records, by key: the store also holds escalation's. */
export async function loadSettings(db: TanggapDb): Promise<Settings> {
  return migrateSettings(await readSettingsRecords(db, [SETTINGS_KEY, ...LEGACY_SETTINGS_KEYS]));
}

/**
 * Validates `update` against the stored settings and stores the result in one transaction;
 * resolves once it is committed. Bad input throws and stores nothing.
 */
export async function saveSettings(db: TanggapDb, update: unknown): Promise<Settings> {
  return updateSettingsRecords(
    db,
    (records) => {
      const next = applySettingsUpdate(migrateSettings(records), update);
      return { key: SETTINGS_KEY, value: next, remove: [...LEGACY_SETTINGS_KEYS] };
    },
    [SETTINGS_KEY, ...LEGACY_SETTINGS_KEYS],
  );
}

/** The records of the settings store named in `only` (every record without it), by key. */
export async function readSettingsRecords(
  db: TanggapDb,
  only?: readonly string[],
): Promise<Record<string, unknown>> {
  const tx = db.transaction('settings', 'readonly');
  if (only) {
    const values = await Promise.all(only.map((key) => tx.store.get(key)));
    await tx.done;
    return Object.fromEntries(
      only.flatMap((key, i) => (values[i] === undefined ? [] : [[key, values[i]]])),
    );
  }
  const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll(), tx.done]);
  return Object.fromEntries(keys.map((key, i) => [key, values[i]]));
}

/**
 * Read-modify-write of the settings store in one transaction: `fn` (synchronous; throws to
 * refuse) sees the records named in `only` (every record without it) and names the one to
 * put and the ones to delete. Resolves with
 * the value put, once committed.
 */
export async function updateSettingsRecords<T>(
  db: TanggapDb,
  fn: (records: Record<string, unknown>) => { key: string; value: T; remove?: string[] },
  only?: readonly string[],
): Promise<T> {
  const tx = db.transaction('settings', 'readwrite', { durability: 'strict' });
  try {
    const [keys, values] = only
      ? [only, await Promise.all(only.map((k) => tx.store.get(k)))]
      : await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
    const found = keys.flatMap((k, i) => (values[i] === undefined ? [] : [[k, values[i]]]));
    const { key, value, remove = [] } = fn(Object.fromEntries(found));
    await Promise.all([
      tx.store.put(value, key),
      ...remove.filter((k) => k !== key).map((k) => tx.store.delete(k)),
      tx.done,
    ]);
    return value;
  } catch (error) {
    abortQuietly(tx);
    await tx.done.catch(() => {});
    throw error;
  }
}
