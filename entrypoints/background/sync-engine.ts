/**
 * Team sync in the background: login and logout, pushing the outbox, pulling the team's
 * changes, retries with backoff, and live updates over server-sent events.
 *
 * Nothing lives only in memory: the outbox, the cursor and the last error are in IndexedDB
 * (utils/storage), the token in `storage.local`, and a retry is an alarm as well as a timer, so a
 * worker stopped in the middle of a push starts again from what was committed (`resume` runs
 * at every worker start). A push whose answer was lost is sent again; the server skips what it
 * applied (ids up to its `lastMutationId`). A push answer only moves `pushedUpTo`: entries
 * leave the outbox when a pull brings their effect (see `applyPulledPage`).
 *
 * Construction is inert: nothing runs until a method is called.
 */
import type { Browser } from 'wxt/browser';
import { countAssignments } from '../../utils/storage/assignments';
import { countOutbox, listOutbox, recordPushAnswer } from '../../utils/storage/outbox';
import { applyPulledPage, type PullApplied } from '../../utils/storage/pull';
import type { TanggapDb } from '../../utils/storage/schema';
import { listRefusals, readSyncState, updateSyncState } from '../../utils/storage/sync-state';
import { TanggapError } from '../../utils/domain/errors';
import {
  backoffDelay,
  eventCursor,
  EventStreamReader,
  newClientId,
  RETRY_ALARM,
  SESSION_KEY,
  SYNC_ALARM,
} from '../../utils/sync-client';
import { REQUEST_TIMEOUT_MS } from '../../utils/domain/sync-state';
import { normaliseServerUrl } from '../../utils/domain/server-origins';
import type { SyncError, SyncState, SyncStatus } from '../../utils/domain/sync-state';
import {
  API_PREFIX,
  EPOCH_CHANGED,
  errorOf,
  MAX_PUSH_MUTATIONS,
  parseLoginRequest,
  parseLoginResponse,
  parsePullResponse,
  parsePushResponse,
} from '../../utils/domain/sync-protocol';

export interface Session {
  token: string;
  /** ISO 8601. */
  expiresAt: string;
}

export interface SyncEngineDeps {
  db: () => Promise<TanggapDb>;
  fetch: typeof fetch;
  now: () => Date;
  random: () => number;
  /** `browser.storage.local`: the token lives there, never in IndexedDB or sync storage. */
  storage: Pick<Browser.storage.StorageArea, 'get' | 'set' | 'remove'>;
  alarms: Pick<typeof Browser.alarms, 'create' | 'clear'>;
  /** A pull changed things here: broadcast them, rebuild the menus, refresh the badge. */
  onApplied: (changes: PullApplied) => void | Promise<void>;
  /** The status may have changed (`syncStatusChanged`). */
  onStatus?: (status: SyncStatus) => void | Promise<void>;
  /** A timer while the worker lives (tests record the delays). Returns its cancel. */
  setTimer?: (fn: () => void, ms: number) => () => void;
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
  status(): Promise<SyncStatus>;
  startLive(): void;
  stopLive(): void;
  /** True when the alarm was one of sync's. */
  onAlarm(name: string): boolean;
  /** At every worker start: the periodic alarm, and a sync when changes wait. */
  resume(): Promise<void>;
}

const ENGLISH: Record<SyncError['code'], string> = {
  timeout: `The team server did not answer (timed out after ${REQUEST_TIMEOUT_MS / 1000} s)`,
  unreachable: 'The team server cannot be reached (no network, or the address is wrong)',
  'server-error': 'The team server had a problem',
  busy: 'The team server is busy; Tanggap will try again',
  unreadable: 'The team server answered something Tanggap cannot read',
  'session-ended': 'Your session has ended: log in again',
  refused: 'The team server refused the request',
};

/** A failed exchange with the server; `reason` says which kind (see SyncError). */
class SyncFault extends TanggapError {
  constructor(
    readonly reason: SyncError['code'] | 'bad-login' | 'too-many-attempts',
    readonly detail?: string,
    readonly retryAfterMs = 0,
  ) {
    const words =
      reason === 'bad-login'
        ? 'The name or the password is wrong'
        : reason === 'too-many-attempts'
          ? 'Too many login attempts; wait a moment before trying again'
          : ENGLISH[reason];
    super('sync-failed', detail ? `${words}: ${detail}` : words, {
      data: { reason, ...(detail ? { detail } : {}) },
    });
  }
}

/** The server refused a push made with an old epoch: a pull must come first. */
class EpochChanged extends Error {}

function defaultTimer(fn: () => void, ms: number) {
  const id = setTimeout(fn, ms);
  return () => clearTimeout(id);
}

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const timeoutMs = deps.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const setTimer = deps.setTimer ?? defaultTimer;
  let cancelRetry: (() => void) | undefined;
  let running: Promise<SyncStatus> | undefined;
  let queued: Promise<SyncStatus> | undefined;

  async function readSession(): Promise<Session | null> {
    const stored = (await deps.storage.get(SESSION_KEY))[SESSION_KEY] as
      Partial<Session> | undefined;
    return typeof stored?.token === 'string' && typeof stored.expiresAt === 'string'
      ? { token: stored.token, expiresAt: stored.expiresAt }
      : null;
  }

  /** One request to the server: its JSON answer, or a SyncFault. */
  async function call(
    serverUrl: string,
    path: string,
    { body, token, method = 'POST' }: { body?: unknown; token?: string; method?: string },
  ): Promise<unknown> {
    const controller = new AbortController();
    const cancel = setTimer(() => controller.abort(), timeoutMs);
    try {
      let response: Response;
      let text: string;
      try {
        response = await deps.fetch(`${serverUrl}${API_PREFIX}${path}`, {
          method,
          headers: {
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: controller.signal,
        });
        text = await response.text();
      } catch {
        throw new SyncFault(controller.signal.aborted ? 'timeout' : 'unreachable');
      }
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      const error = errorOf(json);
      if (response.status === 401) {
        if (path === '/login') throw new SyncFault('bad-login');
        throw new SyncFault('session-ended');
      }
      if (response.status === 429) {
        const seconds = Number(response.headers.get('Retry-After'));
        const wait = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
        if (path === '/login') throw new SyncFault('too-many-attempts', undefined, wait);
        throw new SyncFault('busy', undefined, wait);
      }
      if (response.status >= 500) throw new SyncFault('server-error', String(response.status));
      if (response.status === 409 && error?.code === EPOCH_CHANGED) throw new EpochChanged();
      if (!response.ok) {
        throw new SyncFault('refused', error?.message ?? `HTTP ${response.status}`);
      }
      if (response.status === 204) return null;
      if (json === undefined || error) throw new SyncFault('unreadable');
      return json;
    } finally {
      cancel();
    }
  }

  /** A check of the answer's shape; a broken one is the server's fault, not a bad request. */
  function checked<T>(parse: (x: unknown) => T, x: unknown): T {
    try {
      return parse(x);
    } catch (error) {
      throw new SyncFault('unreadable', (error as Error).message);
    }
  }

  async function status(): Promise<SyncStatus> {
    const db = await deps.db();
    const state = await readSyncState(db);
    const [waiting, refusals, session, itemsHere] = await Promise.all([
      // Not yet answered by a push: what the officer would lose. Entries the server has
      // answered stay in the outbox until a pull brings their effect, but they are not waiting
      // any more, so the count drops to 0 after a successful push.
      countOutbox(db, state.pushedUpTo),
      listRefusals(db),
      readSession(),
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
      itemsHere,
    };
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

  async function push(db: TanggapDb, state: SyncState, token: string) {
    for (;;) {
      const { pushedUpTo, epoch } = await readSyncState(db);
      const entries = await listOutbox(db, MAX_PUSH_MUTATIONS, pushedUpTo);
      if (entries.length === 0) return;
      const mutations = entries.map(({ id, name, args, at }) => ({ id, name, args, at }));
      let reply: unknown;
      try {
        reply = await call(state.serverUrl, '/push', {
          body: { clientId: state.clientId, mutations, ...(epoch ? { epoch } : {}) },
          token,
        });
      } catch (error) {
        // A restored server: the pull that follows starts again, then these are pushed.
        if (error instanceof EpochChanged) return;
        throw error;
      }
      const answer = checked(parsePushResponse, reply);
      await recordPushAnswer(db, answer, deps.now().toISOString());
      // The server took none of them: pulling shows why; pushing again would loop.
      if (answer.lastMutationId < entries[0]!.id) return;
    }
  }

  /**
   * Pulls until the end; true when it stopped because the server was restored from a backup
   * (another epoch, or a cursor ahead of the team): then the cursor is 0, so the next pull
   * replaces this browser's items, and `pushedUpTo` is back at what the server still has, so
   * the entries it lost are pushed again (it applies each once, by id). None leave the outbox.
   */
  async function pull(db: TanggapDb, serverUrl: string, token: string): Promise<boolean> {
    for (;;) {
      const state = await readSyncState(db);
      const page = checked(
        parsePullResponse,
        await call(serverUrl, '/pull', {
          body: {
            clientId: state.clientId,
            cursor: state.cursor,
            ...(deps.pullLimit ? { limit: deps.pullLimit } : {}),
          },
          token,
        }),
      );
      if (page.reset || (state.epoch !== '' && page.epoch !== state.epoch)) {
        await updateSyncState(db, (s) => ({
          ...s,
          cursor: 0,
          epoch: page.epoch,
          lastMutationId: page.lastMutationId,
          pushedUpTo: page.lastMutationId,
        }));
        return true;
      }
      const applied = await applyPulledPage(db, page, {
        replace: state.cursor === 0,
        atIso: deps.now().toISOString(),
      });
      if (
        applied.assignments.length > 0 ||
        applied.removedIds.length > 0 ||
        applied.replaced ||
        applied.departments ||
        applied.settingsChanged
      ) {
        try {
          await deps.onApplied(applied);
        } catch (error) {
          console.error('Tanggap: change notification failed', error);
        }
      }
      if (!page.more || page.cursor <= state.cursor) return false;
    }
  }

  function scheduleRetry(ms: number) {
    cancelRetry?.();
    cancelRetry = setTimer(() => kick(), ms);
    void deps.alarms.create(RETRY_ALARM, { when: deps.now().getTime() + ms });
  }

  function stopRetrying() {
    cancelRetry?.();
    cancelRetry = undefined;
    void deps.alarms.clear(RETRY_ALARM);
  }

  async function runOnce(): Promise<SyncStatus> {
    const db = await deps.db();
    const [state, session] = await Promise.all([readSyncState(db), readSession()]);
    if (!state.actor || !session) return status();
    try {
      if (Date.parse(session.expiresAt) <= deps.now().getTime()) {
        throw new SyncFault('session-ended');
      }
      await push(db, state, session.token);
      if (await pull(db, state.serverUrl, session.token)) {
        await push(db, state, session.token);
        await pull(db, state.serverUrl, session.token);
      }
      await updateSyncState(db, (s) => ({ ...s, lastError: null, failures: 0 }));
      stopRetrying();
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
        await deps.storage.remove(SESSION_KEY);
        await updateSyncState(db, (s) => ({ ...s, lastError }));
        stopRetrying();
        dropLive();
      } else {
        const next = await updateSyncState(db, (s) => ({
          ...s,
          lastError,
          failures: s.failures + 1,
        }));
        scheduleRetry(Math.max(error.retryAfterMs, backoffDelay(next.failures, deps.random)));
      }
    }
    return announce();
  }

  /** A sync nobody waits for (a timer, an alarm, an event): its failure is only logged. */
  function kick() {
    syncNow().catch((error: unknown) => console.error('Tanggap: sync failed', error));
  }

  function syncNow(): Promise<SyncStatus> {
    if (!running) {
      running = runOnce().finally(() => {
        running = undefined;
      });
      return running;
    }
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return syncNow();
      });
    return queued;
  }

  // Live updates ------------------------------------------------------------------------

  let wantLive = false;
  let live: AbortController | undefined;
  let liveFailures = 0;
  let cancelReconnect: (() => void) | undefined;

  async function listen(controller: AbortController) {
    const db = await deps.db();
    const [state, session] = await Promise.all([readSyncState(db), readSession()]);
    if (!state.actor || !session) return false;
    const response = await deps.fetch(`${state.serverUrl}${API_PREFIX}/events`, {
      headers: { Authorization: `Bearer ${session.token}`, Accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (response.status === 401) {
      kick();
      return false;
    }
    if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
    liveFailures = 0;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const events = new EventStreamReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      for (const event of events.push(decoder.decode(value, { stream: true }))) {
        const cursor = eventCursor(event);
        if (cursor === null || (event.event !== 'changed' && event.event !== 'ready')) continue;
        if (cursor > (await readSyncState(db)).cursor) kick();
      }
    }
  }

  function connect() {
    if (!wantLive || live) return;
    const controller = new AbortController();
    live = controller;
    listen(controller)
      .then(
        (again) => again,
        () => true,
      )
      .then((again) => {
        if (live === controller) live = undefined;
        if (!again || !wantLive || controller.signal.aborted) return;
        liveFailures++;
        cancelReconnect = setTimer(connect, backoffDelay(liveFailures, deps.random));
      })
      .catch((error: unknown) => console.error('Tanggap: live updates failed', error));
  }

  function startLive() {
    wantLive = true;
    connect();
  }

  function stopLive() {
    wantLive = false;
    dropLive();
  }

  /** Ends the connection, not the wish for one: a new login reconnects while pages are open. */
  function dropLive() {
    cancelReconnect?.();
    cancelReconnect = undefined;
    live?.abort();
    live = undefined;
  }

  // Login and logout --------------------------------------------------------------------

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
    await settled();
    const db = await deps.db();
    const state = await readSyncState(db);
    const waiting = await countOutbox(db, state.pushedUpTo);
    const same =
      state.clientId !== '' &&
      state.serverUrl === serverUrl &&
      state.username === credentials.username;
    if (!same && waiting > 0 && !req.discardWaiting) {
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
    await deps.storage.set({
      [SESSION_KEY]: { token: answer.token, expiresAt: answer.expiresAt } satisfies Session,
    });
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
    void deps.alarms.create(SYNC_ALARM, { periodInMinutes: 1 });
    await syncNow();
    if (wantLive) connect();
    return announce();
  }

  async function logout({ discardWaiting = false }: { discardWaiting?: boolean } = {}) {
    await settled();
    const db = await deps.db();
    const [state, session] = await Promise.all([readSyncState(db), readSession()]);
    dropLive();
    stopRetrying();
    void deps.alarms.clear(SYNC_ALARM);
    if (session && state.serverUrl) {
      // The server forgets the token; a server out of reach cannot stop the logout.
      await call(state.serverUrl, '/logout', { token: session.token }).catch(() => null);
    }
    await deps.storage.remove(SESSION_KEY);
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
    login,
    logout,
    syncNow,
    status,
    startLive,
    stopLive,
    onAlarm(name) {
      if (name !== SYNC_ALARM && name !== RETRY_ALARM) return false;
      kick();
      return true;
    },
    async resume() {
      const db = await deps.db();
      const state = await readSyncState(db);
      if (!state.actor) return;
      void deps.alarms.create(SYNC_ALARM, { periodInMinutes: 1 });
      if ((await countOutbox(db, state.pushedUpTo)) > 0) await syncNow();
    },
  };
}
