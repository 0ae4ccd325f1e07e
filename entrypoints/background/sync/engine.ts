/**
 * Team sync in the background: login and logout, the push-then-pull run (one at a time), its
 * status, and what starts a run (a change queued, an alarm, a retry, an event). The semantics,
 * and why a worker stopped half-way loses nothing, are in docs/sync.md.
 *
 * Construction is inert: nothing runs until a method is called.
 */
import { countOutbox } from '../../../utils/storage/outbox';
import { type PullApplied } from '../../../utils/storage/pull';
import { type TanggapDb } from '../../../utils/storage/schema';
import { readSyncState, updateSyncState } from '../../../utils/storage/sync-state';
import { TanggapError } from '../../../utils/domain/errors';
import {
  REQUEST_TIMEOUT_MS,
  type SyncError,
  type SyncStatus,
} from '../../../utils/domain/sync-state';
import { normaliseServerUrl } from '../../../utils/domain/server-origins';
import {
  foldSyncAsk,
  type SyncAsk,
  type SyncChanges,
  type SyncRun,
} from '../../../utils/domain/sync-runs';
import { parseLoginRequest, parseLoginResponse } from '../../../utils/domain/sync-protocol';
import { type ChangedPage, createLiveUpdates } from './event-stream';
import { checked, createServerCall, SyncFault } from './http';
import { createPushPull } from './push-pull';
import { reportQuarantined } from './reports';
import {
  backoffDelay,
  createRetry,
  isSyncAlarm,
  startPeriodicSync,
  stopPeriodicSync,
  type SyncAlarms,
} from './retry';
import { forgetSession, readSession, saveSession, type SessionStorage } from './session';
import { readStatus } from './status';
import { createTeamAccountCalls, type TeamAccountCalls } from './team-accounts';
import { defaultTimer, type Timer } from './timer';

export interface SyncEngineDeps {
  db: () => Promise<TanggapDb>;
  fetch: typeof fetch;
  now: () => Date;
  random: () => number;
  /** `browser.storage.local`: the token lives there, never in IndexedDB or sync storage. */
  storage: SessionStorage;
  alarms: SyncAlarms;
  /** A pull changed things here: broadcast them, rebuild the menus, refresh the badge. */
  onApplied: (changes: PullApplied) => void | Promise<void>;
  /** A pull reached the team's end (see `PushPullDeps`). */
  onCaughtUp?: () => void;
  /** The status may have changed (`syncStatusChanged`). */
  onStatus?: (status: SyncStatus) => void | Promise<void>;
  /** A timer while the worker lives (tests record the delays). Returns its cancel. */
  setTimer?: Timer;
  timeoutMs?: number;
  /** Changes per pull answer (the server's default when absent). */
  pullLimit?: number;
}

export interface LoginRequest {
  serverUrl: string;
  username: string;
  password: string;
  /** Log in as another user or to another server although changes are waiting. */
  discardWaiting?: boolean;
}

export interface SyncEngine {
  login(req: LoginRequest): Promise<SyncStatus>;
  logout(req?: { discardWaiting?: boolean }): Promise<SyncStatus>;
  /** Pushes then pulls; a call while one runs makes one more run after it. */
  syncNow(): Promise<SyncStatus>;
  /**
   * Pushes a change just queued: like `syncNow`, except that when a run in flight has pushed
   * it already, the run after it does not pull again (that run brought the page, by the push's
   * answer or a pull, or left it to its retry).
   */
  pushNow(): Promise<SyncStatus>;
  status(): Promise<SyncStatus>;
  startLive(): void;
  stopLive(): void;
  /** True when the alarm was one of sync's. */
  onAlarm(name: string): boolean;
  /** At every worker start: the periodic alarm, and a sync when changes wait. */
  resume(): Promise<void>;
  /** An admin's management of the team's accounts, on the server logged in to. */
  accounts: TeamAccountCalls;
}

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const setTimer = deps.setTimer ?? defaultTimer;
  const call = createServerCall({
    fetch: deps.fetch,
    setTimer,
    timeoutMs: deps.timeoutMs ?? REQUEST_TIMEOUT_MS,
  });
  const { push, pull, take } = createPushPull({
    call,
    now: deps.now,
    onApplied: deps.onApplied,
    onCaughtUp: deps.onCaughtUp,
    pullLimit: deps.pullLimit,
  });
  const retry = createRetry({ alarms: deps.alarms, now: deps.now, setTimer, retry: kick });
  async function connection() {
    const db = await deps.db();
    const [state, session] = await Promise.all([readSyncState(db), readSession(deps.storage)]);
    return state.actor && session ? { serverUrl: state.serverUrl, token: session.token } : null;
  }
  const live = createLiveUpdates({
    fetch: deps.fetch,
    connection,
    cursor: async () => (await readSyncState(await deps.db())).cursor,
    sync: kick,
    take: (event) => {
      schedule({ page: event }).catch((error: unknown) =>
        console.error('Tanggap: sync failed', error),
      );
    },
    setTimer,
    random: deps.random,
  });
  let running: Promise<SyncStatus> | undefined;
  let queued: Promise<SyncStatus> | undefined;
  /**
   * What the queued run does: a whole sync, or a push of what waits and the event pages that
   * came during this run.
   */
  let next: Run | undefined;

  async function status(): Promise<SyncStatus> {
    return readStatus(await deps.db(), deps.storage);
  }

  async function announce(): Promise<SyncStatus> {
    const s = await status();
    try {
      await deps.onStatus?.(s);
    } catch (error) {
      console.error('Tanggap: sync status notification failed', error);
    }
    return s;
  }

  async function runOnce(): Promise<SyncStatus> {
    const db = await deps.db();
    const [state, session] = await Promise.all([readSyncState(db), readSession(deps.storage)]);
    if (!state.actor || !session) return status();
    try {
      if (Date.parse(session.expiresAt) <= deps.now().getTime()) {
        throw new SyncFault('session-ended');
      }
      // A push whose answer carried the whole page a pull would return needs no pull.
      const pushed = await push(db, state, session.token);
      const restored =
        pushed === 'restored' ||
        (pushed === 'pull' && (await pull(db, state.serverUrl, session.token)));
      if (restored && (await push(db, state, session.token)) !== 'caught-up') {
        await pull(db, state.serverUrl, session.token);
      }
      await reportQuarantined(db, call, state.serverUrl, session.token);
      await updateSyncState(db, (s) => ({ ...s, lastError: null, failures: 0 }));
      retry.stop();
    } catch (error) {
      if (!(error instanceof SyncFault)) throw error;
      const at = deps.now().toISOString();
      const lastError: SyncError = {
        code:
          error.reason === 'bad-login' || error.reason === 'too-many-attempts'
            ? 'refused'
            : error.reason,
        at,
        ...(error.detail ? { detail: error.detail } : {}),
      };
      if (error.reason === 'session-ended') {
        // Stop: only the officer can log in again. The outbox stays for that login.
        await forgetSession(deps.storage);
        await updateSyncState(db, (s) => ({ ...s, lastError }));
        retry.stop();
        live.drop();
      } else {
        const next = await updateSyncState(db, (s) => ({
          ...s,
          lastError,
          failures: s.failures + 1,
        }));
        retry.schedule(Math.max(error.retryAfterMs, backoffDelay(next.failures, deps.random)));
      }
    }
    return announce();
  }

  /** A sync nobody waits for (a timer, an alarm, an event): its failure is only logged. */
  function kick() {
    syncNow().catch((error: unknown) => console.error('Tanggap: sync failed', error));
  }

  /**
   * Takes the pages of `changed` events in order; the first it cannot use (not at this
   * browser's cursor, a change waiting, another epoch, unreadable) makes it sync instead.
   */
  async function runPages(pages: ChangedPage[]): Promise<SyncStatus> {
    const db = await deps.db();
    const [state, session] = await Promise.all([readSyncState(db), readSession(deps.storage)]);
    if (!state.actor || !session) return status();
    if (Date.parse(session.expiresAt) <= deps.now().getTime()) return runOnce();
    let applied = false;
    for (const event of pages) {
      const outcome = await take(db, event);
      if (outcome === 'unusable') return runOnce();
      applied ||= outcome === 'applied';
    }
    if (!applied) return status();
    await reportQuarantined(db, call, state.serverUrl, session.token);
    // The server answered and nothing of this browser waits: an earlier run's fault is over.
    await updateSyncState(db, (s) => ({ ...s, lastError: null, failures: 0 }));
    retry.stop();
    return announce();
  }

  /**
   * A push of what waits, else the event pages. With nothing waiting (the run before pushed
   * it, and brought the page by the push's answer or a pull, or left it to its retry) only
   * the pages are taken. When something waits, a sync runs and the pages are left: its
   * push's page, or its pull, is read after they came.
   */
  async function runChanges({ push, pages }: SyncChanges<ChangedPage>): Promise<SyncStatus> {
    if (push) {
      const db = await deps.db();
      if ((await countOutbox(db, (await readSyncState(db)).pushedUpTo)) > 0) return runOnce();
    }
    return runPages(pages);
  }

  function syncNow(): Promise<SyncStatus> {
    return schedule('sync');
  }

  function pushNow(): Promise<SyncStatus> {
    return schedule('push');
  }

  /**
   * One run at a time: a sync, a push, or an event's page, none of which may race another.
   * What is asked during a run makes one more run after it: a sync, which pulls every page
   * anyway, or else a push if one was asked and the event pages in the order they came.
   */
  function schedule(ask: Ask): Promise<SyncStatus> {
    const start = (run: Run) => {
      running = (run === 'sync' ? runOnce() : runChanges(run)).finally(() => {
        running = undefined;
      });
      return running;
    };
    if (!running) return start(foldSyncAsk(undefined, ask));
    next = foldSyncAsk(next, ask);
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        const run = next ?? 'sync';
        next = undefined;
        return running ? schedule('sync') : start(run);
      });
    return queued;
  }

  /**
   * Waits for the sync in flight and the one queued after it: a run reads its token once and
   * its client id per request, so a login or logout must not land in the middle of one.
   */
  async function settled(): Promise<void> {
    await Promise.allSettled([running, queued]);
  }

  async function login(req: LoginRequest): Promise<SyncStatus> {
    const serverUrl = normaliseServerUrl(req.serverUrl);
    const credentials = parseLoginRequest({ username: req.username, password: req.password });
    // The previous login's stream ends first: its pages, taken as pulled ones, must not land
    // after this login's state. A refused login opens a stream again for the login that stays.
    live.drop();
    try {
      return await logInNow(serverUrl, credentials, req.discardWaiting ?? false);
    } finally {
      live.connect();
    }
  }

  async function logInNow(
    serverUrl: string,
    credentials: ReturnType<typeof parseLoginRequest>,
    discardWaiting: boolean,
  ): Promise<SyncStatus> {
    await settled();
    const db = await deps.db();
    const state = await readSyncState(db);
    const waiting = await countOutbox(db, state.pushedUpTo);
    const same =
      state.clientId !== '' &&
      state.serverUrl === serverUrl &&
      state.username === credentials.username;
    if (!same && waiting > 0 && !discardWaiting) {
      throw new TanggapError(
        'sync-failed',
        `${waiting} changes made as ${state.username} have not reached ${state.serverUrl}; ` +
          'logging in as someone else or elsewhere discards them',
        { data: { reason: 'waiting', waiting } },
      );
    }
    const answer = checked(
      parseLoginResponse,
      await call(serverUrl, '/login', { body: credentials }),
    );
    await saveSession(deps.storage, { token: answer.token, expiresAt: answer.expiresAt });
    // Every login pulls everything again (cursor 0), replacing this browser's items and
    // directory with the team's: what was changed here while logged out is not the team's.
    // The same user on the same server keeps their outbox, re-applied on top of the pull.
    await updateSyncState(
      db,
      (s) => ({
        ...(same
          ? { ...s, cursor: 0 }
          : {
              ...s,
              clientId: newClientId(),
              nextMutationId: 1,
              cursor: 0,
              lastMutationId: 0,
              pushedUpTo: 0,
              epoch: '',
            }),
        actor: answer.actor,
        team: answer.team,
        serverUrl,
        username: answer.actor.username,
        lastError: null,
        failures: 0,
        ...(same ? {} : { lastSyncAt: null }),
      }),
      { clearOutbox: !same },
    );
    startPeriodicSync(deps.alarms);
    await syncNow();
    return announce();
  }

  async function logout({ discardWaiting = false }: { discardWaiting?: boolean } = {}) {
    await settled();
    const db = await deps.db();
    const [state, session] = await Promise.all([readSyncState(db), readSession(deps.storage)]);
    live.drop();
    retry.stop();
    stopPeriodicSync(deps.alarms);
    if (session && state.serverUrl) {
      // The server forgets the token; a server out of reach cannot stop the logout.
      await call(state.serverUrl, '/logout', { token: session.token }).catch(() => null);
    }
    await forgetSession(deps.storage);
    await updateSyncState(
      db,
      (s) => ({
        ...s,
        actor: null,
        team: null,
        lastError: null,
        failures: 0,
        // Discarded changes: the next login starts from the team's data again.
        ...(discardWaiting
          ? { clientId: '', cursor: 0, lastMutationId: 0, pushedUpTo: 0, nextMutationId: 1 }
          : {}),
      }),
      { clearOutbox: discardWaiting },
    );
    return announce();
  }

  return {
    accounts: createTeamAccountCalls({ call, connection }),
    login,
    logout,
    syncNow,
    pushNow,
    status,
    startLive: live.start,
    stopLive: live.stop,
    onAlarm(name) {
      if (!isSyncAlarm(name)) return false;
      kick();
      return true;
    },
    async resume() {
      const db = await deps.db();
      const state = await readSyncState(db);
      if (!state.actor) return;
      startPeriodicSync(deps.alarms);
      if ((await countOutbox(db, state.pushedUpTo)) > 0) await syncNow();
    },
  };
}

type Ask = SyncAsk<ChangedPage>;
type Run = SyncRun<ChangedPage>;

/** A new client id: 32 hex digits. */
function newClientId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}
