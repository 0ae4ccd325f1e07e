/** What the options page shows of team sync, read from what is stored. */
import { countAssignments } from '../../../utils/storage/assignments';
import { countOutbox } from '../../../utils/storage/outbox';
import { type TanggapDb } from '../../../utils/storage/schema';
import { listQuarantined, listRefusals, readSyncState } from '../../../utils/storage/sync-state';
import type { SyncStatus } from '../../../utils/domain/sync-state';
import { readSession, type SessionStorage } from './session';

export async function readStatus(db: TanggapDb, storage: SessionStorage): Promise<SyncStatus> {
  const state = await readSyncState(db);
  const [waiting, refusals, quarantined, session, itemsHere] = await Promise.all([
    // Not yet answered by a push: what the officer would lose. Entries the server has
    // answered stay in the outbox until a pull brings their effect, but they are not waiting
    // any more, so the count drops to 0 after a successful push.
    countOutbox(db, state.pushedUpTo),
    listRefusals(db),
    listQuarantined(db),
    readSession(storage),
    countAssignments(db),
  ]);
  return {
    loggedIn: state.actor !== null && session !== null,
    serverUrl: state.serverUrl,
    username: state.username,
    role: state.actor?.role ?? '',
    departmentId: state.actor?.departmentId ?? '',
    team: state.team,
    lastSyncAt: state.lastSyncAt,
    waiting,
    lastError: state.lastError,
    refusals,
    quarantined,
    itemsHere,
  };
}
