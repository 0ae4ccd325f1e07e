/**
 * The two exchanges of a sync: pushing the outbox and pulling the team's changes, page by
 * page, each answer committed before the next request (docs/sync.md).
 */
import { listOutbox, recordPushAnswer } from '../../../utils/storage/outbox';
import { applyPulledPage, type PullApplied } from '../../../utils/storage/pull';
import { type TanggapDb } from '../../../utils/storage/schema';
import { readSyncState, updateSyncState } from '../../../utils/storage/sync-state';
import { TanggapError } from '../../../utils/domain/errors';
import type { SyncState } from '../../../utils/domain/sync-state';
import {
  MAX_PUSH_MUTATIONS,
  parsePushResponse,
  pushPageQuery,
  type QuarantineReport,
} from '../../../utils/domain/sync-protocol';
import { splitPulledPage } from '../../../utils/domain/pull-quarantine';
import type { ChangedPage } from './event-stream';
import { checked, EpochChanged, type ServerCall } from './http';

export interface PushPullDeps {
  call: ServerCall;
  now: () => Date;
  /** A pull changed things here. */
  onApplied: (changes: PullApplied) => void | Promise<void>;
  /** A pull reached the team's end: this browser holds the team's data as it is now. */
  onCaughtUp?: () => void;
  /** Changes per pull answer (the server's default when absent). */
  pullLimit?: number;
}

/**
 * What a push leaves to do: `caught-up` when its answer carried the page a pull would have
 * returned, whole (no pull needed); `pull` when a pull must follow (an answer without a page,
 * a page with `more`, nothing pushed); `restored` when the page said the server was restored
 * (as `pull` returning true).
 */
export type PushOutcome = 'caught-up' | 'pull' | 'restored';

export interface PushPull {
  /**
   * Pushes the entries no push has answered yet, in batches, each asking for the page a pull
   * from this browser's cursor returns, which is taken as a pulled page.
   */
  push(db: TanggapDb, state: SyncState, token: string): Promise<PushOutcome>;
  /**
   * Pulls until the end; true when it stopped because the server was restored from a backup
   * (another epoch, or a cursor ahead of the team): then a push and a pull from 0 must follow.
   */
  pull(db: TanggapDb, serverUrl: string, token: string): Promise<boolean>;
  /**
   * Takes the page a `changed` event carries as a pulled page, when it starts at or before
   * this browser's cursor and nothing of this browser waits: `applied`; `stale` when this
   * browser has it already; `unusable` when a sync must fetch it instead.
   */
  take(db: TanggapDb, event: ChangedPage): Promise<'applied' | 'stale' | 'unusable'>;
}

export function createPushPull(deps: PushPullDeps): PushPull {
  async function push(db: TanggapDb, state: SyncState, token: string): Promise<PushOutcome> {
    let outcome: PushOutcome = 'pull';
    for (;;) {
      const { pushedUpTo, epoch, cursor } = await readSyncState(db);
      const entries = await listOutbox(db, MAX_PUSH_MUTATIONS, pushedUpTo);
      if (entries.length === 0) return outcome;
      const mutations = entries.map(({ id, name, args, at }) => ({ id, name, args, at }));
      let reply: unknown;
      try {
        reply = await deps.call(
          state.serverUrl,
          `/push${pushPageQuery({ cursor, limit: deps.pullLimit })}`,
          {
            body: { clientId: state.clientId, mutations, ...(epoch ? { epoch } : {}) },
            token,
          },
        );
      } catch (error) {
        // A restored server: the pull that follows starts again, then these are pushed.
        if (error instanceof EpochChanged) return 'pull';
        throw error;
      }
      const answer = checked(parsePushResponse, reply);
      await recordPushAnswer(db, answer, deps.now().toISOString());
      outcome = answer.page === undefined ? 'pull' : await takePushPage(db, cursor, answer.page);
      if (outcome === 'restored') return outcome;
      // The server took none of them: the page or the pull shows why; pushing again would loop.
      if (answer.lastMutationId < entries[0]!.id) return outcome;
    }
  }

  /**
   * The page a push answer carries, from the cursor `from` the push gave, taken as a pulled
   * page once the answer is recorded. One this browser cannot read is left to the pull, and so
   * is one from a cursor this browser no longer holds (nothing else moves it during a run).
   */
  async function takePushPage(db: TanggapDb, from: number, raw: unknown): Promise<PushOutcome> {
    let split: ReturnType<typeof splitPulledPage>;
    try {
      split = splitPulledPage(raw);
    } catch (error) {
      if (!(error instanceof TanggapError)) throw error;
      return 'pull';
    }
    const state = await readSyncState(db);
    if (state.cursor !== from) return 'pull';
    const taken = await takePage(db, state, split);
    return taken === 'restored' ? 'restored' : taken === 'more' ? 'pull' : 'caught-up';
  }

  /**
   * A pull answer from `state.cursor`, applied with the outbox on top (`applyPulledPage`), or a
   * restored server detected (another epoch, or `reset`): then nothing of it is applied.
   */
  async function takePage(
    db: TanggapDb,
    state: SyncState,
    { page, quarantined }: ReturnType<typeof splitPulledPage>,
  ): Promise<'restored' | 'more' | 'end'> {
    if (page.reset || (state.epoch !== '' && page.epoch !== state.epoch)) {
      // A restored server (docs/sync.md): pull everything again, push again what it lost.
      await updateSyncState(db, (s) => ({
        ...s,
        cursor: 0,
        epoch: page.epoch,
        lastMutationId: page.lastMutationId,
        pushedUpTo: page.lastMutationId,
      }));
      return 'restored';
    }
    const applied = await applyPulledPage(db, page, {
      replace: state.cursor === 0,
      atIso: deps.now().toISOString(),
      quarantined,
    });
    await afterApplied(applied, quarantined, page.more);
    return page.more && page.cursor > state.cursor ? 'more' : 'end';
  }

  async function pull(db: TanggapDb, serverUrl: string, token: string): Promise<boolean> {
    for (;;) {
      const state = await readSyncState(db);
      // A record this browser cannot take is quarantined; the rest of the page applies.
      const split = checked(
        splitPulledPage,
        await deps.call(serverUrl, '/pull', {
          body: {
            clientId: state.clientId,
            cursor: state.cursor,
            ...(deps.pullLimit ? { limit: deps.pullLimit } : {}),
          },
          token,
        }),
      );
      const taken = await takePage(db, state, split);
      if (taken !== 'more') return taken === 'restored';
    }
  }

  async function afterApplied(
    applied: PullApplied,
    quarantined: readonly QuarantineReport[],
    more: boolean,
  ) {
    if (quarantined.length > 0) {
      const which = quarantined.map((q) => `${q.kind} ${q.id || '?'}: ${q.reason}`);
      console.warn('Tanggap: pulled records quarantined', which);
    }
    if (
      applied.assignments.length > 0 ||
      applied.removedIds.length > 0 ||
      applied.replaced ||
      applied.departments ||
      applied.settingsChanged ||
      applied.mentionsChanged
    ) {
      try {
        await deps.onApplied(applied);
      } catch (error) {
        console.error('Tanggap: change notification failed', error);
      }
    }
    if (!more) deps.onCaughtUp?.();
  }

  async function take(db: TanggapDb, event: ChangedPage) {
    const state = await readSyncState(db);
    if (event.cursor <= state.cursor) return 'stale';
    // A browser that has not pulled yet replaces its items with its first page: it pulls. One
    // past `from` takes the page whole: a page holds each record changed after `from` as it
    // is at the page's cursor, and those changed up to this cursor are here as they are there
    // (nothing of this browser waits, below), so taking them again changes nothing. One
    // behind `from` would miss what changed in between: it pulls.
    if (state.cursor === 0 || event.from > state.cursor) return 'unusable';
    if (typeof event.page !== 'object' || event.page === null) return 'unusable';
    let split: ReturnType<typeof splitPulledPage>;
    try {
      // The page leaves out this browser's `lastMutationId`: the one it holds stands in, which
      // `applyPulledPage` checks is still true (see `onlyAt`). `reset` never comes by event.
      split = splitPulledPage({
        ...event.page,
        lastMutationId: state.lastMutationId,
        reset: false,
      });
    } catch (error) {
      if (!(error instanceof TanggapError)) throw error;
      return 'unusable';
    }
    const { page, quarantined } = split;
    if (page.more || page.cursor !== event.cursor || page.epoch !== state.epoch) return 'unusable';
    const applied = await applyPulledPage(db, page, {
      replace: false,
      atIso: deps.now().toISOString(),
      quarantined,
      onlyAt: state.cursor,
    });
    if (!applied) return 'unusable';
    await afterApplied(applied, quarantined, false);
    return 'applied';
  }

  return { push, pull, take };
}
