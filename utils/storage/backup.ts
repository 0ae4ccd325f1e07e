/**
 * The backup file made from the database, and a restore that replaces everything with one,
 * each in one transaction. The options page runs them itself
 * (`entrypoints/options/backup-here.ts`).
 */
import {
  backupFilename,
  backupHead,
  backupTail,
  type Backup,
  type BackupFile,
  type RestoreCounts,
} from '../domain/backup';
import { LEGACY_SETTINGS_KEYS, migrateSettings, SETTINGS_KEY } from '../domain/settings';
import type { Assignment, Department, Programme } from '../domain/types';
import { markAllWaiting, type WaitingTx } from './mention-waiting';
import { openKey } from './open-counters';
import { mentionRange } from './programmes';
import type { TanggapDb } from './schema';
import { refuseWhileInTeam, STATE_KEY } from './sync-state';
import { storedSyncState } from '../domain/schemas/stored';
import { allOrNothing, track } from './transactions';

/**
 * The backup as a Blob built from parts (a page of assignments each): no single text of
 * the whole file is ever made.
 */
export async function exportBackupFile(db: TanggapDb, nowIso: string): Promise<BackupFile> {
  const parts: string[] = [backupHead(nowIso)];
  let assignments = 0;
  const data = await readBackupData(db, [SETTINGS_KEY, ...LEGACY_SETTINGS_KEYS], (page) => {
    const text = page.map((a) => JSON.stringify(a)).join(',');
    parts.push(assignments > 0 ? `,${text}` : text);
    assignments += page.length;
  });
  parts.push(
    backupTail({
      departments: data.departments,
      programmes: data.programmes,
      settings: migrateSettings(data.settings),
    }),
  );
  const blob = new Blob(parts, { type: 'application/json' });
  return { blob, filename: backupFilename(nowIso), assignments };
}

/**
 * Replaces everything with a validated backup in one transaction, or changes nothing. The
 * record of what escalation notified is kept: a restore does not notify old changes again.
 */
export async function restoreBackupData(
  db: TanggapDb,
  backup: Backup<Programme>,
): Promise<RestoreCounts> {
  await replaceAllData(db, {
    assignments: backup.assignments,
    departments: backup.departments,
    programmes: backup.programmes,
    settings: { [SETTINGS_KEY]: backup.settings },
    removeSettings: LEGACY_SETTINGS_KEYS,
  });
  return {
    assignments: backup.assignments.length,
    departments: backup.departments.length,
    programmes: backup.programmes.length,
  };
}

/**
 * Everything a backup holds, read in one transaction so it is one moment's state. The
 * assignments go to `onPage` (synchronous) a page at a time: 100,000 of them are never held
 * as one list. Of the settings store, only the records named in `settingsKeys` are read.
 */
export async function readBackupData(
  db: TanggapDb,
  settingsKeys: readonly string[],
  onPage: (assignments: Assignment[]) => void,
  pageSize = 1_000,
): Promise<{
  departments: Department[];
  programmes: Programme[];
  settings: Record<string, unknown>;
}> {
  const tx = db.transaction(['assignments', 'departments', 'programmes', 'settings'], 'readonly');
  const settings = tx.objectStore('settings');
  const [departments, programmes, values] = await Promise.all([
    tx.objectStore('departments').getAll(),
    tx.objectStore('programmes').getAll(),
    Promise.all(settingsKeys.map((key) => settings.get(key))),
  ]);
  const store = tx.objectStore('assignments');
  let range: IDBKeyRange | undefined;
  for (;;) {
    const page = await store.getAll(range, pageSize);
    if (page.length === 0) break;
    onPage(page);
    if (page.length < pageSize) break;
    range = IDBKeyRange.lowerBound(page.at(-1)!.tweetId, true);
  }
  await tx.done;
  departments.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const found = settingsKeys.flatMap((key, i) =>
    values[i] === undefined ? [] : [[key, values[i]] as const],
  );
  return { departments, programmes, settings: Object.fromEntries(found) };
}

/**
 * Replaces assignments, directory, programmes and settings in one transaction, or changes
 * nothing. The open counters are rebuilt from the new items in the same transaction. Of the
 * settings store, the records in `settings` are put and those in `removeSettings` deleted;
 * the others (what escalation already notified, notifications' items) stay.
 * Programme mentions are counts of posts seen, not in a backup: those of the programmes that
 * remain stay, those of the others go with them (as in `putProgrammes` with `replace`).
 */
export async function replaceAllData(
  db: TanggapDb,
  data: {
    assignments: readonly Assignment[];
    departments: readonly Department[];
    programmes: readonly Programme[];
    settings: Record<string, unknown>;
    removeSettings?: readonly string[];
  },
): Promise<void> {
  const tx = db.transaction(
    [
      'assignments',
      'departments',
      'programmes',
      'programme-mentions',
      'counters',
      'mentions',
      'settings',
      'sync',
    ],
    'readwrite',
    { durability: 'strict' },
  );
  await allOrNothing(tx, async (requests) => {
    // A restore would bypass the team's one order of changes.
    refuseWhileInTeam(
      storedSyncState(await track(requests, tx.objectStore('sync').get(STATE_KEY))),
    );
    const settings = tx.objectStore('settings');
    const keeping = new Set(data.programmes.map((p) => p.id));
    const dropped = (await track(requests, tx.objectStore('programmes').getAllKeys())).filter(
      (id) => !keeping.has(id),
    );
    for (const id of dropped) {
      void track(requests, tx.objectStore('programme-mentions').delete(mentionRange(id)));
    }
    const assignments = tx.objectStore('assignments');
    const departments = tx.objectStore('departments');
    const programmes = tx.objectStore('programmes');
    const counters = tx.objectStore('counters');
    // Requests on one store run in order: each clear comes before the puts that follow it.
    for (const store of [assignments, departments, programmes, counters]) {
      void track(requests, store.clear());
    }
    for (const p of data.programmes) void track(requests, programmes.put(p));
    const counts = new Map<string, number>([[openKey(), 0]]);
    for (const a of data.assignments) {
      void track(requests, assignments.put(a));
      if (a.status !== 'open') continue;
      for (const key of [openKey(), openKey(a.departmentId)]) {
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    for (const [key, n] of counts) void track(requests, counters.put(n, key));
    // Which mentions wait, from the items restored (read after their puts, made before).
    void track(requests, markAllWaiting(tx as unknown as WaitingTx));
    for (const d of data.departments) void track(requests, departments.put(d));
    for (const key of data.removeSettings ?? []) {
      if (!(key in data.settings)) void track(requests, settings.delete(key));
    }
    for (const [key, value] of Object.entries(data.settings)) {
      void track(requests, settings.put(value, key));
    }
  });
}
