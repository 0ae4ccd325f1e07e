/**
 * The server's log: one JSON object per line, `info` on stdout, `warn` and `error` on stderr,
 * for journald, a container runtime or a log collector to keep. Each line has `time`, `level`
 * and `event` (a stable name to search and alert on), then the event's fields: ids, codes,
 * counts, durations. Never a post's text, a note, a password or a token: a field is a plain
 * value, so nothing nested (a request body, an error's details) can slip in whole.
 *
 * `TANGGAP_LOG_FORMAT=text` (the default on a terminal) writes the same fields as one
 * readable line; `TANGGAP_LOG_LEVEL=warn` or `error` leaves out the lines below it.
 */
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Record<string, LogValue>;
export type LogLevel = 'info' | 'warn' | 'error';

const RANK: Record<LogLevel, number> = { info: 0, warn: 1, error: 2 };

function threshold(): number {
  const level = process.env.TANGGAP_LOG_LEVEL;
  return level === 'warn' || level === 'error' ? RANK[level] : RANK.info;
}

function textFormat(): boolean {
  const format = process.env.TANGGAP_LOG_FORMAT;
  return format === 'text' || (format !== 'json' && process.stdout.isTTY === true);
}

/** The line a record is written as (without its newline). */
export function formatLine(record: LogFields, text = textFormat()): string {
  if (!text) return JSON.stringify(record);
  const { time, level, event, ...fields } = record;
  const pairs = Object.entries(fields).map(
    ([key, value]) =>
      `${key}=${typeof value === 'string' && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)}`,
  );
  return [time, String(level).toUpperCase().padEnd(5), event, ...pairs].join(' ');
}

function write(level: LogLevel, event: string, fields: LogFields): void {
  if (RANK[level] < threshold()) return;
  const record: LogFields = { time: new Date().toISOString(), level, event };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) record[key] = value;
  const line = `${formatLine(record)}\n`;
  if (level === 'info') process.stdout.write(line);
  else process.stderr.write(line);
}

export const log = {
  info: (event: string, fields: LogFields = {}) => write('info', event, fields),
  warn: (event: string, fields: LogFields = {}) => write('warn', event, fields),
  error: (event: string, fields: LogFields = {}) => write('error', event, fields),
};
