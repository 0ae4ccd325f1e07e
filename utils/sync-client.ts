/**
 * The extension's side of team sync, the pure parts: its keys and alarms, the backoff and the
 * server-sent events reader.
 */

export const SESSION_KEY = 'tanggapSession';
export const SYNC_ALARM = 'tanggap-sync';
export const RETRY_ALARM = 'tanggap-sync-retry';
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/** A new client id: 32 hex digits. */
export function newClientId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

/**
 * The wait before retry number `failures` (from 1): exponential from 1 s, capped at 5 min,
 * with full jitter so that a team's browsers do not all come back at the same instant.
 */
export function backoffDelay(failures: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.floor(random() * ceiling);
}

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
