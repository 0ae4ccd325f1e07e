/**
 * The one write path of shared changes and the `outbox` store: a change is applied here and,
 * in a team, queued for the server in the same transaction; a push's answer is recorded.
 */
import {
  applyMutation,
  mentionsNeeded,
  sortDirectory,
  targetOf,
  usageNeeded,
  type Mutation,
  type MutationEffect,
  type MutationState,
} from '../domain/sync-mutations';
import { parseOutboxEntry } from '../domain/outbox-rebase';
import { migrateSettings, teamSettingsOf } from '../domain/settings';
import type { Refusal } from '../domain/sync-protocol';
import { MAX_REFUSALS, type OutboxEntry, type StoredRefusal } from '../domain/sync-state';
import { afterItemWrites, type ItemWritesTx } from './item-writes';
import { mentionOfStored, putMentions, type WaitingTx } from './mention-waiting';
import type { TanggapDb } from './schema';
import { REFUSALS_KEY, STATE_KEY } from './sync-state';
import { storedRefusals, storedSyncState } from '../domain/schemas/stored';
import {
  itemsUsingIn,
  readSettingsIn,
  SYNC_STORES,
  writeDirectoryIn,
  writeSettingsIn,
  type SyncTx,
} from './team-transaction';
import { allOrNothing, track } from './transactions';
import { TanggapError } from '../domain/errors';
import type { Mention } from '../domain/mentions';
import type { Assignment } from '../domain/types';

/** Outbox entries above `after` (all by default), in id order. */
export async function listOutbox(db: TanggapDb, limit?: number, after = 0): Promise<OutboxEntry[]> {
  return db.getAll('outbox', IDBKeyRange.lowerBound(after, true), limit);
}

export function countOutbox(db: TanggapDb, after = 0): Promise<number> {
  return db.count('outbox', IDBKeyRange.lowerBound(after, true));
}

export interface CommitResult {
  effect: MutationEffect;
  before: MutationState;
  /** The outbox entry, when logged in to a team and something changed. */
  queued: OutboxEntry | null;
}

/**
 * Applies a checked mutation and, when logged in to a team, queues it in the outbox, in ONE
 * transaction: the local change and its outbox entry commit together or not at all. When
 * logged in, the change is recorded as the logged-in user's. Throws (changing nothing) when
 * the mutation is refused, rights included; resolves once committed.
 */
export async function commitMutation(
  db: TanggapDb,
  m: Mutation,
  { by, at }: { by: string; at: string },
): Promise<CommitResult> {
  const tx = db.transaction(SYNC_STORES, 'readwrite', { durability: 'strict' });
  let result: CommitResult | undefined;
  await allOrNothing(tx, async (requests) => {
    const target = targetOf(m);
    const [stored, storedDirectory, records, assignment, mentions] = await Promise.all([
      track(requests, tx.objectStore('sync').get(STATE_KEY)),
      track(requests, tx.objectStore('departments').getAll()),
      readSettingsIn(tx, requests),
      target === undefined ? undefined : track(requests, tx.objectStore('assignments').get(target)),
      mentionsIn(tx, requests, mentionsNeeded(m)),
    ]);
    const sync = storedSyncState(stored);
    const departments = sortDirectory(storedDirectory);
    const before: MutationState = {
      assignment,
      departments,
      settings: teamSettingsOf(migrateSettings(records)),
      itemsUsing: await itemsUsingIn(tx, requests, usageNeeded(m, departments)),
      mentions,
    };
    const who = sync.actor?.username ?? by;
    const effect = applyMutation(before, m, sync.actor, who, at);
    writeEffectIn(tx, requests, effect, before, records);
    await writeMentionsIn(tx, requests, effect);
    let queued: OutboxEntry | null = null;
    if (sync.actor && Object.keys(effect).length > 0) {
      queued = { id: sync.nextMutationId, name: m.name, args: m.args, at, by: who };
      void track(requests, tx.objectStore('outbox').put(queued));
      const next = { ...sync, nextMutationId: sync.nextMutationId + 1 };
      void track(requests, tx.objectStore('sync').put(next, STATE_KEY));
    }
    result = { effect, before, queued };
  });
  return result!;
}

/** One change of a batch: committed with the others, or refused alone (`commitMutations`). */
export type BatchOutcome = { ok: true; result: CommitResult } | { ok: false; error: TanggapError };

/**
 * Applies several checked item changes in ONE transaction, in order, each on what the ones
 * before it left. A change refused by the rules (rights included: a `TanggapError`) changes
 * nothing and is answered as refused; the others apply, each with its outbox entry when in a
 * team. Any other failure aborts them all. Resolves once committed, one outcome per change.
 */
export async function commitMutations(
  db: TanggapDb,
  ms: readonly Mutation[],
  { by, at }: { by: string; at: string },
): Promise<BatchOutcome[]> {
  const tx = db.transaction(SYNC_STORES, 'readwrite', { durability: 'strict' });
  const outcomes: BatchOutcome[] = [];
  await allOrNothing(tx, async (requests) => {
    const [stored, storedDirectory, records] = await Promise.all([
      track(requests, tx.objectStore('sync').get(STATE_KEY)),
      track(requests, tx.objectStore('departments').getAll()),
      readSettingsIn(tx, requests),
    ]);
    const sync = storedSyncState(stored);
    const who = sync.actor?.username ?? by;
    let departments = sortDirectory(storedDirectory);
    let settings = teamSettingsOf(migrateSettings(records));
    let nextMutationId = sync.nextMutationId;
    const written = new Map<string, Assignment>();
    const writtenMentions = new Map<string, Mention>();
    const openChanges: OpenChange[] = [];
    for (const m of ms) {
      const target = targetOf(m);
      const assignment =
        target === undefined
          ? undefined
          : written.has(target)
            ? written.get(target)
            : await track(requests, tx.objectStore('assignments').get(target));
      const ids = mentionsNeeded(m);
      const stored = await mentionsIn(
        tx,
        requests,
        ids.filter((id) => !writtenMentions.has(id)),
      );
      const before: MutationState = {
        assignment,
        departments,
        settings,
        itemsUsing: await itemsUsingIn(tx, requests, usageNeeded(m, departments)),
        mentions: new Map(
          ids.flatMap((id) => {
            const known = writtenMentions.get(id) ?? stored.get(id);
            return known ? [[id, known] as const] : [];
          }),
        ),
      };
      let effect: MutationEffect;
      try {
        effect = applyMutation(before, m, sync.actor, who, at);
      } catch (error) {
        if (!(error instanceof TanggapError)) throw error;
        outcomes.push({ ok: false, error });
        continue;
      }
      writeEffectIn(tx, requests, effect, before, records, openChanges);
      await writeMentionsIn(tx, requests, effect);
      for (const mention of effect.mentions ?? []) writtenMentions.set(mention.tweetId, mention);
      if (effect.assignment && target !== undefined) written.set(target, effect.assignment);
      departments = effect.departments ?? departments;
      settings = effect.settings ?? settings;
      let queued: OutboxEntry | null = null;
      if (sync.actor && Object.keys(effect).length > 0) {
        queued = { id: nextMutationId++, name: m.name, args: m.args, at, by: who };
        void track(requests, tx.objectStore('outbox').put(queued));
      }
      outcomes.push({ ok: true, result: { effect, before, queued } });
    }
    void track(requests, afterItemWrites(tx as unknown as ItemWritesTx, openChanges));
    if (nextMutationId !== sync.nextMutationId) {
      void track(requests, tx.objectStore('sync').put({ ...sync, nextMutationId }, STATE_KEY));
    }
  });
  return outcomes;
}

type OpenChange = readonly [Assignment | undefined, Assignment | undefined];

/**
 * Writes an effect. What follows an item's write (open counters, waiting mentions) is done at
 * once, or, given `openChanges`, the change is added there for one pass at the end (counters
 * are read, then written).
 */
function writeEffectIn(
  tx: SyncTx,
  requests: Promise<unknown>[],
  effect: MutationEffect,
  before: MutationState,
  records: Record<string, unknown>,
  openChanges?: OpenChange[],
) {
  if (effect.assignment) {
    void track(requests, tx.objectStore('assignments').put(effect.assignment));
    const change = [before.assignment, effect.assignment] as const;
    if (openChanges) openChanges.push(change);
    else void track(requests, afterItemWrites(tx as unknown as ItemWritesTx, [change]));
  }
  if (effect.departments) writeDirectoryIn(tx, requests, effect.departments);
  if (effect.settings) writeSettingsIn(tx, requests, records, effect.settings);
}

/** The received mentions of `ids` stored in `tx`, those known. */
async function mentionsIn(
  tx: SyncTx,
  requests: Promise<unknown>[],
  ids: readonly string[],
): Promise<Map<string, Mention>> {
  const store = tx.objectStore('mentions');
  const stored = await Promise.all(ids.map((id) => track(requests, store.get(id))));
  return new Map(
    ids.flatMap((id, i) => {
      const s = stored[i];
      return s ? [[id, mentionOfStored(s)] as const] : [];
    }),
  );
}

/** Writes an effect's mentions; awaited, so that what the transaction writes next sees them. */
async function writeMentionsIn(
  tx: SyncTx,
  requests: Promise<unknown>[],
  effect: MutationEffect,
): Promise<void> {
  if (effect.mentions) {
    await track(requests, putMentions(tx as unknown as WaitingTx, effect.mentions));
  }
}

/**
 * Records a push's answer in one transaction: how far pushes got (`pushedUpTo`, also past the
 * entries of an earlier push whose answer was lost) and the refusals (the last
 * `MAX_REFUSALS`) with what they were about. No entry leaves the outbox here: each stays until
 * a pull brings its effect (`applyPulledPage`), so a pull cut short never shows it undone.
 * Resolves to how many entries the answer newly confirmed.
 */
export async function recordPushAnswer(
  db: TanggapDb,
  answer: { lastMutationId: number; refused: readonly Refusal[] },
  atIso: string,
): Promise<{ confirmed: number; refusals: StoredRefusal[] }> {
  const tx = db.transaction(['outbox', 'sync'], 'readwrite', { durability: 'strict' });
  let out: { confirmed: number; refusals: StoredRefusal[] } | undefined;
  await allOrNothing(tx, async (requests) => {
    const sync = tx.objectStore('sync');
    const outbox = tx.objectStore('outbox');
    const [stored, refusalsStored] = await Promise.all([
      track(requests, sync.get(STATE_KEY)),
      track(requests, sync.get(REFUSALS_KEY)),
    ]);
    const state = storedSyncState(stored);
    const pushedUpTo = Math.max(state.pushedUpTo, answer.lastMutationId);
    const entries =
      answer.lastMutationId > state.pushedUpTo
        ? await track(
            requests,
            outbox.getAll(IDBKeyRange.bound(state.pushedUpTo, answer.lastMutationId, true)),
          )
        : [];
    const byId = new Map(entries.map((e) => [e.id, e]));
    const fresh = answer.refused
      .filter((r) => byId.has(r.id))
      .map((r): StoredRefusal => {
        const entry = byId.get(r.id)!;
        const m = parseOutboxEntry(entry);
        return { ...r, name: entry.name, tweetId: (m && targetOf(m)) ?? '', at: atIso };
      });
    const kept = storedRefusals(refusalsStored);
    const refusals = [...kept, ...fresh].slice(-MAX_REFUSALS);
    if (fresh.length > 0) void track(requests, sync.put(refusals, REFUSALS_KEY));
    void track(requests, sync.put({ ...state, pushedUpTo }, STATE_KEY));
    out = { confirmed: entries.length, refusals: fresh };
  });
  return out!;
}
