/**
 * The CSV export's reads: assigned items page by page over the `by-assignedAt` index.
 */
import type { Assignment } from '../domain/types';
import type { TanggapDb } from './schema';

/** Where an export page stopped: the last record it looked at, in `by-assignedAt` order. */
export interface ExportPosition {
  assignedAt: string;
  tweetId: string;
}

export interface ExportQuery {
  /** Assigned at or after (ISO 8601). */
  fromIso?: string;
  /** Assigned before (ISO 8601). */
  toIso?: string;
  /** Only these departments; all when empty or absent. */
  departmentIds?: readonly string[];
  after?: ExportPosition;
  /** At most this many items in the page. */
  limit: number;
  /** At most this many records looked at (a rare department must not walk the whole store). */
  maxScan?: number;
}

/**
 * One page of assigned items (never unassigned ones: they have no assignment date) by
 * assignment date, over the `by-assignedAt` index: an export of 100,000 items is read page
 * by page, never all at once. `next` is null when the range is done.
 */
export async function exportPage(
  db: TanggapDb,
  { fromIso, toIso, departmentIds = [], after, limit, maxScan = limit * 20 }: ExportQuery,
): Promise<{ assignments: Assignment[]; next: ExportPosition | null }> {
  const lower = after?.assignedAt ?? fromIso;
  // Unassigned items hold '' as their assignment date: below every date.
  const range = lower
    ? toIso
      ? IDBKeyRange.bound(lower, toIso, false, true)
      : IDBKeyRange.lowerBound(lower)
    : toIso
      ? IDBKeyRange.bound('', toIso, true, true)
      : IDBKeyRange.lowerBound('', true);
  const wanted = new Set(departmentIds);
  const tx = db.transaction('assignments', 'readonly');
  let cursor = await tx.store.index('by-assignedAt').openCursor(range);
  if (cursor && after && cursor.key === after.assignedAt) {
    if (cursor.primaryKey < after.tweetId) {
      cursor = await cursor.continuePrimaryKey(after.assignedAt, after.tweetId);
    }
    if (cursor && cursor.key === after.assignedAt && cursor.primaryKey === after.tweetId) {
      cursor = await cursor.continue();
    }
  }
  const assignments: Assignment[] = [];
  let scanned = 0;
  let last: ExportPosition | null = null;
  while (cursor && assignments.length < limit && scanned < maxScan) {
    const a = cursor.value;
    if (a.status !== 'unassigned' && (wanted.size === 0 || wanted.has(a.departmentId))) {
      assignments.push(a);
    }
    scanned++;
    last = { assignedAt: cursor.key, tweetId: cursor.primaryKey };
    cursor = await cursor.continue();
  }
  await tx.done;
  return { assignments, next: cursor ? last : null };
}
