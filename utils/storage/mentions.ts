/**
 * The `mentions` store: every citizen's mention of a watched account, recorded once (the first
 * sighting kept), and what of it still waits for triage (not dismissed, its post not assigned).
 */
import { mergeMention, type Mention } from '../domain/mentions';
import { mentionOfStored, withWaiting } from './mention-waiting';
import type { StoredMention, TanggapDb } from './schema';
import { allOrNothing, track } from './transactions';

/**
 * Records mentions seen on X, each post once however often it is seen (the first sighting's
 * time and a dismissal stay). Resolves, once committed, to the mentions new or changed.
 */
export async function recordMentions(
  db: TanggapDb,
  incoming: readonly Mention[],
): Promise<Mention[]> {
  const tx = db.transaction(['mentions', 'assignments'], 'readwrite', { durability: 'strict' });
  const mentions = tx.objectStore('mentions');
  const written: Mention[] = [];
  await allOrNothing(tx, async (requests) => {
    const byId = new Map<string, Mention>();
    for (const m of incoming) byId.set(m.tweetId, mergeMention(byId.get(m.tweetId), m) ?? m);
    const ids = [...byId.keys()];
    const get = (id: string) => track(requests, mentions.get(id));
    const known = await Promise.all(ids.map(async (id) => mentionOrNone(await get(id))));
    const changed = ids.flatMap((id, i) => mergeMention(known[i], byId.get(id)!) ?? []);
    const items = tx.objectStore('assignments');
    const itemsOf = await Promise.all(changed.map((m) => track(requests, items.get(m.tweetId))));
    changed.forEach((next, i) => {
      written.push(next);
      void track(requests, mentions.put(withWaiting(next, itemsOf[i])));
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
  return (await db.getAllFromIndex('mentions', 'by-createdAt', range)).map(mentionOfStored);
}

const mentionOrNone = (stored: StoredMention | undefined) => stored && mentionOfStored(stored);

/** The mentions waiting for triage (not dismissed, their posts not assigned), by their flag. */
export async function listUntriagedMentions(db: TanggapDb): Promise<Mention[]> {
  const waiting = await db.getAllFromIndex('mentions', 'by-waiting', 1);
  return waiting.map(mentionOfStored);
}

/** The ids of the mentions dismissed as not a complaint (theirs is the only non-empty time). */
export async function listDismissedMentionIds(db: TanggapDb): Promise<string[]> {
  return db.getAllKeysFromIndex('mentions', 'by-dismissedAt', IDBKeyRange.lowerBound('', true));
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
  const tx = db.transaction(['mentions', 'assignments'], 'readwrite', { durability: 'strict' });
  const mentions = tx.objectStore('mentions');
  let result: Mention | null = null;
  await allOrNothing(tx, async (requests) => {
    const [stored, item] = await Promise.all([
      track(requests, mentions.get(tweetId)),
      track(requests, tx.objectStore('assignments').get(tweetId)),
    ]);
    if (!stored) return;
    const next: Mention = {
      ...mentionOfStored(stored),
      dismissedAt: dismissed?.at ?? '',
      dismissedBy: dismissed?.by ?? '',
    };
    result = next;
    void track(requests, mentions.put(withWaiting(next, item)));
  });
  return result;
}
