/**
 * What the report page reads: the rows of the items whose citizen's post falls in the period
 * (one range of the report store's post-time index), and the programme mentions of its days.
 */
import type { ReportRow } from '../domain/report-row';
import type { ProgrammeMention } from '../domain/types';
import type { TanggapDb } from './schema';

/** The rows of the items posted from `startIso` up to (not including) `endIso`, oldest first. */
export function listItemsPosted(
  db: TanggapDb,
  startIso: string,
  endIso: string,
): Promise<ReportRow[]> {
  return db.getAllFromIndex(
    'report-rows',
    'by-postCreatedAt',
    IDBKeyRange.bound(startIso, endIso, false, true),
  );
}

/** Each programme's mentions on the days `fromDay` to `toDay` (`YYYY-MM-DD`, both included). */
export async function listProgrammeMentions(
  db: TanggapDb,
  programmeIds: readonly string[],
  fromDay: string,
  toDay: string,
): Promise<ProgrammeMention[]> {
  const tx = db.transaction('programme-mentions', 'readonly');
  const index = tx.store.index('by-programme-day');
  const lists = await Promise.all(
    programmeIds.map((id) => index.getAll(IDBKeyRange.bound([id, fromDay], [id, toDay]))),
  );
  await tx.done;
  return lists.flat();
}
