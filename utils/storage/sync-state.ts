/**
 * The `sync` store: team sync's state and the server's refusals, by key.
 */
import { TanggapError } from '../domain/errors';
import { storedRefusals, storedSyncState } from '../domain/schemas/stored';
import type { StoredRefusal, SyncState } from '../domain/sync-state';
import type { TanggapDb } from './schema';
import { allOrNothing, track } from './transactions';

export const STATE_KEY = 'state';
export const REFUSALS_KEY = 'refusals';

export async function readSyncState(db: TanggapDb): Promise<SyncState> {
  return storedSyncState(await db.get('sync', STATE_KEY));
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
    next = fn(storedSyncState(await track(requests, tx.objectStore('sync').get(STATE_KEY))));
    void track(requests, tx.objectStore('sync').put(next, STATE_KEY));
    if (clearOutbox) {
      void track(requests, tx.objectStore('outbox').clear());
      void track(requests, tx.objectStore('sync').delete(REFUSALS_KEY));
    }
  });
  return next!;
}

export async function listRefusals(db: TanggapDb): Promise<StoredRefusal[]> {
  return storedRefusals(await db.get('sync', REFUSALS_KEY));
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
