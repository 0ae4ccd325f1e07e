/**
 * The one module that opens IndexedDB: the schema, its upgrades, and the queries with the
 * indexes they need. Every function takes the database handle, so tests open a fresh one.
 *
 * Dates are stored in `toISOString` form (see `validateAssignment`), so string order in an
 * index is time order.
 */
import {
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';
import { DUE_SOON_WINDOW_MS } from './sla';
import type { Assignment, Backlog, Department } from './types';

export interface TanggapSchema extends DBSchema {
  assignments: {
    key: string;
    value: Assignment;
    indexes: {
      'by-status-deadline': [string, string];
      'by-department-status-deadline': [string, string, string];
      'by-assignedAt': string;
      'by-respondedAt': string;
      'by-updatedAt': string;
      'by-department-assignedAt': [string, string];
      'by-department-respondedAt': [string, string];
    };
  };
  departments: { key: string; value: Department };
  /** Out-of-line keys: one record per setting. */
  settings: { key: string; value: unknown };
  /**
   * How many items are open, in all (`open`) and per department (`open:<id>`), kept in the
   * same transaction as every assignment write. Counting an index range walks every key in
   * it, and the open range may hold most of the store; the time-dependent counts are then
   * taken on the small side of "now" (deadlines still ahead: at most a day of intake).
   */
  counters: { key: string; value: number };
}

export type TanggapDb = IDBPDatabase<TanggapSchema>;
type UpgradeTx = IDBPTransaction<TanggapSchema, StoreNames<TanggapSchema>[], 'versionchange'>;

/**
 * Upgrade step N turns version N into N+1. Append steps, never edit shipped ones: a browser
 * may hold any earlier version (e.g. a later step adds the sync `outbox` store).
 */
const UPGRADES: ((db: TanggapDb, tx: UpgradeTx) => void)[] = [
  (db) => {
    const assignments = db.createObjectStore('assignments', { keyPath: 'tweetId' });
    assignments.createIndex('by-status-deadline', ['status', 'deadline']);
    assignments.createIndex('by-department-status-deadline', [
      'departmentId',
      'status',
      'deadline',
    ]);
    assignments.createIndex('by-assignedAt', 'assignedAt');
    assignments.createIndex('by-respondedAt', 'respondedAt');
    assignments.createIndex('by-updatedAt', 'updatedAt');
    // The popup's "today" counts when it is filtered to one department.
    assignments.createIndex('by-department-assignedAt', ['departmentId', 'assignedAt']);
    assignments.createIndex('by-department-respondedAt', ['departmentId', 'respondedAt']);
    db.createObjectStore('departments', { keyPath: 'id' });
    db.createObjectStore('settings');
    db.createObjectStore('counters');
  },
];

export const DB_VERSION = UPGRADES.length;

export interface OpenOptions {
  /** Called when this handle becomes unusable: forget it and open a new one when needed. */
  onClose?: () => void;
}

export async function openTanggapDb(name = 'tanggap', { onClose }: OpenOptions = {}) {
  const db = await openDB<TanggapSchema>(name, DB_VERSION, {
    upgrade(database, oldVersion, _newVersion, tx) {
      for (let version = oldVersion; version < UPGRADES.length; version++) {
        UPGRADES[version]!(database, tx);
      }
    },
    // An updated extension opening a newer version must not wait on this old handle.
    blocking() {
      db.close();
      onClose?.();
    },
    terminated() {
      onClose?.();
    },
  });
  return db;
}

// ---------------------------------------------------------------------------------------
// Assignments

/** The known assignments among `ids`, in one readonly transaction. */
export async function getAssignments(
  db: TanggapDb,
  ids: readonly string[],
): Promise<Record<string, Assignment>> {
  const tx = db.transaction('assignments', 'readonly');
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => tx.store.get(id)));
  await tx.done;
  const result: Record<string, Assignment> = {};
  for (const a of found) if (a) result[a.tweetId] = a;
  return result;
}

export function getAssignment(db: TanggapDb, tweetId: string): Promise<Assignment | undefined> {
  return db.get('assignments', tweetId);
}

export interface UpdateResult {
  assignment: Assignment | undefined;
  /** False when `fn` returned the current value itself (or nothing): nothing was written. */
  changed: boolean;
}

/**
 * Read-modify-write in one transaction, so two officers' changes cannot interleave. `fn`
 * must be synchronous (an await would let the transaction commit early); if it throws,
 * nothing is written. Resolves only once the write is durable.
 */
export async function updateAssignment(
  db: TanggapDb,
  tweetId: string,
  fn: (current: Assignment | undefined) => Assignment | undefined,
): Promise<UpdateResult> {
  const tx = db.transaction(['assignments', 'counters'], 'readwrite', { durability: 'strict' });
  const store = tx.objectStore('assignments');
  try {
    const current = await store.get(tweetId);
    const next = fn(current);
    const changed = next !== undefined && next !== current;
    if (changed) {
      if (next.tweetId !== tweetId) throw new Error(`Cannot store ${next.tweetId} as ${tweetId}`);
      await Promise.all([store.put(next), adjustOpenCounts(tx, [[current, next]])]);
    }
    await tx.done;
    return { assignment: changed ? next : current, changed };
  } catch (error) {
    abortQuietly(tx);
    await tx.done.catch(() => {});
    throw error;
  }
}

type CountersTx = IDBPTransaction<TanggapSchema, ('assignments' | 'counters')[], 'readwrite'>;

const openKey = (departmentId?: string) => (departmentId ? `open:${departmentId}` : 'open');

/** Applies the open-count changes of some writes (before → after), in their transaction. */
async function adjustOpenCounts(
  tx: CountersTx,
  writes: readonly (readonly [Assignment | undefined, Assignment])[],
): Promise<void> {
  const deltas = new Map<string, number>();
  const add = (a: Assignment | undefined, delta: number) => {
    if (a?.status !== 'open') return;
    for (const key of [openKey(), openKey(a.departmentId)]) {
      deltas.set(key, (deltas.get(key) ?? 0) + delta);
    }
  };
  for (const [before, after] of writes) {
    add(before, -1);
    add(after, +1);
  }
  const counters = tx.objectStore('counters');
  await Promise.all(
    [...deltas].map(async ([key, delta]) => {
      if (delta === 0) return;
      const value = (await counters.get(key)) ?? 0;
      await counters.put(Math.max(0, value + delta), key);
    }),
  );
}

/** Stores all of `list` in one transaction, or none of it. */
export async function putAssignments(db: TanggapDb, list: readonly Assignment[]): Promise<void> {
  const tx = db.transaction(['assignments', 'counters'], 'readwrite', { durability: 'strict' });
  const store = tx.objectStore('assignments');
  await allOrNothing(tx, async (requests) => {
    const before: Promise<Assignment | undefined>[] = [];
    for (const a of list) before.push(track(requests, store.get(a.tweetId)));
    const stored = await Promise.all(before);
    // A record listed twice replaces its own earlier copy, not the stored one.
    const latest = new Map<string, Assignment | undefined>();
    const writes = list.map((a, i) => {
      const old = latest.has(a.tweetId) ? latest.get(a.tweetId) : stored[i];
      latest.set(a.tweetId, a);
      return [old, a] as const;
    });
    // Awaited with the others in allOrNothing.
    for (const a of list) void track(requests, store.put(a));
    await track(requests, adjustOpenCounts(tx, writes));
  });
}

function track<T>(requests: Promise<unknown>[], request: Promise<T>): Promise<T> {
  requests.push(request);
  return request;
}

/**
 * Runs `write` and waits for the commit, or aborts. A bad key or value makes a request
 * throw synchronously: without the abort, the requests queued before it would commit.
 */
async function allOrNothing(
  tx: { abort(): void; done: Promise<void> },
  write: (requests: Promise<unknown>[]) => void | Promise<void>,
): Promise<void> {
  const requests: Promise<unknown>[] = [];
  try {
    await write(requests);
    await Promise.all([...requests, tx.done]);
  } catch (error) {
    abortQuietly(tx);
    // Every request rejects once aborted: settle them all so none goes unhandled.
    await Promise.allSettled([...requests, tx.done]);
    throw error;
  }
}

function abortQuietly(tx: { abort(): void }) {
  try {
    tx.abort();
  } catch {
    // Already committed or aborted.
  }
}

// ---------------------------------------------------------------------------------------
// The backlog

export interface BacklogQuery {
  departmentId?: string;
  limit?: number;
  nowMs: number;
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
  { departmentId, limit = 100, nowMs }: BacklogQuery,
): Promise<Backlog> {
  const now = new Date(nowMs).toISOString();
  const soon = new Date(nowMs + DUE_SOON_WINDOW_MS).toISOString();
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
): Promise<{ overdue: number; dueSoon: number }> {
  const { summary } = await getBacklog(db, { nowMs, limit: 0 });
  return { overdue: summary.overdue, dueSoon: summary.dueSoon };
}

/** Recomputes the open counters from the items themselves (a repair; walks the index). */
export async function recountOpen(db: TanggapDb): Promise<void> {
  const tx = db.transaction(['assignments', 'counters'], 'readwrite', { durability: 'strict' });
  const counts = new Map<string, number>([[openKey(), 0]]);
  const range = IDBKeyRange.bound(['open'], ['open', []]);
  let cursor = await tx.objectStore('assignments').index('by-status-deadline').openCursor(range);
  while (cursor) {
    for (const key of [openKey(), openKey(cursor.value.departmentId)]) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    cursor = await cursor.continue();
  }
  const counters = tx.objectStore('counters');
  await counters.clear();
  await Promise.all([...[...counts].map(([key, n]) => counters.put(n, key)), tx.done]);
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

// ---------------------------------------------------------------------------------------
// Departments

export async function listDepartments(db: TanggapDb): Promise<Department[]> {
  const all = await db.getAll('departments');
  return all.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

export function getDepartment(db: TanggapDb, id: string): Promise<Department | undefined> {
  return db.get('departments', id);
}

/**
 * Fills an empty directory. Never touches a non-empty one, so an admin's edits survive
 * extension updates. Resolves to whether it seeded.
 */
export async function seedDepartments(
  db: TanggapDb,
  defaults: readonly Department[],
): Promise<boolean> {
  const tx = db.transaction('departments', 'readwrite', { durability: 'strict' });
  if ((await tx.store.count()) > 0) {
    await tx.done;
    return false;
  }
  await allOrNothing(tx, (requests) => {
    for (const d of defaults) requests.push(tx.store.put(d));
  });
  return true;
}

// ---------------------------------------------------------------------------------------
// Settings

export interface Settings {
  /** Recorded as `by` in every change; empty until the officer sets it. */
  officerName: string;
}

export async function getSetting<K extends keyof Settings>(
  db: TanggapDb,
  key: K,
): Promise<Settings[K] | undefined> {
  return (await db.get('settings', key)) as Settings[K] | undefined;
}

export async function setSetting<K extends keyof Settings>(
  db: TanggapDb,
  key: K,
  value: Settings[K],
): Promise<void> {
  const tx = db.transaction('settings', 'readwrite', { durability: 'strict' });
  await Promise.all([tx.store.put(value, key), tx.done]);
}
