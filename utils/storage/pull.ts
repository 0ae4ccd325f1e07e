/**
 * What a pulled page makes of this browser's data, with the outbox entries still waiting.
 */
import {
  applyMutation,
  sortDirectory,
  targetOf,
  usageNeeded,
  type MutationEffect,
  type MutationState,
} from '../domain/sync-mutations';
import { migrateSettings, teamSettingsOf } from '../domain/settings';
import type { PullResponse } from '../domain/sync-protocol';
import type { SyncState } from '../domain/sync-state';
import type { Assignment, Department } from '../domain/types';
import { adjustOpenCounts, type CountersTx } from './open-counters';
import type { TanggapDb } from './schema';
import { STATE_KEY, syncStateOf } from './sync-state';
import {
  itemsUsingIn,
  readSettingsIn,
  SYNC_STORES,
  writeDirectoryIn,
  writeSettingsIn,
} from './team-transaction';
import { safeParse } from './outbox';
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
}

/**
 * Applies one pull answer in one transaction: the pulled items, removed items, directory and
 * team settings (`replace`: the first pull of a login, which makes this browser's items and
 * directory the team's); then the outbox entries above the page's `lastMutationId` that touch
 * them, re-applied on top in id order with their own time and author: those not yet pushed,
 * and after a replace those pushed whose item is still to come, so a change already confirmed
 * by a push never shows undone while the pull goes on. One that no longer applies is left for
 * the server to refuse. Entries up to the page's `lastMutationId` leave the outbox.
 */
export async function applyPulledPage(
  db: TanggapDb,
  page: PullResponse,
  { replace, atIso }: { replace: boolean; atIso: string },
): Promise<PullApplied> {
  const tx = db.transaction(SYNC_STORES, 'readwrite', { durability: 'strict' });
  let out: PullApplied | undefined;
  await allOrNothing(tx, async (requests) => {
    const store = tx.objectStore('assignments');
    const outbox = tx.objectStore('outbox');
    const [stored, storedDirectory, records, pending, storedIds] = await Promise.all([
      track(requests, tx.objectStore('sync').get(STATE_KEY)),
      track(requests, tx.objectStore('departments').getAll()),
      readSettingsIn(tx, requests),
      track(requests, outbox.getAll(IDBKeyRange.lowerBound(page.lastMutationId, true))),
      replace ? track(requests, store.getAllKeys()) : Promise.resolve([] as string[]),
    ]);
    const sync = syncStateOf(stored);

    // Items: before (as stored, for the open counters) and after (none: deleted).
    const before = new Map<string, Assignment | undefined>();
    const after = new Map<string, Assignment | undefined>();
    if (replace) {
      void track(requests, store.clear());
      void track(requests, tx.objectStore('counters').clear());
    } else {
      const ids = [...page.assignments.map((a) => a.tweetId), ...page.removedAssignmentIds];
      const olds = await Promise.all(ids.map((id) => track(requests, store.get(id))));
      ids.forEach((id, i) => before.set(id, olds[i]));
    }
    for (const id of page.removedAssignmentIds) after.set(id, undefined);
    for (const a of page.assignments) after.set(a.tweetId, a);
    const pulled = new Set(after.keys());

    const directoryPulled = page.directory !== null;
    let directory = sortDirectory(page.directory ?? storedDirectory);
    let team = page.settings ?? teamSettingsOf(migrateSettings(records));

    // Waiting entries that touch what was pulled, re-applied on top of it.
    let directoryChanged = directoryPulled;
    let settingsChanged = page.settings !== null;
    for (const entry of pending) {
      const m = safeParse(entry);
      if (!m) continue;
      const target = targetOf(m);
      // An entry a push answered is in the server's current rows, which a page holds whole
      // (an item's row, the live directory, the settings): applying it again would apply it
      // twice. It is re-applied only after a replace, to an item still to come in a later page.
      const answered = entry.id <= sync.pushedUpTo;
      const touches = answered
        ? replace && target !== undefined && !pulled.has(target)
        : replace ||
          (target !== undefined
            ? after.has(target)
            : m.name === 'saveTeamSettings'
              ? settingsChanged
              : directoryChanged);
      if (!touches) continue;
      if (target !== undefined && !after.has(target)) {
        // Only after a replace: the store is empty now, so the item is the entries' to make.
        before.set(target, undefined);
        after.set(target, undefined);
      }
      // The index holds what is stored (nothing after a replace); `after` replaces `before`.
      const needed = usageNeeded(m, directory);
      const counted = replace
        ? new Map<string, number>()
        : await itemsUsingIn(tx, requests, needed);
      const using = (id: string, list: Iterable<Assignment | undefined>) =>
        [...list].filter((a) => a?.departmentId === id).length;
      const state: MutationState = {
        assignment: target === undefined ? undefined : after.get(target),
        departments: directory,
        settings: team,
        itemsUsing: new Map(
          needed.map((id) => [
            id,
            (counted.get(id) ?? 0) - using(id, before.values()) + using(id, after.values()),
          ]),
        ),
      };
      let effect: MutationEffect;
      try {
        effect = applyMutation(state, m, sync.actor, entry.by, entry.at);
      } catch {
        continue;
      }
      if (effect.assignment) after.set(effect.assignment.tweetId, effect.assignment);
      if (effect.departments) {
        directory = effect.departments;
        directoryChanged = true;
      }
      if (effect.settings) {
        team = effect.settings;
        settingsChanged = true;
      }
    }

    const writes = [...after].map(([id, a]) => [before.get(id), a] as const);
    const written: Assignment[] = [];
    const removedIds = new Set<string>(replace ? storedIds : []);
    for (const [id, a] of after) {
      if (a) {
        void track(requests, store.put(a));
        written.push(a);
        removedIds.delete(id);
      } else if (before.get(id)) {
        void track(requests, store.delete(id));
        removedIds.add(id);
      }
    }
    void track(requests, adjustOpenCounts(tx as unknown as CountersTx, writes));
    if (directoryChanged) writeDirectoryIn(tx, requests, directory);
    if (settingsChanged) writeSettingsIn(tx, requests, records, team);
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
    out = {
      assignments: written,
      removedIds: [...removedIds],
      replaced: replace,
      departments: directoryChanged ? directory : null,
      settingsChanged,
    };
  });
  return out!;
}
