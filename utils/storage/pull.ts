/**
 * What a pulled page makes of this browser's data, with the outbox entries still waiting
 * (`rebaseOutbox` decides; this reads and writes, in one transaction).
 */
import { departmentsToCount, mentionsToRead, rebaseOutbox } from '../domain/outbox-rebase';
import { quarantineAfter } from '../domain/pull-quarantine';
import { migrateSettings, teamSettingsOf } from '../domain/settings';
import type { PullResponse, QuarantineReport } from '../domain/sync-protocol';
import type { SyncState } from '../domain/sync-state';
import type { Assignment, Department } from '../domain/types';
import { afterItemWrites, type ItemWritesTx } from './item-writes';
import { markAllWaiting, mentionOfStored, withWaiting, type WaitingTx } from './mention-waiting';
import type { TanggapDb } from './schema';
import { QUARANTINE_KEY, STATE_KEY } from './sync-state';
import { storedQuarantined, storedSyncState } from '../domain/schemas/stored';
import {
  itemsUsingIn,
  readSettingsIn,
  SYNC_STORES,
  writeDirectoryIn,
  writeSettingsIn,
} from './team-transaction';
import { allOrNothing, track } from './transactions';

/** What a pulled page changed here, for the broadcasts. */
export interface PullApplied {
  /** Items written (pulled, or pulled and changed again by waiting entries). */
  assignments: Assignment[];
  /** Items that left this browser (`removedAssignmentIds`, or all of them on a replace). */
  removedIds: string[];
  /** The page replaced this browser's items with the team's (the first pull of a login). */
  replaced: boolean;
  /** The whole directory, when it changed. */
  departments: Department[] | null;
  /** The team's settings, when they changed. */
  settingsChanged: boolean;
  /** Received mentions were written (pulled, or pulled and changed again by waiting entries). */
  mentionsChanged: boolean;
}

interface ApplyOptions {
  replace: boolean;
  atIso: string;
  quarantined?: readonly QuarantineReport[];
}

/**
 * Applies one pull answer in one transaction: what `rebaseOutbox` makes of the page and the
 * outbox entries above its `lastMutationId` (`replace`: the first pull of a login, which
 * makes this browser's items and directory the team's). Entries up to the page's
 * `lastMutationId` leave the outbox. `quarantined`: the page's records this browser could
 * not take (`splitPulledPage`), kept with the page; a department among them keeps its
 * version stored here. Resolves once committed.
 *
 * `onlyAt`: a page a `changed` event carried, whose `lastMutationId` is the one this browser
 * held when it read its cursor `onlyAt`. It applies only if, in this transaction, the cursor
 * is still `onlyAt`, in the page's epoch, with that `lastMutationId` and no outbox entry above it;
 * otherwise nothing is written and it resolves null. With no entry waiting, every change this
 * browser made was shown back by an earlier pull, so the page holds none of them unconfirmed
 * and no entry is applied twice; the server's `lastMutationId` could be higher only by changes
 * already answered, which a later pull confirms. With an entry waiting (even one pushed), the
 * page may hold it, and only a pull says so: the caller syncs instead.
 */
export async function applyPulledPage(
  db: TanggapDb,
  pulled: PullResponse,
  opts: ApplyOptions & { onlyAt: number },
): Promise<PullApplied | null>;
export async function applyPulledPage(
  db: TanggapDb,
  pulled: PullResponse,
  opts: ApplyOptions,
): Promise<PullApplied>;
export async function applyPulledPage(
  db: TanggapDb,
  pulled: PullResponse,
  { replace, atIso, quarantined = [], onlyAt }: ApplyOptions & { onlyAt?: number },
): Promise<PullApplied | null> {
  const tx = db.transaction(SYNC_STORES, 'readwrite', { durability: 'strict' });
  let out: PullApplied | null = null;
  await allOrNothing(tx, async (requests) => {
    const store = tx.objectStore('assignments');
    const outbox = tx.objectStore('outbox');
    const [stored, storedDirectory, records, pending, storedIds, storedQuarantine] =
      await Promise.all([
        track(requests, tx.objectStore('sync').get(STATE_KEY)),
        track(requests, tx.objectStore('departments').getAll()),
        readSettingsIn(tx, requests),
        track(requests, outbox.getAll(IDBKeyRange.lowerBound(pulled.lastMutationId, true))),
        replace ? track(requests, store.getAllKeys()) : Promise.resolve([] as string[]),
        track(requests, tx.objectStore('sync').get(QUARANTINE_KEY)),
      ]);
    const sync = storedSyncState(stored);
    if (
      onlyAt !== undefined &&
      (sync.cursor !== onlyAt ||
        sync.epoch !== pulled.epoch ||
        sync.lastMutationId !== pulled.lastMutationId ||
        pending.length > 0)
    ) {
      return;
    }
    const page = withQuarantinedDepartments(pulled, quarantined, storedDirectory);

    // A replace empties the store: nothing stored is read, nothing stored counts.
    const ids = replace
      ? []
      : [...page.assignments.map((a) => a.tweetId), ...page.removedAssignmentIds];
    // The mentions the page or a waiting entry may change, and their items as stored (a
    // mention's flag follows its item).
    const mentionIds = replace ? [] : mentionsToRead(page, pending);
    const mentionStore = tx.objectStore('mentions');
    const [olds, storedUsing, storedMentions, mentionItems] = await Promise.all([
      Promise.all(ids.map((id) => track(requests, store.get(id)))),
      replace
        ? new Map<string, number>()
        : itemsUsingIn(
            tx,
            requests,
            departmentsToCount(pending, page.directory ?? storedDirectory),
          ),
      Promise.all(mentionIds.map((id) => track(requests, mentionStore.get(id)))),
      Promise.all(mentionIds.map((id) => track(requests, store.get(id)))),
    ]);
    if (replace) {
      void track(requests, store.clear());
      void track(requests, tx.objectStore('counters').clear());
      void track(requests, tx.objectStore('report-days').clear());
      void track(requests, mentionStore.clear());
    }

    const rebased = rebaseOutbox({
      page,
      replace,
      pending,
      sync,
      stored: new Map(ids.map((id, i) => [id, olds[i]])),
      directory: storedDirectory,
      settings: teamSettingsOf(migrateSettings(records)),
      storedUsing,
      storedMentions: new Map(
        mentionIds.flatMap((id, i) => {
          const m = storedMentions[i];
          return m ? [[id, mentionOfStored(m)] as const] : [];
        }),
      ),
    });

    // The mentions first, each with its flag from its item as rebased: the items' writes
    // below look at them again.
    const itemAsStored = new Map(mentionIds.map((id, i) => [id, mentionItems[i]]));
    const itemOf = (id: string) =>
      rebased.items.has(id) ? rebased.items.get(id)!.after : itemAsStored.get(id);
    for (const mention of rebased.mentions.values()) {
      void track(requests, mentionStore.put(withWaiting(mention, itemOf(mention.tweetId))));
    }

    const written: Assignment[] = [];
    const removedIds = new Set<string>(replace ? storedIds : []);
    for (const [id, { before, after }] of rebased.items) {
      if (after) {
        void track(requests, store.put(after));
        written.push(after);
        removedIds.delete(id);
      } else if (before) {
        void track(requests, store.delete(id));
        removedIds.add(id);
      }
    }
    const writes = [...rebased.items.values()].map(({ before, after }) => [before, after] as const);
    const afterWrites = afterItemWrites(tx as unknown as ItemWritesTx, writes);
    // A replace leaves out items no write names: every mention is looked at again.
    void track(
      requests,
      replace ? afterWrites.then(() => markAllWaiting(tx as unknown as WaitingTx)) : afterWrites,
    );
    if (rebased.directory) writeDirectoryIn(tx, requests, rebased.directory);
    if (rebased.settings) writeSettingsIn(tx, requests, records, rebased.settings);
    void track(requests, outbox.delete(IDBKeyRange.upperBound(page.lastMutationId)));
    const lastMutationId = Math.max(sync.lastMutationId, page.lastMutationId);
    const next: SyncState = {
      ...sync,
      cursor: page.cursor,
      lastMutationId,
      pushedUpTo: Math.max(sync.pushedUpTo, lastMutationId),
      lastSyncAt: atIso,
      epoch: page.epoch,
    };
    void track(requests, tx.objectStore('sync').put(next, STATE_KEY));
    const kept = storedQuarantined(storedQuarantine);
    const quarantine = quarantineAfter(kept, pulled, quarantined, atIso);
    if (kept.length > 0 || quarantine.length > 0) {
      void track(requests, tx.objectStore('sync').put(quarantine, QUARANTINE_KEY));
    }
    out = {
      assignments: written,
      removedIds: [...removedIds],
      replaced: replace,
      departments: rebased.directory,
      settingsChanged: rebased.settings !== null,
      mentionsChanged: rebased.mentions.size > 0,
    };
  });
  return out;
}

/**
 * A pulled directory without the departments this browser could not take would remove them
 * here, with the items still pointing at them: each keeps the version stored here instead.
 */
function withQuarantinedDepartments(
  page: PullResponse,
  quarantined: readonly QuarantineReport[],
  storedDirectory: Department[],
): PullResponse {
  if (!page.directory) return page;
  const pulledIds = new Set(page.directory.map((d) => d.id));
  const keep = storedDirectory.filter(
    (d) =>
      !pulledIds.has(d.id) && quarantined.some((q) => q.kind === 'department' && q.id === d.id),
  );
  return keep.length === 0 ? page : { ...page, directory: [...page.directory, ...keep] };
}
