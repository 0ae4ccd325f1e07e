/**
 * The `sync` store: team sync's state, the server's refusals and the pulled records this
 * browser could not take, by key.
 */
import { TanggapError } from '../domain/errors';
import { storedQuarantined, storedRefusals, storedSyncState } from '../domain/schemas/stored';
import type { QuarantineReport } from '../domain/sync-protocol';
import type { StoredQuarantined, StoredRefusal, SyncState } from '../domain/sync-state';
import type { TanggapDb } from './schema';
import { allOrNothing, track } from './transactions';

export const STATE_KEY = 'state';
export const REFUSALS_KEY = 'refusals';
export const QUARANTINE_KEY = 'quarantined';

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
      void track(requests, tx.objectStore('sync').delete(QUARANTINE_KEY));
    }
  });
  return next!;
}

export async function listRefusals(db: TanggapDb): Promise<StoredRefusal[]> {
  return storedRefusals(await db.get('sync', REFUSALS_KEY));
}

export async function listQuarantined(db: TanggapDb): Promise<StoredQuarantined[]> {
  return storedQuarantined(await db.get('sync', QUARANTINE_KEY));
}

/** Marks these quarantined records as reported, so they are not sent again. */
export async function markQuarantineReported(
  db: TanggapDb,
  reports: readonly QuarantineReport[],
): Promise<void> {
  const tx = db.transaction('sync', 'readwrite', { durability: 'strict' });
  await allOrNothing(tx, async (requests) => {
    const kept = storedQuarantined(
      await track(requests, tx.objectStore('sync').get(QUARANTINE_KEY)),
    );
    const sent = (q: StoredQuarantined) =>
      reports.some((r) => r.kind === q.kind && r.id === q.id && r.reason === q.reason);
    const next = kept.map((q) => (sent(q) ? { ...q, reported: true } : q));
    void track(requests, tx.objectStore('sync').put(next, QUARANTINE_KEY));
  });
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
