/**
 * The transaction every shared change is written in (a local change with its outbox entry, a
 * pull): its stores, and the reads and writes of the directory and the team's settings in it.
 */
import type { IDBPTransaction } from 'idb';
import {
  LEGACY_SETTINGS_KEYS,
  migrateSettings,
  SETTINGS_KEY,
  SETTINGS_VERSION,
  teamSettingsOf,
  type TeamSettings,
} from '../domain/settings';
import type { Department } from '../domain/types';
import { departmentRange } from './departments';
import type { TanggapSchema } from './schema';
import { track } from './transactions';

type SyncStores = (
  | 'assignments'
  | 'counters'
  | 'mentions'
  | 'report-days'
  | 'departments'
  | 'settings'
  | 'outbox'
  | 'sync'
)[];
export const SYNC_STORES: SyncStores = [
  'assignments',
  'counters',
  'mentions',
  'report-days',
  'departments',
  'settings',
  'outbox',
  'sync',
];
export type SyncTx = IDBPTransaction<TanggapSchema, SyncStores, 'readwrite'>;

/** The settings record with the team's settings merged in, the officer's own fields kept. */
function withTeamSettings(records: Record<string, unknown>, team: TeamSettings) {
  const settings = migrateSettings(records);
  return { ...settings, ...teamSettingsOf({ ...settings, ...team }), version: SETTINGS_VERSION };
}

/** The settings' own records, by key (legacy ones included), read in the transaction. */
export async function readSettingsIn(tx: SyncTx, requests: Promise<unknown>[]) {
  const store = tx.objectStore('settings');
  const keys = [SETTINGS_KEY, ...LEGACY_SETTINGS_KEYS];
  const values = await Promise.all(keys.map((k) => track(requests, store.get(k))));
  return Object.fromEntries(
    keys.flatMap((k, i) => (values[i] === undefined ? [] : [[k, values[i]]])),
  ) as Record<string, unknown>;
}

/** Puts the team's settings into the officer's record, and drops the legacy records. */
export function writeSettingsIn(
  tx: SyncTx,
  requests: Promise<unknown>[],
  records: Record<string, unknown>,
  team: TeamSettings,
) {
  const store = tx.objectStore('settings');
  void track(requests, store.put(withTeamSettings(records, team), SETTINGS_KEY));
  for (const key of LEGACY_SETTINGS_KEYS) void track(requests, store.delete(key));
}

/** Makes `list` the whole directory. */
export function writeDirectoryIn(
  tx: SyncTx,
  requests: Promise<unknown>[],
  list: readonly Department[],
) {
  const store = tx.objectStore('departments');
  void track(requests, store.clear());
  for (const d of list) void track(requests, store.put(d));
}

/** How many items (open or not) point at each of `ids`, as stored. */
export async function itemsUsingIn(
  tx: SyncTx,
  requests: Promise<unknown>[],
  ids: readonly string[],
) {
  const index = tx.objectStore('assignments').index('by-department-status-deadline');
  const counts = await Promise.all(
    ids.map((id) => track(requests, index.count(departmentRange(id)))),
  );
  return new Map(ids.map((id, i) => [id, counts[i] ?? 0]));
}
