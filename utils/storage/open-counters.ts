/**
 * The `counters` store: how many items are open, in all and per department, kept in the same
 * transaction as every assignment write (see the schema), and its repair.
 */
import type { IDBPTransaction } from 'idb';
import type { Assignment } from '../domain/types';
import type { TanggapDb, TanggapSchema } from './schema';

export type CountersTx = IDBPTransaction<
  TanggapSchema,
  ('assignments' | 'counters')[],
  'readwrite'
>;

export const openKey = (departmentId?: string) => (departmentId ? `open:${departmentId}` : 'open');

/** Applies the open-count changes of some writes (before → after; none: deleted). */
export async function adjustOpenCounts(
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
