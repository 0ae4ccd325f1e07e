/**
 * Backup and restore done by the options page itself. Extension pages share the extension's
 * origin, so they open its IndexedDB (through db.ts) directly: a backup of a busy year is
 * about 100 MB, more than one runtime message may carry (64 MB in Chrome). The page writes
 * or reads the data, then asks the background to tell every tab (`dataReplaced`).
 */
import { backupFilename, backupHead, backupTail, type Backup } from './domain/backup';
import { openTanggapDb, readBackupData, replaceAllData, type TanggapDb } from './db';
import { sendToBackground, type RestoreCounts } from './messages';
import { LEGACY_SETTINGS_KEYS, migrateSettings, SETTINGS_KEY } from './domain/settings';
import type { Programme } from './domain/types';

export interface BackupFile {
  blob: Blob;
  filename: string;
  assignments: number;
}

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

async function withDb<T>(fn: (db: TanggapDb) => Promise<T>): Promise<T> {
  const db = await openTanggapDb();
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/** The options page's export: this extension's database, now. */
export function exportBackupHere(): Promise<BackupFile> {
  return withDb((db) => exportBackupFile(db, new Date().toISOString()));
}

/** The options page's restore; once committed, the background tells every tab and page. */
export async function restoreBackupHere(backup: Backup<Programme>): Promise<RestoreCounts> {
  const counts = await withDb((db) => restoreBackupData(db, backup));
  try {
    await sendToBackground('dataReplaced', {});
  } catch (error) {
    // Committed already: a failed broadcast must not report the restore as failed.
    console.error('Tanggap: change notification failed', error);
  }
  return counts;
}
