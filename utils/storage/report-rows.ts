/**
 * The `report-rows` store: each item's row for the report (`domain/report-row.ts`), written in
 * the same transaction as the item (`item-writes.ts` for every item write, `backup.ts` for a
 * restore), so the report never reads a row out of step with its item.
 */
import type { IDBPTransaction } from 'idb';
import { reportRowOf } from '../domain/report-row';
import type { Assignment } from '../domain/types';
import type { TanggapSchema } from './schema';

export type ReportRowsTx = IDBPTransaction<TanggapSchema, 'report-rows'[], 'readwrite'>;

/** Puts the rows of the items written, and removes those of the items removed. */
export async function writeReportRows(
  tx: ReportRowsTx,
  writes: readonly (readonly [Assignment | undefined, Assignment | undefined])[],
): Promise<void> {
  const rows = tx.objectStore('report-rows');
  await Promise.all(
    writes.map(([before, after]) => {
      if (after) return rows.put(reportRowOf(after));
      return before ? rows.delete(before.tweetId) : undefined;
    }),
  );
}
