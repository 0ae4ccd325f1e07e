/**
 * The database's shape: its stores and indexes, the upgrades that make each version, and the
 * one function that opens it. Every query takes the handle, so tests open a fresh one.
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
import { DEFAULT_PROGRAMMES } from '../domain/programmes';
import type { Assignment, Department, Programme, ProgrammeMention } from '../domain/types';
import type { OutboxEntry } from '../domain/sync-state';
import { isUntriaged, type Mention } from '../domain/mentions';
import { reportDayOf, reportRowOf, type ReportRow } from '../domain/report-row';
import { reportDay, rowsOfDays, type ReportDay } from './report-day';

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
      'by-postCreatedAt': string;
    };
  };
  departments: { key: string; value: Department };
  /**
   * Out-of-line keys: the officer's settings (`settings.ts`) and escalation's records
   * (`escalations.ts`), each read by its own key and checked by the domain's readers.
   */
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
  /**
   * Team sync: out-of-line keys, `state` (SyncState), `refusals` (StoredRefusal[]) and
   * `quarantined` (StoredQuarantined[]).
   */
  sync: { key: string; value: unknown };
  /**
   * Intake: every citizen's mention of a watched account, by post id; by post time for the
   * report's periods, by dismissal ('' while not dismissed); `by-waiting` holds only the
   * mentions that wait for triage (`mention-waiting.ts` keeps their flag).
   */
  mentions: {
    key: string;
    value: StoredMention;
    indexes: { 'by-createdAt': string; 'by-dismissedAt': string; 'by-waiting': number };
  };
  /** Version 7's rows of the report, one per item; step 8 moves them to `report-days`. */
  'report-rows': {
    key: string;
    value: ReportRow;
    indexes: { 'by-postCreatedAt': string };
  };
  /**
   * The report's rows: what the report reads of each item (`domain/report-row.ts`), one record
   * per Jakarta day of the post (`report-rows.ts`). Kept in the same transaction as every item
   * write (`item-writes.ts`).
   */
  'report-days': { key: string; value: ReportDay };
}

/**
 * A mention as stored: `waiting` is 1 while it waits for triage and absent otherwise, so the
 * `by-waiting` index holds the waiting ones only, however many were received. Mentions
 * recorded before `replyTo` was kept have none.
 */
export type StoredMention = Omit<Mention, 'replyTo'> & { replyTo?: string[]; waiting?: 1 };

export type TanggapDb = IDBPDatabase<TanggapSchema>;
type UpgradeTx = IDBPTransaction<TanggapSchema, StoreNames<TanggapSchema>[], 'versionchange'>;

/**
 * Upgrade step N turns version N into N+1. Append steps, never change what a shipped one does:
 * a browser may hold any earlier version (e.g. a later step adds the sync `outbox` store). A
 * step that walks a store returns its walk, and the next step starts once it is done.
 */
const UPGRADES: ((db: TanggapDb, tx: UpgradeTx) => void | Promise<void>)[] = [
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
  (db) => {
    const mentions = db.createObjectStore('mentions', { keyPath: 'tweetId' });
    mentions.createIndex('by-createdAt', 'createdAt');
    mentions.createIndex('by-dismissedAt', 'dismissedAt');
  },
  (_db, tx) => {
    // The report reads the items whose citizen's post falls in its period.
    tx.objectStore('assignments').createIndex('by-postCreatedAt', 'post.createdAt');
  },
  (_db, tx) => {
    const mentions = tx.objectStore('mentions');
    mentions.createIndex('by-waiting', 'waiting');
    // The flag for the mentions received so far, from their items as stored.
    return (async () => {
      let cursor = await mentions.openCursor();
      while (cursor) {
        const m = cursor.value;
        const item = await tx.objectStore('assignments').get(m.tweetId);
        if (isUntriaged(m, item)) await cursor.update({ ...m, waiting: 1 });
        cursor = await cursor.continue();
      }
    })();
  },
  (db, tx) => {
    const rows = db.createObjectStore('report-rows', { keyPath: 'tweetId' });
    rows.createIndex('by-postCreatedAt', 'post.createdAt');
    // Every stored item's row, one at a time: a desk may hold 100,000 items.
    return (async () => {
      let cursor = await tx.objectStore('assignments').openCursor();
      let unreadable = 0;
      while (cursor) {
        // An item the report cannot read is left out of it, not a reason to fail the upgrade
        // and with it every later open of the database.
        try {
          void rows.put(reportRowOf(cursor.value));
        } catch {
          unreadable++;
        }
        cursor = await cursor.continue();
      }
      if (unreadable > 0) console.error('Tanggap: items left out of the report', unreadable);
    })();
  },
  (db, tx) => {
    const days = db.createObjectStore('report-days', { keyPath: 'day' });
    // The rows in post-time order, so each day's come together: one day in memory at a time.
    return (async () => {
      const flushed = new Set<string>();
      let day = '';
      let rows: ReportRow[] = [];
      const flush = async () => {
        if (rows.length === 0) return;
        // A time written otherwise than the usual way may sort away from its day's others.
        const earlier = flushed.has(day) ? await days.get(day) : undefined;
        void days.put(reportDay(day, earlier ? [...rowsOfDays([earlier]), ...rows] : rows));
        flushed.add(day);
        rows = [];
      };
      let cursor = await tx.objectStore('report-rows').index('by-postCreatedAt').openCursor();
      let unreadable = 0;
      while (cursor) {
        try {
          const rowDay = reportDayOf(cursor.value);
          if (rowDay !== day) {
            await flush();
            day = rowDay;
          }
          // A post whose time is no time is in no day (`report-rows.ts`): no period holds it.
          if (day) rows.push(cursor.value);
        } catch {
          unreadable++;
        }
        cursor = await cursor.continue();
      }
      await flush();
      db.deleteObjectStore('report-rows');
      if (unreadable > 0) console.error('Tanggap: rows left out of the report', unreadable);
    })();
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
      void (async () => {
        for (let version = oldVersion; version < UPGRADES.length; version++) {
          await UPGRADES[version]!(database, tx);
        }
      })().catch((error: unknown) => {
        // As a step that throws at once: the upgrade is undone, and the open fails.
        console.error('Tanggap: the database upgrade failed', error);
        try {
          tx.abort();
        } catch {
          // Already finished: nothing is left to undo.
        }
      });
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
