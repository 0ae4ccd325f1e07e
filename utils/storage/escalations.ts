/**
 * Escalation's records in the `settings` store, beside the settings' own, by key:
 * `notified` (EscalationState: the last check), `notified:<post id>` (NotifiedMark: what was
 * notified for the item) and `notification:<id>` (NotificationRecord: what it named). They
 * are read as `unknown` and checked by the domain's readers: a record of an older version or
 * a broken write must not stop escalation.
 */
import type {
  EscalationChange,
  EscalationKind,
  EscalationState,
  NotificationRecord,
  NotifiedMark,
} from '../domain/escalation';
import { storedNotificationRecord } from '../domain/schemas/stored';
import type { Assignment } from '../domain/types';
import type { TanggapDb } from './schema';
import { abortQuietly, allOrNothing, track } from './transactions';

/** The settings-store record of escalation's last check (see domain/escalation.ts). */
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
export async function recordEscalations(
  db: TanggapDb,
  plan: (stored: unknown) => EscalationScan,
  decide: (
    candidates: Assignment[],
    marks: ReadonlyMap<string, unknown>,
  ) => {
    changes: EscalationChange[];
    marks: ReadonlyMap<string, NotifiedMark | null>;
    record: EscalationState;
  },
  changedIds: readonly string[] = [],
): Promise<{ kind: EscalationKind; assignment: Assignment }[]> {
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
      const value = storedNotificationRecord(cursor.value);
      if (!(value && value.at >= pruneBeforeIso)) {
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
  return storedNotificationRecord(await db.get('settings', NOTIFICATION_PREFIX + id));
}
