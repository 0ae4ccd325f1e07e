/**
 * Which mentions wait for triage, kept on the mention itself (`StoredMention.waiting`) in the
 * same transaction as every write that can change it: a mention recorded or dismissed, an item
 * written or removed (`afterItemWrites`), a pull that replaces the items, a restore. The
 * triage list then reads the waiting ones by an index, not every mention against its item.
 */
import type { IDBPTransaction } from 'idb';
import { isUntriaged, type Mention } from '../domain/mentions';
import type { Assignment } from '../domain/types';
import type { StoredMention, TanggapSchema } from './schema';

export type WaitingTx = IDBPTransaction<TanggapSchema, ('assignments' | 'mentions')[], 'readwrite'>;

/** The mention as stored, its flag set from its item (`undefined`: its post has none). */
export function withWaiting(
  m: Mention | StoredMention,
  item: Assignment | undefined,
): StoredMention {
  const mention = mentionOfStored(m);
  return isUntriaged(mention, item) ? { ...mention, waiting: 1 } : mention;
}

/** The mention as the rest of the extension knows it, without the stored flag. */
export function mentionOfStored(stored: StoredMention): Mention {
  const mention: StoredMention = { ...stored, replyTo: stored.replyTo ?? [] };
  delete mention.waiting;
  return mention as Mention;
}

/**
 * Stores `mentions` (new or changed), each with its flag from its item as it is now in `tx`.
 * Resolves once every put is issued: an item write after it sees them.
 */
export async function putMentions(tx: WaitingTx, mentions: readonly Mention[]): Promise<void> {
  if (mentions.length === 0) return;
  const items = tx.objectStore('assignments');
  const store = tx.objectStore('mentions');
  const itemsOf = await Promise.all(mentions.map((m) => items.get(m.tweetId)));
  await Promise.all(mentions.map((m, i) => store.put(withWaiting(m, itemsOf[i]))));
}

/**
 * Sets the flag of the mentions of `items` (each post's item after a write, `undefined` when
 * it was removed). Posts without a mention, and mentions whose flag stays, write nothing.
 */
export async function markWaiting(
  tx: WaitingTx,
  items: Iterable<readonly [tweetId: string, item: Assignment | undefined]>,
): Promise<void> {
  const mentions = tx.objectStore('mentions');
  const latest = new Map(items);
  await Promise.all(
    [...latest].map(async ([id, item]) => {
      const stored = await mentions.get(id);
      if (!stored) return;
      const next = withWaiting(stored, item);
      if (next.waiting !== stored.waiting) await mentions.put(next);
    }),
  );
}

/** Sets every mention's flag from the items as they are now in `tx` (after a replace). */
export async function markAllWaiting(tx: WaitingTx): Promise<void> {
  const assignments = tx.objectStore('assignments');
  let cursor = await tx.objectStore('mentions').openCursor();
  while (cursor) {
    const stored = cursor.value;
    const next = withWaiting(stored, await assignments.get(stored.tweetId));
    if (next.waiting !== stored.waiting) await cursor.update(next);
    cursor = await cursor.continue();
  }
}
