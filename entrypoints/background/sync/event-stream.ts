/**
 * Live updates: the team server's event stream (`GET /v1/events`), held open while a page
 * wants it. A `changed` event ahead of this browser's cursor that carries its page is handed
 * to the engine, which takes the page as a pulled one when it starts at this browser's cursor
 * (and syncs otherwise); any other event ahead starts a sync. A stream that fails or ends is
 * opened again after a backoff; a refused token is left to the sync it starts, which ends the
 * session.
 */
import { API_PREFIX } from '../../../utils/domain/sync-protocol';
import { backoffDelay } from './retry';
import type { Timer } from './timer';

export interface ServerEvent {
  event: string;
  data: string;
}

/** Reads a server-sent events stream chunk by chunk (comments and ids are skipped). */
export class EventStreamReader {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  push(chunk: string): ServerEvent[] {
    this.buffer += chunk;
    const events: ServerEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      if (line === '') {
        if (this.data.length > 0) {
          events.push({ event: this.event || 'message', data: this.data.join('\n') });
        }
        this.event = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
    }
    return events;
  }
}

/** The cursor of a `changed` or `ready` event, or null when it holds none. */
export function eventCursor(e: ServerEvent): number | null {
  try {
    const cursor = (JSON.parse(e.data) as { cursor?: unknown }).cursor;
    return typeof cursor === 'number' && Number.isSafeInteger(cursor) ? cursor : null;
  } catch {
    return null;
  }
}

/** A `changed` event that carries the page from `from` to `cursor` (docs/sync.md). */
export interface ChangedPage {
  cursor: number;
  from: number;
  /** The pull answer without `lastMutationId` and `reset`: unchecked until it is taken. */
  page: unknown;
}

/** The page a `changed` event carries, or null when it carries none. */
export function eventPage(e: ServerEvent): ChangedPage | null {
  if (e.event !== 'changed') return null;
  try {
    const { cursor, from, page } = JSON.parse(e.data) as Partial<Record<string, unknown>>;
    const version = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);
    return version(cursor) && version(from) && page !== undefined ? { cursor, from, page } : null;
  } catch {
    return null;
  }
}

export interface LiveUpdatesDeps {
  fetch: typeof fetch;
  /** The server and token to listen with; null when nobody is logged in. */
  connection: () => Promise<{ serverUrl: string; token: string } | null>;
  /** The team version this browser has pulled up to. */
  cursor: () => Promise<number>;
  /** Starts a sync nobody waits for. */
  sync: () => void;
  /** Takes an event's page, or syncs when it cannot; nobody waits for it. */
  take: (event: ChangedPage) => void;
  setTimer: Timer;
  random: () => number;
}

export interface LiveUpdates {
  /** Wants a stream, and opens one. */
  start(): void;
  /** Wants none, and ends the one open. */
  stop(): void;
  /** Ends the stream, not the wish for one: a new login reconnects while pages are open. */
  drop(): void;
  /** Opens a stream if one is wanted and none is open. */
  connect(): void;
}

export function createLiveUpdates(deps: LiveUpdatesDeps): LiveUpdates {
  let wanted = false;
  let live: AbortController | undefined;
  let failures = 0;
  let cancelReconnect: (() => void) | undefined;

  /** Listens until the stream ends; true when it should be opened again. */
  async function listen(controller: AbortController): Promise<boolean> {
    const connection = await deps.connection();
    if (!connection) return false;
    const response = await deps.fetch(`${connection.serverUrl}${API_PREFIX}/events`, {
      headers: { Authorization: `Bearer ${connection.token}`, Accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (response.status === 401) {
      deps.sync();
      return false;
    }
    if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
    failures = 0;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const events = new EventStreamReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      for (const event of events.push(decoder.decode(value, { stream: true }))) {
        const cursor = eventCursor(event);
        if (cursor === null || (event.event !== 'changed' && event.event !== 'ready')) continue;
        if (cursor <= (await deps.cursor())) continue;
        const carried = eventPage(event);
        if (carried) deps.take(carried);
        else deps.sync();
      }
    }
  }

  function connect() {
    if (!wanted || live) return;
    const controller = new AbortController();
    live = controller;
    listen(controller)
      .then(
        (again) => again,
        () => true,
      )
      .then((again) => {
        if (live === controller) live = undefined;
        if (!again || !wanted || controller.signal.aborted) return;
        failures++;
        cancelReconnect = deps.setTimer(connect, backoffDelay(failures, deps.random));
      })
      .catch((error: unknown) => console.error('Tanggap: live updates failed', error));
  }

  function drop() {
    cancelReconnect?.();
    cancelReconnect = undefined;
    live?.abort();
    live = undefined;
  }

  return {
    start() {
      wanted = true;
      connect();
    },
    stop() {
      wanted = false;
      drop();
    },
    drop,
    connect,
  };
}
