/**
 * The `programmes` store and `programme-mentions`, each post counted once per programme.
 */
import type { Programme, ProgrammeMention } from '../domain/types';
import type { TanggapDb } from './schema';
import { allOrNothing, track } from './transactions';

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
export const mentionRange = (programmeId: string) =>
  IDBKeyRange.bound([programmeId], [programmeId, []]);

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
