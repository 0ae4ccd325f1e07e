/**
 * Backup and restore done by the options page itself. Extension pages share the extension's
 * origin, so they open its IndexedDB directly: a backup of a busy year is about 100 MB, more
 * than one runtime message may carry (64 MB in Chrome). The page writes or reads the data,
 * then asks the background to tell every tab (`dataReplaced`).
 */
import type { Backup, BackupFile, RestoreCounts } from '../../utils/domain/backup';
import type { Programme } from '../../utils/domain/types';
import { exportBackupFile, restoreBackupData } from '../../utils/storage/backup';
import { openTanggapDb, type TanggapDb } from '../../utils/storage/schema';
import { sendToBackground } from '../../utils/messaging/transport';

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
