/**
 * Requests to the team server: one JSON exchange with a time-out, and its failures as a
 * `SyncFault` whose reason the status shows (`SyncError`).
 */
import { TanggapError } from '../../../utils/domain/errors';
import { REQUEST_TIMEOUT_MS, type SyncError } from '../../../utils/domain/sync-state';
import { API_PREFIX, EPOCH_CHANGED, errorOf } from '../../../utils/domain/sync-protocol';
import type { Timer } from './timer';

const ENGLISH: Record<SyncError['code'], string> = {
  timeout: `The team server did not answer (timed out after ${REQUEST_TIMEOUT_MS / 1000} s)`,
  unreachable: 'The team server cannot be reached (no network, or the address is wrong)',
  'server-error': 'The team server had a problem',
  busy: 'The team server is busy; Tanggap will try again',
  'storage-full': "The team server's disk is full; changes wait here until there is room",
  unreadable: 'The team server answered something Tanggap cannot read',
  'session-ended': 'Your session has ended: log in again',
  refused: 'The team server refused the request',
};

/** A failed exchange with the server; `reason` says which kind (see SyncError). */
export class SyncFault extends TanggapError {
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
export class EpochChanged extends Error {}

export interface ServerRequest {
  body?: unknown;
  token?: string;
  method?: string;
}

/** One request to the server: its JSON answer (null for 204), or a SyncFault. */
export type ServerCall = (
  serverUrl: string,
  path: string,
  request: ServerRequest,
) => Promise<unknown>;

export function createServerCall(deps: {
  fetch: typeof fetch;
  setTimer: Timer;
  timeoutMs: number;
}): ServerCall {
  return async (serverUrl, path, { body, token, method = 'POST' }) => {
    const controller = new AbortController();
    const cancel = deps.setTimer(() => controller.abort(), deps.timeoutMs);
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
      const seconds = Number(response.headers.get('Retry-After'));
      const wait = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
      if (response.status === 429) {
        if (path === '/login') throw new SyncFault('too-many-attempts', undefined, wait);
        throw new SyncFault('busy', undefined, wait);
      }
      // The server's own "come back later" (its database is away): it says when.
      if (response.status === 503 && wait > 0) {
        throw new SyncFault(
          error?.code === 'storage-full' ? 'storage-full' : 'busy',
          undefined,
          wait,
        );
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
  };
}

/** A check of the answer's shape; a broken one is the server's fault, not a bad request. */
export function checked<T>(parse: (x: unknown) => T, x: unknown): T {
  try {
    return parse(x);
  } catch (error) {
    throw new SyncFault('unreadable', (error as Error).message);
  }
}
