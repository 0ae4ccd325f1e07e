/**
 * The backup file made from the database, and a restore that replaces everything with one.
 * The options page runs them itself (`entrypoints/options/backup-here.ts`).
 */
import {
  backupFilename,
  backupHead,
  backupTail,
  type Backup,
  type BackupFile,
  type RestoreCounts,
} from '../domain/backup';
import { readBackupData, replaceAllData, type TanggapDb } from './db';
import { LEGACY_SETTINGS_KEYS, migrateSettings, SETTINGS_KEY } from '../domain/settings';
import type { Programme } from '../domain/types';

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
