/**
 * The backlog's queries over the assignments' indexes: open items by deadline, the day's
 * counts, what is overdue, what closed today. Index ranges and counts only, so they stay
 * cheap with 100,000 items in the store.
 */
import { DUE_SOON_WINDOW_MS } from '../domain/sla';
import type { Assignment, Backlog } from '../domain/types';
import { openKey } from './open-counters';
import type { TanggapDb } from './schema';

export interface BacklogQuery {
  departmentId?: string;
  limit?: number;
  nowMs: number;
  /** The "due within" window of the counts; the settings' due-soon hours. */
  dueSoonMs?: number;
}

function localDay(nowMs: number): [string, string] {
  const start = new Date(nowMs);
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  // setDate, not + 24 h: a local day is 23 or 25 hours long around a DST change.
  end.setDate(end.getDate() + 1);
  return [start.toISOString(), end.toISOString()];
}

/**
 * Open items by deadline and the day's counts, from index ranges and counts only: cheap
 * with 100,000 assignments in the store.
 */
export async function getBacklog(
  db: TanggapDb,
  { departmentId, limit = 100, nowMs, dueSoonMs = DUE_SOON_WINDOW_MS }: BacklogQuery,
): Promise<Backlog> {
  const now = new Date(nowMs).toISOString();
  const soon = new Date(nowMs + dueSoonMs).toISOString();
  const [dayStart, dayEnd] = localDay(nowMs);
  const tx = db.transaction(['assignments', 'counters'], 'readonly');
  const store = tx.objectStore('assignments');

  // Keys are [status, deadline] or [departmentId, status, deadline]: `open` is a prefix.
  const deadlineIndex = departmentId
    ? store.index('by-department-status-deadline')
    : store.index('by-status-deadline');
  const open = departmentId ? [departmentId, 'open'] : ['open'];
  // An array sorts after every string, so [...open, []] is above any deadline.
  const allOpen = IDBKeyRange.bound(open, [...open, []]);
  const ahead = IDBKeyRange.bound([...open, now], [...open, []], true, false);
  const dueSoonRange = IDBKeyRange.bound([...open, now], [...open, soon], true, false);

  const today = (index: 'assignedAt' | 'respondedAt') =>
    departmentId
      ? store
          .index(`by-department-${index}`)
          .count(IDBKeyRange.bound([departmentId, dayStart], [departmentId, dayEnd], false, true))
      : store.index(`by-${index}`).count(IDBKeyRange.bound(dayStart, dayEnd, false, true));

  const [items, totalOpen, notYetDue, dueSoon, assignedToday, respondedToday] = await Promise.all([
    limit > 0 ? deadlineIndex.getAll(allOpen, limit) : Promise.resolve([]),
    tx.objectStore('counters').get(openKey(departmentId)),
    deadlineIndex.count(ahead),
    deadlineIndex.count(dueSoonRange),
    today('assignedAt'),
    today('respondedAt'),
  ]);
  await tx.done;
  const total = totalOpen ?? 0;
  return {
    items,
    totalOpen: total,
    summary: { assignedToday, respondedToday, dueSoon, overdue: Math.max(0, total - notYetDue) },
  };
}

/** Open items past their deadline, and within the due-soon window (see `getBacklog`). */
export async function countUrgent(
  db: TanggapDb,
  nowMs: number,
  dueSoonMs?: number,
): Promise<{ overdue: number; dueSoon: number }> {
  const { summary } = await getBacklog(db, { nowMs, limit: 0, dueSoonMs });
  return { overdue: summary.overdue, dueSoon: summary.dueSoon };
}

/** The earliest deadline after `afterIso` among open items (strictly later), if any. */
export async function nextOpenDeadline(db: TanggapDb, afterIso: string): Promise<string | null> {
  const range = IDBKeyRange.bound(['open', afterIso], ['open', []], true, false);
  const cursor = await db
    .transaction('assignments', 'readonly')
    .store.index('by-status-deadline')
    .openKeyCursor(range);
  return cursor ? (cursor.key[1] ?? null) : null;
}

/** Open items whose deadline has passed at `nowIso`, most overdue first (at most `limit`). */
export function listOverdue(db: TanggapDb, nowIso: string, limit: number): Promise<Assignment[]> {
  return db.getAllFromIndex(
    'assignments',
    'by-status-deadline',
    IDBKeyRange.bound(['open'], ['open', nowIso]),
    limit,
  );
}

/**
 * Items responded or resolved during the local day of `nowMs`, most recently changed first.
 * A closed item was changed when it closed, so today's `by-updatedAt` range holds them all;
 * no index of its own (the range is one day of changes, small next to the store).
 */
export async function listClosedToday(
  db: TanggapDb,
  nowMs: number,
  limit: number,
): Promise<Assignment[]> {
  const [dayStart, dayEnd] = localDay(nowMs);
  const closedToday = (a: Assignment) =>
    (a.status === 'responded' && a.respondedAt >= dayStart) ||
    (a.status === 'resolved' && a.resolvedAt >= dayStart);
  const found: Assignment[] = [];
  const range = IDBKeyRange.bound(dayStart, dayEnd, false, true);
  let cursor = await db
    .transaction('assignments')
    .store.index('by-updatedAt')
    .openCursor(range, 'prev');
  while (cursor && found.length < limit) {
    if (closedToday(cursor.value)) found.push(cursor.value);
    cursor = await cursor.continue();
  }
  return found;
}
