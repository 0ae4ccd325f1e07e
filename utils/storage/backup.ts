/**
 * The backup file made from the database, and a restore that replaces everything with one,
 * each in one transaction. The options page runs them itself
 * (`entrypoints/options/backup-here.ts`).
 */
import {
  BACKUP_MENTIONS_START,
  backupFilename,
  backupHead,
  backupTail,
  type Backup,
  type BackupFile,
  type RestoreCounts,
} from '../domain/backup';
import { LEGACY_SETTINGS_KEYS, migrateSettings, SETTINGS_KEY } from '../domain/settings';
import type { Mention } from '../domain/mentions';
import type { Assignment, Department, Programme } from '../domain/types';
import { markAllWaiting, mentionOfStored, withWaiting, type WaitingTx } from './mention-waiting';
import { openKey } from './open-counters';
import { mentionRange } from './programmes';
import { writeReportRows, type ReportRowsTx } from './report-rows';
import type { TanggapDb, TanggapSchema } from './schema';
import { refuseWhileInTeam, STATE_KEY } from './sync-state';
import { storedSyncState } from '../domain/schemas/stored';
import { allOrNothing, track } from './transactions';

/**
 * The backup as a Blob built from parts (a page of assignments or mentions each): no single
 * text of the whole file is ever made.
 */
export async function exportBackupFile(
  db: TanggapDb,
  nowIso: string,
  pageSize = 1_000,
): Promise<BackupFile> {
  const assignmentParts: string[] = [];
  const mentionParts: string[] = [];
  // Each page's records, joined to the page before it by a comma.
  const add = (parts: string[], page: readonly unknown[]) => {
    const text = page.map((record) => JSON.stringify(record)).join(',');
    parts.push(parts.length > 0 ? `,${text}` : text);
  };
  let assignments = 0;
  const data = await readBackupData(
    db,
    [SETTINGS_KEY, ...LEGACY_SETTINGS_KEYS],
    {
      onAssignments: (page) => {
        add(assignmentParts, page);
        assignments += page.length;
      },
      onMentions: (page) => add(mentionParts, page),
    },
    pageSize,
  );
  const parts = [backupHead(nowIso), ...assignmentParts, BACKUP_MENTIONS_START, ...mentionParts];
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
 * A file without mentions (version 1) keeps this browser's, each waiting as its restored item
 * says.
 */
export async function restoreBackupData(
  db: TanggapDb,
  backup: Backup<Programme>,
): Promise<RestoreCounts> {
  await replaceAllData(db, {
    assignments: backup.assignments,
    mentions: backup.mentions,
    departments: backup.departments,
    programmes: backup.programmes,
    settings: { [SETTINGS_KEY]: backup.settings },
    removeSettings: LEGACY_SETTINGS_KEYS,
  });
  return {
    assignments: backup.assignments.length,
    mentions: backup.mentions?.length ?? null,
    departments: backup.departments.length,
    programmes: backup.programmes.length,
  };
}

/**
 * Everything a backup holds, read in one transaction so it is one moment's state. The
 * assignments, then the mentions, go to `onAssignments` and `onMentions` (synchronous) a page
 * at a time: 100,000 of them are never held as one list. Of the settings store, only the
 * records named in `settingsKeys` are read.
 */
export async function readBackupData(
  db: TanggapDb,
  settingsKeys: readonly string[],
  pages: {
    onAssignments: (assignments: Assignment[]) => void;
    onMentions: (mentions: Mention[]) => void;
  },
  pageSize = 1_000,
): Promise<{
  departments: Department[];
  programmes: Programme[];
  settings: Record<string, unknown>;
}> {
  const tx = db.transaction(
    ['assignments', 'mentions', 'departments', 'programmes', 'settings'],
    'readonly',
  );
  const settings = tx.objectStore('settings');
  const [departments, programmes, values] = await Promise.all([
    tx.objectStore('departments').getAll(),
    tx.objectStore('programmes').getAll(),
    Promise.all(settingsKeys.map((key) => settings.get(key))),
  ]);
  // Both stores are keyed by post id: a page ends where the next one starts after its key.
  const readPages = async <S extends 'assignments' | 'mentions'>(
    name: S,
    onPage: (page: TanggapSchema[S]['value'][]) => void,
  ) => {
    const store = tx.objectStore(name);
    let range: IDBKeyRange | undefined;
    for (;;) {
      const page = await store.getAll(range, pageSize);
      if (page.length === 0) break;
      onPage(page);
      if (page.length < pageSize) break;
      range = IDBKeyRange.lowerBound(page.at(-1)!.tweetId, true);
    }
  };
  await readPages('assignments', pages.onAssignments);
  await readPages('mentions', (page) => pages.onMentions(page.map(mentionOfStored)));
  await tx.done;
  departments.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const found = settingsKeys.flatMap((key, i) =>
    values[i] === undefined ? [] : [[key, values[i]] as const],
  );
  return { departments, programmes, settings: Object.fromEntries(found) };
}

/**
 * Replaces assignments, directory, programmes and settings in one transaction, or changes
 * nothing; and the received mentions when `mentions` is given, else the stored ones stay. The
 * open counters, which mentions wait for triage, and the report's rows are rebuilt from the
 * new items in the same transaction. Of the
 * settings store, the records in `settings` are put and those in `removeSettings` deleted;
 * the others (what escalation already notified, notifications' items) stay.
 * Programme mentions are counts of posts seen, not in a backup: those of the programmes that
 * remain stay, those of the others go with them (as in `putProgrammes` with `replace`).
 */
export async function replaceAllData(
  db: TanggapDb,
  data: {
    assignments: readonly Assignment[];
    /** Absent: the mentions stored stay, each waiting as its new item says. */
    mentions?: readonly Mention[];
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
      'report-days',
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
    const reportRows = tx.objectStore('report-days');
    // Requests on one store run in order: each clear comes before the puts that follow it.
    for (const store of [assignments, departments, programmes, counters, reportRows]) {
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
    const restored = data.assignments.map((a) => [undefined, a] as const);
    void track(requests, writeReportRows(tx as unknown as ReportRowsTx, restored));
    if (data.mentions) {
      const mentions = tx.objectStore('mentions');
      const itemOf = new Map(data.assignments.map((a) => [a.tweetId, a]));
      void track(requests, mentions.clear());
      for (const m of data.mentions) {
        void track(requests, mentions.put(withWaiting(m, itemOf.get(m.tweetId))));
      }
    } else {
      // Which mentions wait, from the items restored (read after their puts, made before).
      void track(requests, markAllWaiting(tx as unknown as WaitingTx));
    }
    for (const d of data.departments) void track(requests, departments.put(d));
    for (const key of data.removeSettings ?? []) {
      if (!(key in data.settings)) void track(requests, settings.delete(key));
    }
    for (const [key, value] of Object.entries(data.settings)) {
      void track(requests, settings.put(value, key));
    }
  });
}
