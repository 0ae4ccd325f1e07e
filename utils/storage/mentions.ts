/**
 * The `mentions` store: every citizen's mention of a watched account, recorded once (the first
 * sighting kept), and what of it still waits for triage (not dismissed, its post not assigned).
 */
import { isUntriaged, mergeMention, type Mention } from '../domain/mentions';
import type { TanggapDb } from './schema';
import { allOrNothing, track } from './transactions';

/**
 * Records mentions seen on X, each post once however often it is seen (the first sighting's
 * time and a dismissal stay). Resolves, once committed, to the mentions new or changed.
 */
export async function recordMentions(
  db: TanggapDb,
  incoming: readonly Mention[],
): Promise<Mention[]> {
  const tx = db.transaction('mentions', 'readwrite', { durability: 'strict' });
  const written: Mention[] = [];
  await allOrNothing(tx, async (requests) => {
    const byId = new Map<string, Mention>();
    for (const m of incoming) byId.set(m.tweetId, mergeMention(byId.get(m.tweetId), m) ?? m);
    const ids = [...byId.keys()];
    const known = await Promise.all(ids.map((id) => track(requests, tx.store.get(id))));
    ids.forEach((id, i) => {
      const next = mergeMention(known[i], byId.get(id)!);
      if (!next) return;
      written.push(next);
      void track(requests, tx.store.put(next));
    });
  });
  return written;
}

/** The mentions posted from `from` (inclusive) to `to` (exclusive), ISO 8601, by post time. */
export async function listMentions(
  db: TanggapDb,
  { from, to }: { from?: string; to?: string } = {},
): Promise<Mention[]> {
  const range =
    from && to
      ? IDBKeyRange.bound(from, to, false, true)
      : from
        ? IDBKeyRange.lowerBound(from)
        : to
          ? IDBKeyRange.upperBound(to, true)
          : undefined;
  return db.getAllFromIndex('mentions', 'by-createdAt', range);
}

/**
 * The mentions waiting for triage: not dismissed, and their posts not assigned. Keys are read
 * first (the mentions not dismissed, the items among the same ids, the unassigned items), so
 * only the waiting mentions' records are read, not every item's: a month of intake is
 * thousands of mentions, nearly all of them assigned.
 */
export async function listUntriagedMentions(db: TanggapDb): Promise<Mention[]> {
  const tx = db.transaction(['mentions', 'assignments'], 'readonly');
  const mentions = tx.objectStore('mentions');
  const assignments = tx.objectStore('assignments');
  const ids = await mentions.index('by-dismissedAt').getAllKeys('');
  if (ids.length === 0) {
    await tx.done;
    return [];
  }
  const sorted = [...ids].sort();
  const [items, unassigned] = await Promise.all([
    assignments.getAllKeys(IDBKeyRange.bound(sorted[0]!, sorted.at(-1)!)),
    assignments
      .index('by-status-deadline')
      .getAllKeys(IDBKeyRange.bound(['unassigned'], ['unassigned', []])),
  ]);
  const assigned = new Set(items);
  for (const id of unassigned) assigned.delete(id);
  const waiting = ids.filter((id) => !assigned.has(id));
  const found = await Promise.all(waiting.map((id) => mentions.get(id)));
  await tx.done;
  // Read in the same transaction: each is there and not dismissed, as its key said.
  return found.filter((m): m is Mention => m !== undefined && isUntriaged(m, undefined));
}

/**
 * Dismisses a mention as not a complaint (`dismissed` with when and by whom), or takes the
 * dismissal back (`null`). Resolves, once committed, to the mention, or null when unknown.
 */
export async function setMentionDismissed(
  db: TanggapDb,
  tweetId: string,
  dismissed: { at: string; by: string } | null,
): Promise<Mention | null> {
  const tx = db.transaction('mentions', 'readwrite', { durability: 'strict' });
  let result: Mention | null = null;
  await allOrNothing(tx, async (requests) => {
    const known = await track(requests, tx.store.get(tweetId));
    if (!known) return;
    result = { ...known, dismissedAt: dismissed?.at ?? '', dismissedBy: dismissed?.by ?? '' };
    void track(requests, tx.store.put(result));
  });
  return result;
}
