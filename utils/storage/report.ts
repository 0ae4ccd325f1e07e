/**
 * What the report page reads: the rows of the items whose citizen's post falls in the period
 * (one range of the report's days, `report-rows.ts`), and the programme mentions of its days.
 */
import { jakartaDay } from '../domain/report-period';
import type { ReportRow } from '../domain/report-row';
import type { ProgrammeMention } from '../domain/types';
import { rowsOfDays } from './report-day';
import type { TanggapDb } from './schema';

/** The rows of the items posted from `startIso` up to (not including) `endIso`, oldest first. */
export async function listItemsPosted(
  db: TanggapDb,
  startIso: string,
  endIso: string,
): Promise<ReportRow[]> {
  const startMs = Date.parse(startIso);
  const endMs = Date.parse(endIso);
  if (!(startMs < endMs)) return [];
  const days = await db.getAll(
    'report-days',
    IDBKeyRange.bound(jakartaDay(startMs), jakartaDay(endMs - 1)),
  );
  // A period of whole Jakarta days takes every row of its days; these bounds cut any other.
  return rowsOfDays(days).filter(
    (row) => row.post.createdAt >= startIso && row.post.createdAt < endIso,
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
