import type { LogFields } from './log';

/** An answer with an HTTP status and the protocol's error body `{ error: { code, message } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Stack frames a log line keeps: enough to find the spot. */
const LOGGED_FRAMES = 4;

/**
 * An unexpected error as fields a log line may keep: its kind, the database's error code and
 * the names of the constraint, table and column, its message up to what it quotes, and where
 * it was thrown. Never its details, its query's parameters or the first line of its stack: a
 * database error quotes the values it refused, and those are citizens' posts and officers'
 * notes.
 */
export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { error: typeof error };
  const db = error as Error & {
    code?: unknown;
    constraint?: unknown;
    table?: unknown;
    column?: unknown;
  };
  const fields: LogFields = { error: error.name };
  for (const key of ['code', 'constraint', 'table', 'column'] as const) {
    if (typeof db[key] === 'string' && /^[\w.-]{1,63}$/.test(db[key])) fields[key] = db[key];
  }
  fields.reason = beforeQuotes(error.message);
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, LOGGED_FRAMES)
    .map((line) => line.trim().replace(/^at /, ''));
  if (frames.length > 0) fields.at = frames.join(' < ');
  return fields;
}

/**
 * The message's first line up to its first quote: a message quotes what it refused (a value,
 * a JSON text) and may nest quotes within it, so everything from there on is left out.
 */
function beforeQuotes(message: string): string {
  const line = message.split('\n')[0] ?? '';
  const quote = line.search(/["'`«]|\(.*\)=\(/);
  return (quote < 0 ? line : `${line.slice(0, quote)}…`).slice(0, 200);
}

/** What a client is told to wait while the disk is full: freeing space takes a person. */
export const STORAGE_FULL_RETRY_SECONDS = 30;

/**
 * 503 `storage-full`: the server's disk has no room for a write. Nothing was changed; the
 * same request succeeds once space is freed, so a browser keeps it and tries again.
 */
export function storageFull(): HttpError {
  return new HttpError(
    503,
    'storage-full',
    "The team server's disk is full: changes cannot be saved until its administrator frees " +
      'space. Nothing is lost: they wait in the browser and are sent again.',
    { 'Retry-After': String(STORAGE_FULL_RETRY_SECONDS) },
  );
}

/** PostgreSQL's code for a write refused for want of disk space. */
export const DISK_FULL_CODE = '53100';
