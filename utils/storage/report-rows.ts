/**
 * The `report-days` store: each item's row for the report (`domain/report-row.ts`), kept with
 * the other rows of its post's Jakarta day in one record, so a month is some thirty records to
 * read and decode instead of thousands (IndexedDB's cost per record and the browser's turning
 * of each into an object were most of the report's reading). A day's record is
 * `report-day.ts`.
 *
 * Written in the same transaction as the items (`item-writes.ts` for every item write,
 * `backup.ts` for a restore), so the report never reads a row out of step with its item.
 */
import type { IDBPTransaction } from 'idb';
import { reportDayOf, reportRowOf, type ReportRow } from '../domain/report-row';
import type { Assignment } from '../domain/types';
import { reportDay, rowsOfDays } from './report-day';
import type { TanggapSchema } from './schema';

export type ReportRowsTx = IDBPTransaction<TanggapSchema, 'report-days'[], 'readwrite'>;

type DayRows = Map<string, ReportRow>;

/**
 * The days a transaction has read, shared by its writes: should a transaction write items in
 * several calls, each changes the day's one copy, and the put of its last call holds them all.
 */
const daysRead = new WeakMap<object, Map<string, Promise<DayRows>>>();

const sameRow = (a: ReportRow, b: ReportRow) => JSON.stringify(a) === JSON.stringify(b);

/** The row stored for an item as it was; none for one the report could not read (no row). */
function storedRowOf(item: Assignment): ReportRow | undefined {
  try {
    return reportRowOf(item);
  } catch {
    return undefined;
  }
}

/**
 * An item's row with its day; none for a post whose time is no time: no period can hold it,
 * and kept it would make one ever-growing record that every write to such an item rewrites.
 */
function dayRow(row: ReportRow | undefined): { row: ReportRow; day: string } | undefined {
  const day = row ? reportDayOf(row) : '';
  return row && day ? { row, day } : undefined;
}

/** Puts the rows of the items written, and removes those of the items removed. */
export async function writeReportRows(
  tx: ReportRowsTx,
  writes: readonly (readonly [Assignment | undefined, Assignment | undefined])[],
): Promise<void> {
  const store = tx.objectStore('report-days');
  let read = daysRead.get(tx);
  if (!read) daysRead.set(tx, (read = new Map()));
  // Each day once, whatever how many of its items a batch writes.
  const changes = new Map<string, (readonly [string, ReportRow | undefined])[]>();
  const change = (day: string, id: string, row: ReportRow | undefined) => {
    const list = changes.get(day);
    if (list) list.push([id, row]);
    else changes.set(day, [[id, row]]);
  };
  for (const [before, after] of writes) {
    const now = after ? dayRow(reportRowOf(after)) : undefined;
    const was = before ? dayRow(storedRowOf(before)) : undefined;
    // An item whose post time moved to another day leaves its old day.
    if (was && was.day !== now?.day) change(was.day, was.row.tweetId, undefined);
    // A note, a reply seen, a new text: the day's record is read and written for nothing.
    if (now && was && was.day === now.day && sameRow(was.row, now.row)) continue;
    if (now) change(now.day, now.row.tweetId, now.row);
  }
  await Promise.all(
    [...changes].map(async ([day, list]) => {
      let stored = read.get(day);
      if (!stored) {
        stored = store
          .get(day)
          .then((d) => new Map(d ? rowsOfDays([d]).map((r) => [r.tweetId, r]) : []));
        read.set(day, stored);
      }
      const rows = await stored;
      for (const [id, row] of list) {
        if (row) rows.set(id, row);
        else rows.delete(id);
      }
      await (rows.size > 0 ? store.put(reportDay(day, rows.values())) : store.delete(day));
    }),
  );
}
