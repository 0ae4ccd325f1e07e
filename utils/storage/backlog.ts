/**
 * The backlog's queries over the assignments' indexes: open items by deadline, the day's
 * counts, what is overdue, what closed today. Index ranges and counts only, so they stay
 * cheap with 100,000 items in the store.
 */
import { DUE_SOON_WINDOW_MS } from '../domain/sla';
import type { Assignment, Backlog } from '../domain/types';
import { openKey } from './open-counters';
import type { TanggapDb, TanggapSchema } from './schema';
import type { IDBPIndex } from 'idb';
import { localDayStart } from '../domain/zoned-time';

export interface BacklogQuery {
  departmentId?: string;
  /** Items per page (the first page's; ties of the last one's time are added). */
  limit?: number;
  nowMs: number;
  /** The "due within" window of the counts; the settings' due-soon hours. */
  dueSoonMs?: number;
  /**
   * A period (ISO instants, `to` exclusive): its items by assignment time, whatever their
   * status, and its counts. Without, the open items by deadline and today's counts.
   */
  period?: { from: string; to: string };
  /** The team's zone, whose day "today" is (without a period). */
  timeZone?: string;
  /** Where the previous page stopped (its `next`): the items after that time. */
  after?: string;
}

/** The local day of `nowMs` in the team's zone, as ISO instants (`to` exclusive). */
function localDay(nowMs: number, timeZone?: string): [string, string] {
  const start = localDayStart(nowMs, timeZone);
  const end = localDayStart(nowMs, timeZone, 1);
  return [new Date(start).toISOString(), new Date(end).toISOString()];
}

type AssignmentsIndex = IDBPIndex<
  TanggapSchema,
  ['assignments', 'counters'],
  'assignments',
  | 'by-status-deadline'
  | 'by-department-status-deadline'
  | 'by-assignedAt'
  | 'by-department-assignedAt',
  'readonly'
>;

interface PageSpec {
  index: AssignmentsIndex;
  /** The fixed leading parts of the index's key (status, department), if it is an array. */
  prefix: string[];
  /** The time the index sorts by, its range (`to` exclusive; [] is above every time). */
  from: string;
  to: string | [];
  sortKey: (a: Assignment) => string;
}

/**
 * One page of an index's range, after `after` (exclusive). A page never splits the items of
 * one time: the last time's ties all come with it, so `after` is enough to go on from.
 */
async function readPage(
  spec: PageSpec,
  after: string | undefined,
  limit: number,
): Promise<{ items: Assignment[]; next: string | null }> {
  const key = (time: string | []) => (spec.prefix.length ? [...spec.prefix, time] : time);
  const lower = after && after >= spec.from ? after : spec.from;
  const range = IDBKeyRange.bound(key(lower), key(spec.to), lower === after, true);
  const found = (await spec.index.getAll(range as IDBKeyRange, limit + 1)) as Assignment[];
  if (found.length <= limit) return { items: found, next: null };
  const last = spec.sortKey(found[limit - 1]!);
  const ties = (await spec.index.getAll(IDBKeyRange.only(key(last)))) as Assignment[];
  const before = found.slice(0, limit).filter((a) => spec.sortKey(a) < last);
  return { items: [...before, ...ties], next: last };
}

/**
 * Open items by deadline (or a period's items by assignment time), a page at a time, and the
 * counts: index ranges and counts only, so it stays cheap with 100,000 items in the store.
 */
export async function getBacklog(
  db: TanggapDb,
  {
    departmentId,
    limit = 100,
    nowMs,
    dueSoonMs = DUE_SOON_WINDOW_MS,
    period,
    timeZone,
    after,
  }: BacklogQuery,
): Promise<Backlog> {
  const now = new Date(nowMs).toISOString();
  const soon = new Date(nowMs + dueSoonMs).toISOString();
  const [dayStart, dayEnd] = period ? [period.from, period.to] : localDay(nowMs, timeZone);
  const tx = db.transaction(['assignments', 'counters'], 'readonly');
  const store = tx.objectStore('assignments');

  // Keys are [status, deadline] or [departmentId, status, deadline]: `open` is a prefix.
  const deadlineIndex = departmentId
    ? store.index('by-department-status-deadline')
    : store.index('by-status-deadline');
  const open = departmentId ? [departmentId, 'open'] : ['open'];
  // An array sorts after every string, so [...open, []] is above any deadline.
  const ahead = IDBKeyRange.bound([...open, now], [...open, []], true, false);
  const dueSoonRange = IDBKeyRange.bound([...open, now], [...open, soon], true, false);
  const spec: PageSpec = period
    ? {
        index: departmentId
          ? store.index('by-department-assignedAt')
          : store.index('by-assignedAt'),
        prefix: departmentId ? [departmentId] : [],
        from: period.from,
        to: period.to,
        sortKey: (a) => a.assignedAt,
      }
    : { index: deadlineIndex, prefix: open, from: '', to: [], sortKey: (a) => a.deadline };

  const count = (index: 'assignedAt' | 'respondedAt') =>
    departmentId
      ? store
          .index(`by-department-${index}`)
          .count(IDBKeyRange.bound([departmentId, dayStart], [departmentId, dayEnd], false, true))
      : store.index(`by-${index}`).count(IDBKeyRange.bound(dayStart, dayEnd, false, true));

  const [page, totalOpen, notYetDue, dueSoon, assignedToday, respondedToday] = await Promise.all([
    limit > 0 ? readPage(spec, after, limit) : Promise.resolve({ items: [], next: null }),
    tx.objectStore('counters').get(openKey(departmentId)),
    deadlineIndex.count(ahead),
    deadlineIndex.count(dueSoonRange),
    count('assignedAt'),
    count('respondedAt'),
  ]);
  await tx.done;
  const total = totalOpen ?? 0;
  return {
    items: page.items,
    next: page.next,
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
 * Items responded or resolved during the team's day of `nowMs`, most recently changed first.
 * A closed item was changed when it closed, so today's `by-updatedAt` range holds them all;
 * no index of its own (the range is one day of changes, small next to the store).
 */
export async function listClosedToday(
  db: TanggapDb,
  nowMs: number,
  limit: number,
  timeZone?: string,
): Promise<Assignment[]> {
  const [dayStart, dayEnd] = localDay(nowMs, timeZone);
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
