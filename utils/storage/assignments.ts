/**
 * The `assignments` store by key: single items, batches, the newest posts, and the write that
 * keeps what is derived from the items with them.
 */
import type { Assignment } from '../domain/types';
import { afterItemWrites, ITEM_WRITE_STORES } from './item-writes';
import type { TanggapDb } from './schema';
import { allOrNothing, track } from './transactions';

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

/** Stores all of `list` in one transaction, or none of it. */
export async function putAssignments(db: TanggapDb, list: readonly Assignment[]): Promise<void> {
  const tx = db.transaction(ITEM_WRITE_STORES, 'readwrite', { durability: 'strict' });
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
    await track(requests, afterItemWrites(tx, writes));
  });
}

export function countAssignments(db: TanggapDb): Promise<number> {
  return db.count('assignments');
}
