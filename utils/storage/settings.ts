/**
 * The officer's settings in IndexedDB: read and written by key, since the settings store also
 * holds escalation's records.
 */
import { readSettingsRecords, updateSettingsRecords, type TanggapDb } from './db';
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
