/**
 * Team sync's state in this browser, as stored and as shown: the outbox entries, the cursor and
 * counters, the last error and the server's refusals.
 */
import type { Actor, Role } from './actor';
import type { MutationName } from './sync-mutations';
import type { QuarantineReport, Refusal } from './sync-protocol';

/** One mutation waiting for the server, as committed with its local effect. */
export interface OutboxEntry {
  id: number;
  name: MutationName;
  args: unknown;
  /** ISO 8601: when the officer made the change. */
  at: string;
  by: string;
}

/** Why a sync failed, each with its words (`syncErrorWords`). */
export const SYNC_ERROR_CODES = [
  'timeout',
  'unreachable',
  'server-error',
  'busy',
  'storage-full',
  'unreadable',
  'session-ended',
  'refused',
] as const;

/** Why the last sync failed, for the options page's words (see `syncErrorWords`). */
export interface SyncError {
  code: (typeof SYNC_ERROR_CODES)[number];
  /** ISO 8601. */
  at: string;
  /** The HTTP status or the server's own message, when there is one. */
  detail?: string;
}

export interface SyncState {
  clientId: string;
  nextMutationId: number;
  /** The team version this browser has pulled up to. */
  cursor: number;
  /** Every mutation up to this id has its effect pulled: its outbox entry is gone. */
  lastMutationId: number;
  /**
   * Every mutation up to this id was answered by a push (applied or refused): the entries
   * above it are the ones to push. Those up to it stay in the outbox until a pull brings their
   * effect, and are re-applied on top of what a pull brings until then.
   */
  pushedUpTo: number;
  /** Who is logged in; null when this browser works alone. */
  actor: Actor | null;
  /** The user and server of the last login (kept after a logout or an ended session). */
  username: string;
  serverUrl: string;
  team: { id: string; name: string } | null;
  lastSyncAt: string | null;
  lastError: SyncError | null;
  /** Failed tries in a row, for the backoff (kept across worker restarts). */
  failures: number;
  /** The team epoch of the last pull ('' before one): another one means a restored server. */
  epoch: string;
}

/** A mutation the server refused, with what it was about. */
export interface StoredRefusal extends Refusal {
  name: MutationName | '';
  tweetId: string;
  /** ISO 8601: when the server's answer arrived. */
  at: string;
}

export const MAX_REFUSALS = 50;

/**
 * A pulled record this browser could not take (a second line of defence: the server checks
 * with the same schemas). The rest of its page applied; a later readable version of the same
 * record replaces it here and clears this.
 */
export interface StoredQuarantined extends QuarantineReport {
  /** ISO 8601: when the pull brought it. */
  at: string;
  /** The server's log has it (or refused the report for good): it is not sent again. */
  reported: boolean;
}

export const MAX_QUARANTINED = 50;
/** How long the browser waits for one answer of the team server. */
export const REQUEST_TIMEOUT_MS = 15_000;

export const EMPTY_SYNC_STATE: Readonly<SyncState> = Object.freeze({
  clientId: '',
  nextMutationId: 1,
  cursor: 0,
  lastMutationId: 0,
  pushedUpTo: 0,
  actor: null,
  username: '',
  serverUrl: '',
  team: null,
  lastSyncAt: null,
  lastError: null,
  failures: 0,
  epoch: '',
});

/** What the options page shows of team sync (`syncStatus`). */
export interface SyncStatus {
  loggedIn: boolean;
  /** The server and user of the last login (kept after a logout, to fill the form). */
  serverUrl: string;
  username: string;
  role: Role | '';
  departmentId: string;
  team: { id: string; name: string } | null;
  /** ISO 8601, or null before the first sync. */
  lastSyncAt: string | null;
  /** Changes not yet answered by a push (see `entrypoints/background/sync/status.ts`). */
  waiting: number;
  lastError: SyncError | null;
  /** The most recent refusals, oldest first. */
  refusals: StoredRefusal[];
  /** The pulled records this browser could not take, oldest first. */
  quarantined: StoredQuarantined[];
  /** Items in this browser: a first login replaces them with the team's. */
  itemsHere: number;
}
