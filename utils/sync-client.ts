/**
 * The extension's side of team sync, the pure parts: the server's address, the backoff, the
 * server-sent events reader, the status shown to the officer, and its words.
 */
import type { StoredRefusal, SyncError } from './db';
import { t } from './i18n/i18n';
import { TanggapError } from './domain/errors';
import { LOCAL_HOSTS } from './domain/server-origins';
import type { Role } from './domain/actor';

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
  /** Changes not yet answered by a push (see `status` in the sync engine). */
  waiting: number;
  lastError: SyncError | null;
  /** The most recent refusals, oldest first. */
  refusals: StoredRefusal[];
  /** Items in this browser: a first login replaces them with the team's. */
  itemsHere: number;
}

export const SESSION_KEY = 'tanggapSession';
export const SYNC_ALARM = 'tanggap-sync';
export const RETRY_ALARM = 'tanggap-sync-retry';
export const LIVE_PORT = 'tanggap-live';
/** A page's ping on its live port: a message resets the MV3 worker's idle timer (30 s). */
export const LIVE_PING_MS = 25_000;
/** The background's answer on a live port while this browser works alone: stop pinging. */
export const LIVE_IDLE = 'idle';
export const REQUEST_TIMEOUT_MS = 15_000;
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/** Why an address is refused; each has its words (`teamServerUrl…` keys). */
type ServerUrlProblem = 'missing' | 'invalid' | 'https' | 'only-origin';

function badUrl(problem: ServerUrlProblem, message: string, input = ''): never {
  throw new TanggapError('bad-request', message, {
    data: { reason: `server-url-${problem}`, input },
  });
}

/**
 * The server's origin from what the officer typed: HTTPS, or plain HTTP only for a server on
 * this computer (a token sent in the clear elsewhere could be read on the way).
 */
export function normaliseServerUrl(input: unknown): string {
  if (typeof input !== 'string' || input.trim() === '') {
    badUrl('missing', 'Enter the team server’s address, such as https://tanggap.example.go.id');
  }
  const typed = input.trim();
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    badUrl(
      'invalid',
      `"${typed}" is not a web address such as https://tanggap.example.go.id`,
      typed.slice(0, 200),
    );
  }
  const https = 'The team server’s address must start with https:// (HTTPS is required)';
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) badUrl('https', https);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') badUrl('https', https);
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    badUrl(
      'only-origin',
      'Give only the team server’s address, such as https://tanggap.example.go.id',
    );
  }
  return url.origin;
}

/** The host permission a server needs (any port: match patterns ignore it). */
export function permissionPattern(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

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

// ---------------------------------------------------------------------------------------
// Words

/** The last sync error in the officer's words. */
export function syncErrorWords(error: SyncError): string {
  switch (error.code) {
    case 'timeout':
      return t('syncErrorTimeout', Math.round(REQUEST_TIMEOUT_MS / 1000));
    case 'unreachable':
      return t('syncErrorUnreachable');
    case 'server-error':
      return t('syncErrorServer', error.detail ?? '');
    case 'busy':
      return t('syncErrorBusy');
    case 'unreadable':
      return t('syncErrorUnreadable');
    case 'session-ended':
      return t('syncErrorSessionEnded');
    case 'refused':
      return t('syncErrorRefused', error.detail ?? '');
  }
}

const SYNC_ERROR_CODES: readonly string[] = [
  'timeout',
  'unreachable',
  'server-error',
  'busy',
  'unreadable',
  'session-ended',
  'refused',
] satisfies SyncError['code'][];

/** A login (or a server address) that failed, in the officer's words. */
export function loginErrorWords(error: unknown): string {
  const message = (error as Error | undefined)?.message ?? String(error);
  if (!(error instanceof TanggapError)) return t('teamLoginFailed', message);
  const reason = error.data?.reason;
  switch (reason) {
    case 'server-url-missing':
      return t('teamServerUrlMissing');
    case 'server-url-invalid':
      return t('teamServerUrlInvalid', String(error.data?.input ?? ''));
    case 'server-url-https':
      return t('teamServerUrlHttps');
    case 'server-url-only-origin':
      return t('teamServerUrlOnlyOrigin');
    case 'bad-login':
      return t('syncLoginBadLogin');
    case 'too-many-attempts':
      return t('syncLoginTooMany');
  }
  if (error.code === 'sync-failed' && typeof reason === 'string') {
    if (SYNC_ERROR_CODES.includes(reason)) {
      const detail = error.data?.detail;
      return syncErrorWords({
        code: reason as SyncError['code'],
        at: '',
        ...(detail === undefined ? {} : { detail: String(detail) }),
      });
    }
  }
  if (error.code === 'forbidden') return t('errorForbidden');
  return t('teamLoginFailed', message);
}

/** What a refused change's code means, in the officer's words. */
export function refusalWords(code: string): string {
  switch (code) {
    case 'forbidden':
      return t('teamRefusalForbidden');
    case 'unknown-department':
      return t('teamRefusalUnknownDepartment');
    case 'department-in-use':
      return t('teamRefusalDepartmentInUse');
    case 'not-found':
      return t('teamRefusalNotFound');
    case 'bad-request':
      return t('teamRefusalBadRequest');
    default:
      return t('teamRefusalOther');
  }
}

/** "2 min ago" in the UI's language. */
export function agoWords(iso: string, nowMs: number, locale: string): string {
  const seconds = Math.round((Date.parse(iso) - nowMs) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  if (Math.abs(seconds) < 60) return format.format(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return format.format(hours, 'hour');
  return format.format(Math.round(hours / 24), 'day');
}
