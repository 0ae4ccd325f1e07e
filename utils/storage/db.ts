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
import { DUE_SOON_WINDOW_MS } from '../domain/sla';
import { DEFAULT_PROGRAMMES } from '../domain/programmes';
import type { Assignment, Backlog, Department, Programme, ProgrammeMention } from '../domain/types';
import {
  LEGACY_SETTINGS_KEYS,
  migrateSettings,
  SETTINGS_KEY,
  SETTINGS_VERSION,
} from '../domain/settings';
import {
  applyMutation,
  parseMutation,
  sortDirectory,
  targetOf,
  usageNeeded,
  type Mutation,
  type MutationEffect,
  type MutationState,
} from '../domain/sync-mutations';
import { teamSettingsOf, type TeamSettings } from '../domain/settings';
import type { PullResponse, Refusal } from '../domain/sync-protocol';
import {
  EMPTY_SYNC_STATE,
  MAX_REFUSALS,
  type OutboxEntry,
  type StoredRefusal,
  type SyncState,
} from '../domain/sync-state';
import { TanggapError } from '../domain/errors';

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
  programmes: { key: string; value: Programme };
  /** Each post once per programme, whatever how often it is seen. */
  'programme-mentions': {
    key: [string, string];
    value: ProgrammeMention;
    indexes: { 'by-programme-day': [string, string] };
  };
  /** Team sync: the mutations not yet confirmed by the server, by mutation id. */
  outbox: { key: number; value: OutboxEntry };
  /** Team sync: out-of-line keys, `state` (SyncState) and `refusals` (StoredRefusal[]). */
  sync: { key: string; value: unknown };
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
  (db, tx) => {
    db.createObjectStore('programmes', { keyPath: 'id' });
    const mentions = db.createObjectStore('programme-mentions', {
      keyPath: ['programmeId', 'tweetId'],
    });
    mentions.createIndex('by-programme-day', ['programmeId', 'day']);
    // Seeded here, once: a city that removes the examples does not get them back.
    for (const p of DEFAULT_PROGRAMMES) void tx.objectStore('programmes').put(p);
  },
  (db) => {
    db.createObjectStore('outbox', { keyPath: 'id' });
    db.createObjectStore('sync');
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

/**
 * Every assignment of a post with an id from `sinceId` on (ids of the same length), at most
 * `limit`, the newest posts kept: when the limit cuts some, `sinceId` moves up to the oldest
 * post kept, so a post from `sinceId` on that is not listed is not assigned.
 */
export async function getRecentAssignments(
  db: TanggapDb,
  sinceId: string,
  limit: number,
): Promise<{ sinceId: string; assignments: Assignment[] }> {
  const newest = '9'.repeat(sinceId.length);
  const sameLength = (id: string) => id.length === sinceId.length;
  const tx = db.transaction('assignments', 'readonly');
  const keys = (await tx.store.getAllKeys(IDBKeyRange.bound(sinceId, newest))).filter(sameLength);
  const from = keys.length > limit ? keys[keys.length - limit]! : sinceId;
  const found = await tx.store.getAll(IDBKeyRange.bound(from, newest));
  await tx.done;
  return { sinceId: from, assignments: found.filter((a) => sameLength(a.tweetId)) };
}

export function getAssignment(db: TanggapDb, tweetId: string): Promise<Assignment | undefined> {
  return db.get('assignments', tweetId);
}

type CountersTx = IDBPTransaction<TanggapSchema, ('assignments' | 'counters')[], 'readwrite'>;

const openKey = (departmentId?: string) => (departmentId ? `open:${departmentId}` : 'open');

/** Applies the open-count changes of some writes (before → after; none: deleted). */
async function adjustOpenCounts(
  tx: CountersTx,
  writes: readonly (readonly [Assignment | undefined, Assignment | undefined])[],
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
  return sortDirectory(await db.getAll('departments'));
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

/** How many items (open or not) point at a department: one key range of an index. */
export function countDepartmentAssignments(db: TanggapDb, id: string): Promise<number> {
  return db
    .transaction('assignments', 'readonly')
    .store.index('by-department-status-deadline')
    .count(departmentRange(id));
}

// Keys are [departmentId, status, deadline]: an array sorts after every string.
const departmentRange = (id: string) => IDBKeyRange.bound([id], [id, []]);

// ---------------------------------------------------------------------------------------
// Settings (utils/settings.ts gives them their type, defaults and migrations)

/** The records of the settings store named in `only` (every record without it), by key. */
export async function readSettingsRecords(
  db: TanggapDb,
  only?: readonly string[],
): Promise<Record<string, unknown>> {
  const tx = db.transaction('settings', 'readonly');
  if (only) {
    const values = await Promise.all(only.map((key) => tx.store.get(key)));
    await tx.done;
    return Object.fromEntries(
      only.flatMap((key, i) => (values[i] === undefined ? [] : [[key, values[i]]])),
    );
  }
  const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll(), tx.done]);
  return Object.fromEntries(keys.map((key, i) => [key, values[i]]));
}

/**
 * Read-modify-write of the settings store in one transaction: `fn` (synchronous; throws to
 * refuse) sees the records named in `only` (every record without it) and names the one to
 * put and the ones to delete. Resolves with
 * the value put, once committed.
 */
export async function updateSettingsRecords<T>(
  db: TanggapDb,
  fn: (records: Record<string, unknown>) => { key: string; value: T; remove?: string[] },
  only?: readonly string[],
): Promise<T> {
  const tx = db.transaction('settings', 'readwrite', { durability: 'strict' });
  try {
    const [keys, values] = only
      ? [only, await Promise.all(only.map((k) => tx.store.get(k)))]
      : await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
    const found = keys.flatMap((k, i) => (values[i] === undefined ? [] : [[k, values[i]]]));
    const { key, value, remove = [] } = fn(Object.fromEntries(found));
    await Promise.all([
      tx.store.put(value, key),
      ...remove.filter((k) => k !== key).map((k) => tx.store.delete(k)),
      tx.done,
    ]);
    return value;
  } catch (error) {
    abortQuietly(tx);
    await tx.done.catch(() => {});
    throw error;
  }
}

// ---------------------------------------------------------------------------------------
// Escalation, export and backup

/** The settings-store record of escalation's last check (see utils/escalation.ts). */
export const NOTIFIED_KEY = 'notified';

/** What an escalation check reads: open items by deadline ranges, and items changed since. */
export interface EscalationScan {
  /** Open items whose deadline is in (lower, upper]. */
  deadlineRanges: (readonly [lower: string, upper: string])[];
  /** Items (any status) updated after this instant; none when null. */
  changedAfter: string | null;
}

const MARK_PREFIX = 'notified:';

/**
 * Decides and records, in one transaction, which urgent items to notify. `plan` turns the
 * stored record into the index ranges that can hold news since the last check (so the cost
 * follows what changed, not how many items are overdue); the items found there, those
 * updated since, and `changedIds` (just written) are the candidates. `decide` (synchronous)
 * gets them with each one's stored mark (what was notified for it, by key: only theirs are
 * read) and names the changes, the marks to put or delete (null) and the new record; all of
 * it is committed before this resolves with the items it named.
 */
export async function recordEscalations<K, M>(
  db: TanggapDb,
  plan: (stored: unknown) => EscalationScan,
  decide: (
    candidates: Assignment[],
    marks: ReadonlyMap<string, unknown>,
  ) => { changes: { tweetId: string; kind: K }[]; marks: Map<string, M | null>; record: unknown },
  changedIds: readonly string[] = [],
): Promise<{ kind: K; assignment: Assignment }[]> {
  const tx = db.transaction(['assignments', 'settings'], 'readwrite', { durability: 'strict' });
  try {
    const store = tx.objectStore('assignments');
    const settings = tx.objectStore('settings');
    const stored = await settings.get(NOTIFIED_KEY);
    const { deadlineRanges, changedAfter } = plan(stored);
    const byDeadline = store.index('by-status-deadline');
    const found = await Promise.all([
      ...deadlineRanges
        .filter(([lower, upper]) => lower < upper)
        .map(([lower, upper]) =>
          byDeadline.getAll(IDBKeyRange.bound(['open', lower], ['open', upper], true, false)),
        ),
      changedAfter === null
        ? []
        : store.index('by-updatedAt').getAll(IDBKeyRange.lowerBound(changedAfter, true)),
      Promise.all([...new Set(changedIds)].map((id) => store.get(id))),
    ]);
    const candidates = new Map<string, Assignment>();
    for (const a of found.flat()) if (a) candidates.set(a.tweetId, a);
    const ids = [...candidates.keys()];
    const stamps = await Promise.all(ids.map((id) => settings.get(MARK_PREFIX + id)));
    const { changes, marks, record } = decide(
      [...candidates.values()],
      new Map(ids.map((id, i) => [id, stamps[i]])),
    );
    await Promise.all([
      settings.put(record, NOTIFIED_KEY),
      ...[...marks].map(([id, mark]) =>
        mark === null ? settings.delete(MARK_PREFIX + id) : settings.put(mark, MARK_PREFIX + id),
      ),
      tx.done,
    ]);
    return changes.flatMap((c) => {
      const assignment = candidates.get(c.tweetId);
      return assignment ? [{ kind: c.kind, assignment }] : [];
    });
  } catch (error) {
    abortQuietly(tx);
    await tx.done.catch(() => {});
    throw error;
  }
}

/** What a shown notification named, so that its click shows exactly those items. */
export interface NotificationRecord {
  /** When it was shown (ISO 8601). */
  at: string;
  tweetIds: string[];
}

const NOTIFICATION_PREFIX = 'notification:';
const notificationRange = () =>
  IDBKeyRange.bound(NOTIFICATION_PREFIX, `${NOTIFICATION_PREFIX}\uffff`);

/**
 * Stores what notifications name, keyed by notification id, and removes those shown before
 * `pruneBeforeIso`; resolves once committed.
 */
export async function putNotificationRecords(
  db: TanggapDb,
  records: readonly { id: string; record: NotificationRecord }[],
  pruneBeforeIso: string,
): Promise<void> {
  const tx = db.transaction('settings', 'readwrite', { durability: 'strict' });
  await allOrNothing(tx, async (requests) => {
    let cursor = await track(requests, tx.store.openCursor(notificationRange()));
    while (cursor) {
      const value = cursor.value as Partial<NotificationRecord> | undefined;
      if (!(typeof value?.at === 'string' && value.at >= pruneBeforeIso)) {
        void track(requests, cursor.delete());
      }
      cursor = await cursor.continue();
    }
    for (const { id, record } of records) {
      void track(requests, tx.store.put(record, NOTIFICATION_PREFIX + id));
    }
  });
}

export async function getNotificationRecord(
  db: TanggapDb,
  id: string,
): Promise<NotificationRecord | undefined> {
  const value = (await db.get('settings', NOTIFICATION_PREFIX + id)) as
    Partial<NotificationRecord> | undefined;
  if (typeof value?.at !== 'string' || !Array.isArray(value.tweetIds)) return undefined;
  return { at: value.at, tweetIds: value.tweetIds.filter((x) => typeof x === 'string') };
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

/**
 * Everything a backup holds, read in one transaction so it is one moment's state. The
 * assignments go to `onPage` (synchronous) a page at a time: 100,000 of them are never held
 * as one list. Of the settings store, only the records named in `settingsKeys` are read.
 */
export async function readBackupData(
  db: TanggapDb,
  settingsKeys: readonly string[],
  onPage: (assignments: Assignment[]) => void,
  pageSize = 1_000,
): Promise<{
  departments: Department[];
  programmes: Programme[];
  settings: Record<string, unknown>;
}> {
  const tx = db.transaction(['assignments', 'departments', 'programmes', 'settings'], 'readonly');
  const settings = tx.objectStore('settings');
  const [departments, programmes, values] = await Promise.all([
    tx.objectStore('departments').getAll(),
    tx.objectStore('programmes').getAll(),
    Promise.all(settingsKeys.map((key) => settings.get(key))),
  ]);
  const store = tx.objectStore('assignments');
  let range: IDBKeyRange | undefined;
  for (;;) {
    const page = await store.getAll(range, pageSize);
    if (page.length === 0) break;
    onPage(page);
    if (page.length < pageSize) break;
    range = IDBKeyRange.lowerBound(page.at(-1)!.tweetId, true);
  }
  await tx.done;
  departments.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const found = settingsKeys.flatMap((key, i) =>
    values[i] === undefined ? [] : [[key, values[i]] as const],
  );
  return { departments, programmes, settings: Object.fromEntries(found) };
}

/**
 * Replaces assignments, directory, programmes and settings in one transaction, or changes
 * nothing. The open counters are rebuilt from the new items in the same transaction. Of the
 * settings store, the records in `settings` are put and those in `removeSettings` deleted;
 * the others (what escalation already notified, notifications' items) stay.
 * Programme mentions are counts of posts seen, not in a backup: those of the programmes that
 * remain stay, those of the others go with them (as in `putProgrammes` with `replace`).
 */
export async function replaceAllData(
  db: TanggapDb,
  data: {
    assignments: readonly Assignment[];
    departments: readonly Department[];
    programmes: readonly Programme[];
    settings: Record<string, unknown>;
    removeSettings?: readonly string[];
  },
): Promise<void> {
  const tx = db.transaction(
    [
      'assignments',
      'departments',
      'programmes',
      'programme-mentions',
      'counters',
      'settings',
      'sync',
    ],
    'readwrite',
    { durability: 'strict' },
  );
  await allOrNothing(tx, async (requests) => {
    // A restore would bypass the team's one order of changes.
    refuseWhileInTeam(syncStateOf(await track(requests, tx.objectStore('sync').get(STATE_KEY))));
    const settings = tx.objectStore('settings');
    const keeping = new Set(data.programmes.map((p) => p.id));
    const dropped = (await track(requests, tx.objectStore('programmes').getAllKeys())).filter(
      (id) => !keeping.has(id),
    );
    for (const id of dropped) {
      void track(requests, tx.objectStore('programme-mentions').delete(mentionRange(id)));
    }
    const assignments = tx.objectStore('assignments');
    const departments = tx.objectStore('departments');
    const programmes = tx.objectStore('programmes');
    const counters = tx.objectStore('counters');
    // Requests on one store run in order: each clear comes before the puts that follow it.
    for (const store of [assignments, departments, programmes, counters]) {
      void track(requests, store.clear());
    }
    for (const p of data.programmes) void track(requests, programmes.put(p));
    const counts = new Map<string, number>([[openKey(), 0]]);
    for (const a of data.assignments) {
      void track(requests, assignments.put(a));
      if (a.status !== 'open') continue;
      for (const key of [openKey(), openKey(a.departmentId)]) {
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    for (const [key, n] of counts) void track(requests, counters.put(n, key));
    for (const d of data.departments) void track(requests, departments.put(d));
    for (const key of data.removeSettings ?? []) {
      if (!(key in data.settings)) void track(requests, settings.delete(key));
    }
    for (const [key, value] of Object.entries(data.settings)) {
      void track(requests, settings.put(value, key));
    }
  });
}

// ---------------------------------------------------------------------------------------
// Programmes and their mentions

export async function listProgrammes(db: TanggapDb): Promise<Programme[]> {
  const all = await db.getAll('programmes');
  return all.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/**
 * Stores programmes (new or changed) in one transaction, or none of them. With `replace`,
 * the list becomes the whole set: the others and their mentions are removed (a restore).
 */
export async function putProgrammes(
  db: TanggapDb,
  list: readonly Programme[],
  { replace = false }: { replace?: boolean } = {},
): Promise<void> {
  const tx = db.transaction(['programmes', 'programme-mentions'], 'readwrite', {
    durability: 'strict',
  });
  const store = tx.objectStore('programmes');
  await allOrNothing(tx, async (requests) => {
    if (replace) {
      const keeping = new Set(list.map((p) => p.id));
      const dropped = (await track(requests, store.getAllKeys())).filter((id) => !keeping.has(id));
      for (const id of dropped) {
        void track(requests, store.delete(id));
        void track(requests, tx.objectStore('programme-mentions').delete(mentionRange(id)));
      }
    }
    for (const p of list) void track(requests, store.put(p));
  });
}

// Keys are [programmeId, tweetId]: an array sorts after every string.
const mentionRange = (programmeId: string) => IDBKeyRange.bound([programmeId], [programmeId, []]);

/** Removes a programme and its counted mentions, in one transaction. False if there was none. */
export async function removeProgramme(db: TanggapDb, id: string): Promise<boolean> {
  const tx = db.transaction(['programmes', 'programme-mentions'], 'readwrite', {
    durability: 'strict',
  });
  const existed = (await tx.objectStore('programmes').count(id)) > 0;
  if (existed) {
    await Promise.all([
      tx.objectStore('programmes').delete(id),
      tx.objectStore('programme-mentions').delete(mentionRange(id)),
    ]);
  }
  await tx.done;
  return existed;
}

/**
 * Counts posts for programmes, each (programme, post) once however often it is reported.
 * Resolves, once committed, to how many were new.
 */
export async function recordProgrammeMentions(
  db: TanggapDb,
  mentions: readonly ProgrammeMention[],
): Promise<number> {
  const tx = db.transaction('programme-mentions', 'readwrite', { durability: 'strict' });
  let added = 0;
  await allOrNothing(tx, async (requests) => {
    const known = await Promise.all(
      mentions.map((m) => track(requests, tx.store.count([m.programmeId, m.tweetId]))),
    );
    const seen = new Set<string>();
    mentions.forEach((m, i) => {
      const key = `${m.programmeId}\u0000${m.tweetId}`;
      if (known[i] || seen.has(key)) return;
      seen.add(key);
      added++;
      void track(requests, tx.store.put(m));
    });
  });
  return added;
}

/** How many posts mention each programme on each day: one index count per cell. */
export async function countProgrammeMentions(
  db: TanggapDb,
  programmeIds: readonly string[],
  days: readonly string[],
): Promise<Record<string, number[]>> {
  const tx = db.transaction('programme-mentions', 'readonly');
  const index = tx.store.index('by-programme-day');
  const rows = await Promise.all(
    programmeIds.map((id) => Promise.all(days.map((day) => index.count([id, day])))),
  );
  await tx.done;
  return Object.fromEntries(programmeIds.map((id, i) => [id, rows[i]!]));
}

// ---------------------------------------------------------------------------------------
// Team sync: the one write path for shared changes, the outbox, and what a pull brings

const STATE_KEY = 'state';
const REFUSALS_KEY = 'refusals';

function syncStateOf(stored: unknown): SyncState {
  return typeof stored === 'object' && stored !== null
    ? { ...EMPTY_SYNC_STATE, ...(stored as Partial<SyncState>) }
    : { ...EMPTY_SYNC_STATE };
}

export async function readSyncState(db: TanggapDb): Promise<SyncState> {
  return syncStateOf(await db.get('sync', STATE_KEY));
}

/** Read-modify-write of the sync state; `fn` is synchronous. Resolves with it once committed. */
export async function updateSyncState(
  db: TanggapDb,
  fn: (state: SyncState) => SyncState,
  { clearOutbox = false }: { clearOutbox?: boolean } = {},
): Promise<SyncState> {
  const tx = db.transaction(['sync', 'outbox'], 'readwrite', { durability: 'strict' });
  let next: SyncState | undefined;
  await allOrNothing(tx, async (requests) => {
    next = fn(syncStateOf(await track(requests, tx.objectStore('sync').get(STATE_KEY))));
    void track(requests, tx.objectStore('sync').put(next, STATE_KEY));
    if (clearOutbox) {
      void track(requests, tx.objectStore('outbox').clear());
      void track(requests, tx.objectStore('sync').delete(REFUSALS_KEY));
    }
  });
  return next!;
}

/** Outbox entries above `after` (all by default), in id order. */
export async function listOutbox(db: TanggapDb, limit?: number, after = 0): Promise<OutboxEntry[]> {
  return db.getAll('outbox', IDBKeyRange.lowerBound(after, true), limit);
}

export function countOutbox(db: TanggapDb, after = 0): Promise<number> {
  return db.count('outbox', IDBKeyRange.lowerBound(after, true));
}

export function countAssignments(db: TanggapDb): Promise<number> {
  return db.count('assignments');
}

export async function listRefusals(db: TanggapDb): Promise<StoredRefusal[]> {
  const stored = await db.get('sync', REFUSALS_KEY);
  return Array.isArray(stored) ? (stored as StoredRefusal[]) : [];
}

type SyncStores = ('assignments' | 'counters' | 'departments' | 'settings' | 'outbox' | 'sync')[];
const SYNC_STORES: SyncStores = [
  'assignments',
  'counters',
  'departments',
  'settings',
  'outbox',
  'sync',
];
type SyncTx = IDBPTransaction<TanggapSchema, SyncStores, 'readwrite'>;

/** The settings record with the team's settings merged in, the officer's own fields kept. */
function withTeamSettings(records: Record<string, unknown>, team: TeamSettings) {
  const settings = migrateSettings(records);
  return { ...settings, ...teamSettingsOf({ ...settings, ...team }), version: SETTINGS_VERSION };
}

async function readSettingsIn(tx: SyncTx, requests: Promise<unknown>[]) {
  const store = tx.objectStore('settings');
  const keys = [SETTINGS_KEY, ...LEGACY_SETTINGS_KEYS];
  const values = await Promise.all(keys.map((k) => track(requests, store.get(k))));
  return Object.fromEntries(
    keys.flatMap((k, i) => (values[i] === undefined ? [] : [[k, values[i]]])),
  ) as Record<string, unknown>;
}

function writeSettingsIn(
  tx: SyncTx,
  requests: Promise<unknown>[],
  records: Record<string, unknown>,
  team: TeamSettings,
) {
  const store = tx.objectStore('settings');
  void track(requests, store.put(withTeamSettings(records, team), SETTINGS_KEY));
  for (const key of LEGACY_SETTINGS_KEYS) void track(requests, store.delete(key));
}

function writeDirectoryIn(tx: SyncTx, requests: Promise<unknown>[], list: readonly Department[]) {
  const store = tx.objectStore('departments');
  void track(requests, store.clear());
  for (const d of list) void track(requests, store.put(d));
}

async function itemsUsingIn(tx: SyncTx, requests: Promise<unknown>[], ids: readonly string[]) {
  const index = tx.objectStore('assignments').index('by-department-status-deadline');
  const counts = await Promise.all(
    ids.map((id) => track(requests, index.count(departmentRange(id)))),
  );
  return new Map(ids.map((id, i) => [id, counts[i] ?? 0]));
}

export interface CommitResult {
  effect: MutationEffect;
  before: MutationState;
  /** The outbox entry, when logged in to a team and something changed. */
  queued: OutboxEntry | null;
}

/**
 * Applies a checked mutation and, when logged in to a team, queues it in the outbox, in ONE
 * transaction: the local change and its outbox entry commit together or not at all. When
 * logged in, the change is recorded as the logged-in user's. Throws (changing nothing) when
 * the mutation is refused, rights included; resolves once committed.
 */
export async function commitMutation(
  db: TanggapDb,
  m: Mutation,
  { by, at }: { by: string; at: string },
): Promise<CommitResult> {
  const tx = db.transaction(SYNC_STORES, 'readwrite', { durability: 'strict' });
  let result: CommitResult | undefined;
  await allOrNothing(tx, async (requests) => {
    const target = targetOf(m);
    const [stored, storedDirectory, records, assignment] = await Promise.all([
      track(requests, tx.objectStore('sync').get(STATE_KEY)),
      track(requests, tx.objectStore('departments').getAll()),
      readSettingsIn(tx, requests),
      target === undefined ? undefined : track(requests, tx.objectStore('assignments').get(target)),
    ]);
    const sync = syncStateOf(stored);
    const departments = sortDirectory(storedDirectory);
    const before: MutationState = {
      assignment,
      departments,
      settings: teamSettingsOf(migrateSettings(records)),
      itemsUsing: await itemsUsingIn(tx, requests, usageNeeded(m, departments)),
    };
    const who = sync.actor?.username ?? by;
    const effect = applyMutation(before, m, sync.actor, who, at);
    writeEffectIn(tx, requests, effect, before, records);
    let queued: OutboxEntry | null = null;
    if (sync.actor && Object.keys(effect).length > 0) {
      queued = { id: sync.nextMutationId, name: m.name, args: m.args, at, by: who };
      void track(requests, tx.objectStore('outbox').put(queued));
      const next = { ...sync, nextMutationId: sync.nextMutationId + 1 };
      void track(requests, tx.objectStore('sync').put(next, STATE_KEY));
    }
    result = { effect, before, queued };
  });
  return result!;
}

function writeEffectIn(
  tx: SyncTx,
  requests: Promise<unknown>[],
  effect: MutationEffect,
  before: MutationState,
  records: Record<string, unknown>,
) {
  if (effect.assignment) {
    void track(requests, tx.objectStore('assignments').put(effect.assignment));
    const counters = tx as unknown as CountersTx;
    void track(requests, adjustOpenCounts(counters, [[before.assignment, effect.assignment]]));
  }
  if (effect.departments) writeDirectoryIn(tx, requests, effect.departments);
  if (effect.settings) writeSettingsIn(tx, requests, records, effect.settings);
}

/**
 * Records a push's answer in one transaction: how far pushes got (`pushedUpTo`, also past the
 * entries of an earlier push whose answer was lost) and the refusals (the last
 * `MAX_REFUSALS`) with what they were about. No entry leaves the outbox here: each stays until
 * a pull brings its effect (`applyPulledPage`), so a pull cut short never shows it undone.
 * Resolves to how many entries the answer newly confirmed.
 */
export async function recordPushAnswer(
  db: TanggapDb,
  answer: { lastMutationId: number; refused: readonly Refusal[] },
  atIso: string,
): Promise<{ confirmed: number; refusals: StoredRefusal[] }> {
  const tx = db.transaction(['outbox', 'sync'], 'readwrite', { durability: 'strict' });
  let out: { confirmed: number; refusals: StoredRefusal[] } | undefined;
  await allOrNothing(tx, async (requests) => {
    const sync = tx.objectStore('sync');
    const outbox = tx.objectStore('outbox');
    const [stored, storedRefusals] = await Promise.all([
      track(requests, sync.get(STATE_KEY)),
      track(requests, sync.get(REFUSALS_KEY)),
    ]);
    const state = syncStateOf(stored);
    const pushedUpTo = Math.max(state.pushedUpTo, answer.lastMutationId);
    const entries =
      answer.lastMutationId > state.pushedUpTo
        ? await track(
            requests,
            outbox.getAll(IDBKeyRange.bound(state.pushedUpTo, answer.lastMutationId, true)),
          )
        : [];
    const byId = new Map(entries.map((e) => [e.id, e]));
    const fresh = answer.refused
      .filter((r) => byId.has(r.id))
      .map((r): StoredRefusal => {
        const entry = byId.get(r.id)!;
        const m = safeParse(entry);
        return { ...r, name: entry.name, tweetId: (m && targetOf(m)) ?? '', at: atIso };
      });
    const kept = Array.isArray(storedRefusals) ? (storedRefusals as StoredRefusal[]) : [];
    const refusals = [...kept, ...fresh].slice(-MAX_REFUSALS);
    if (fresh.length > 0) void track(requests, sync.put(refusals, REFUSALS_KEY));
    void track(requests, sync.put({ ...state, pushedUpTo }, STATE_KEY));
    out = { confirmed: entries.length, refusals: fresh };
  });
  return out!;
}

function safeParse(entry: OutboxEntry): Mutation | null {
  try {
    return parseMutation(entry.name, entry.args);
  } catch {
    return null;
  }
}

/** What a pulled page changed here, for the broadcasts. */
export interface PullApplied {
  /** Items written (pulled, or pulled and changed again by waiting entries). */
  assignments: Assignment[];
  /** Items that left this browser (`removedAssignmentIds`, or all of them on a replace). */
  removedIds: string[];
  /** The page replaced this browser's items with the team's (the first pull of a login). */
  replaced: boolean;
  /** The whole directory, when it changed. */
  departments: Department[] | null;
  /** The team's settings, when they changed. */
  settingsChanged: boolean;
}

/**
 * Applies one pull answer in one transaction: the pulled items, removed items, directory and
 * team settings (`replace`: the first pull of a login, which makes this browser's items and
 * directory the team's); then the outbox entries above the page's `lastMutationId` that touch
 * them, re-applied on top in id order with their own time and author: those not yet pushed,
 * and after a replace those pushed whose item is still to come, so a change already confirmed
 * by a push never shows undone while the pull goes on. One that no longer applies is left for
 * the server to refuse. Entries up to the page's `lastMutationId` leave the outbox.
 */
export async function applyPulledPage(
  db: TanggapDb,
  page: PullResponse,
  { replace, atIso }: { replace: boolean; atIso: string },
): Promise<PullApplied> {
  const tx = db.transaction(SYNC_STORES, 'readwrite', { durability: 'strict' });
  let out: PullApplied | undefined;
  await allOrNothing(tx, async (requests) => {
    const store = tx.objectStore('assignments');
    const outbox = tx.objectStore('outbox');
    const [stored, storedDirectory, records, pending, storedIds] = await Promise.all([
      track(requests, tx.objectStore('sync').get(STATE_KEY)),
      track(requests, tx.objectStore('departments').getAll()),
      readSettingsIn(tx, requests),
      track(requests, outbox.getAll(IDBKeyRange.lowerBound(page.lastMutationId, true))),
      replace ? track(requests, store.getAllKeys()) : Promise.resolve([] as string[]),
    ]);
    const sync = syncStateOf(stored);

    // Items: before (as stored, for the open counters) and after (none: deleted).
    const before = new Map<string, Assignment | undefined>();
    const after = new Map<string, Assignment | undefined>();
    if (replace) {
      void track(requests, store.clear());
      void track(requests, tx.objectStore('counters').clear());
    } else {
      const ids = [...page.assignments.map((a) => a.tweetId), ...page.removedAssignmentIds];
      const olds = await Promise.all(ids.map((id) => track(requests, store.get(id))));
      ids.forEach((id, i) => before.set(id, olds[i]));
    }
    for (const id of page.removedAssignmentIds) after.set(id, undefined);
    for (const a of page.assignments) after.set(a.tweetId, a);
    const pulled = new Set(after.keys());

    const directoryPulled = page.directory !== null;
    let directory = sortDirectory(page.directory ?? storedDirectory);
    let team = page.settings ?? teamSettingsOf(migrateSettings(records));

    // Waiting entries that touch what was pulled, re-applied on top of it.
    let directoryChanged = directoryPulled;
    let settingsChanged = page.settings !== null;
    for (const entry of pending) {
      const m = safeParse(entry);
      if (!m) continue;
      const target = targetOf(m);
      // An entry a push answered is in the server's current rows, which a page holds whole
      // (an item's row, the live directory, the settings): applying it again would apply it
      // twice. It is re-applied only after a replace, to an item still to come in a later page.
      const answered = entry.id <= sync.pushedUpTo;
      const touches = answered
        ? replace && target !== undefined && !pulled.has(target)
        : replace ||
          (target !== undefined
            ? after.has(target)
            : m.name === 'saveTeamSettings'
              ? settingsChanged
              : directoryChanged);
      if (!touches) continue;
      if (target !== undefined && !after.has(target)) {
        // Only after a replace: the store is empty now, so the item is the entries' to make.
        before.set(target, undefined);
        after.set(target, undefined);
      }
      // The index holds what is stored (nothing after a replace); `after` replaces `before`.
      const needed = usageNeeded(m, directory);
      const counted = replace
        ? new Map<string, number>()
        : await itemsUsingIn(tx, requests, needed);
      const using = (id: string, list: Iterable<Assignment | undefined>) =>
        [...list].filter((a) => a?.departmentId === id).length;
      const state: MutationState = {
        assignment: target === undefined ? undefined : after.get(target),
        departments: directory,
        settings: team,
        itemsUsing: new Map(
          needed.map((id) => [
            id,
            (counted.get(id) ?? 0) - using(id, before.values()) + using(id, after.values()),
          ]),
        ),
      };
      let effect: MutationEffect;
      try {
        effect = applyMutation(state, m, sync.actor, entry.by, entry.at);
      } catch {
        continue;
      }
      if (effect.assignment) after.set(effect.assignment.tweetId, effect.assignment);
      if (effect.departments) {
        directory = effect.departments;
        directoryChanged = true;
      }
      if (effect.settings) {
        team = effect.settings;
        settingsChanged = true;
      }
    }

    const writes = [...after].map(([id, a]) => [before.get(id), a] as const);
    const written: Assignment[] = [];
    const removedIds = new Set<string>(replace ? storedIds : []);
    for (const [id, a] of after) {
      if (a) {
        void track(requests, store.put(a));
        written.push(a);
        removedIds.delete(id);
      } else if (before.get(id)) {
        void track(requests, store.delete(id));
        removedIds.add(id);
      }
    }
    void track(requests, adjustOpenCounts(tx as unknown as CountersTx, writes));
    if (directoryChanged) writeDirectoryIn(tx, requests, directory);
    if (settingsChanged) writeSettingsIn(tx, requests, records, team);
    void track(requests, outbox.delete(IDBKeyRange.upperBound(page.lastMutationId)));
    const lastMutationId = Math.max(sync.lastMutationId, page.lastMutationId);
    const next: SyncState = {
      ...sync,
      cursor: page.cursor,
      lastMutationId,
      pushedUpTo: Math.max(sync.pushedUpTo, lastMutationId),
      lastSyncAt: atIso,
      epoch: page.epoch,
    };
    void track(requests, tx.objectStore('sync').put(next, STATE_KEY));
    out = {
      assignments: written,
      removedIds: [...removedIds],
      replaced: replace,
      departments: directoryChanged ? directory : null,
      settingsChanged,
    };
  });
  return out!;
}

/** Refuses a whole-data replacement (import, restore) while logged in to a team. */
export function refuseWhileInTeam(state: SyncState): void {
  if (state.actor) {
    throw new TanggapError(
      'bad-request',
      'Import and restore are for a browser working alone; log out of the team first',
    );
  }
}
