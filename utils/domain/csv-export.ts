/**
 * The CSV export of assignments: RFC 4180 (CRLF line ends, fields with a comma, a quote, CR
 * or LF in quotes, quotes doubled), UTF-8 with a header row. Pure: the background feeds it
 * pages of items.
 *
 * Columns follow Open311's service request (GeoReport v2) where one fits, then ours:
 * - `status` is Open311's `open`/`closed` (closed = resolved); `tanggap_status` is ours;
 * - `requested_datetime` is when the citizen asked: the post's own time (the assignment's
 *   when the post's is unknown); `expected_datetime` is the deadline;
 * - `on_time` is `yes`/`no` once responded, empty while open;
 * - times are the team's wall clock with its offset (`2026-12-06T09:15:00+07:00`): a
 *   spreadsheet shows the hour an officer in Bandung saw, and the instant stays exact.
 */
import type { Assignment, Department } from './types';
import { DEFAULT_TIME_ZONE, zonedIso } from './zoned-time';

/**
 * Excel reads a CSV file without a byte order mark as the system's ANSI code page and garbles
 * Indonesian names and emoji; with it, it reads UTF-8. Other tools ignore it.
 */
export const BOM = '\uFEFF';
export const CRLF = '\r\n';

export const CSV_COLUMNS = [
  'service_request_id',
  'status',
  'tanggap_status',
  'status_notes',
  'agency_responsible',
  'service_code',
  'requested_datetime',
  'expected_datetime',
  'updated_datetime',
  'description',
  'post_url',
  'author_handle',
  'author_name',
  'assigned_at',
  'assigned_by',
  'responded_at',
  'responded_by',
  'resolved_at',
  'closure_reason',
  'on_time',
  'notes',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

/**
 * A post addressed to someone starts with their handle (`@pemkot_bdg jalan rusak …`): that is
 * a mention, not a formula, as long as nothing in the text calls a function (`SUM(`) or
 * another program (`cmd|…`, DDE).
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const LEADING_MENTIONS = /^(@[A-Za-z0-9_]{1,15}(\s+|$))+/;
const CALLS_SOMETHING = /[A-Za-z_.][A-Za-z0-9_.]*\(|\|/;

/**
 * A text that a spreadsheet would read as a formula (OWASP "CSV injection": `=`, `+`, `-`,
 * `@`, tab, CR) gets a leading apostrophe, which spreadsheets show as text and do not run.
 * Text that only starts with a mention is left as written.
 */
export function defuse(value: string): string {
  if (!FORMULA_START.test(value)) return value;
  const mentions = LEADING_MENTIONS.exec(value)?.[0];
  const onlyMentioned =
    mentions !== undefined &&
    !FORMULA_START.test(value.slice(mentions.length)) &&
    !CALLS_SOMETHING.test(value);
  return onlyMentioned ? value : `'${value}`;
}

/** One RFC 4180 field. */
export function csvField(value: string): string {
  const safe = defuse(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvRow(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + CRLF;
}

export function csvHeader(): string {
  return BOM + CSV_COLUMNS.join(',') + CRLF;
}

/** Open311's "why the status is what it is": the reason given with the latest change. */
function lastReason(a: Assignment): string {
  for (let i = a.history.length - 1; i >= 0; i--) {
    const reason = a.history[i]?.reason;
    if (reason && a.history[i]?.action !== 'note') return reason;
  }
  return '';
}

function onTime(a: Assignment): string {
  if (a.status === 'open' || a.status === 'unassigned' || !a.respondedAt) return '';
  return Date.parse(a.respondedAt) <= Date.parse(a.deadline) ? 'yes' : 'no';
}

export function assignmentRow(
  a: Assignment,
  department: Department | undefined,
  timeZone = DEFAULT_TIME_ZONE,
): string {
  const time = (iso: string) => zonedIso(iso, timeZone);
  const fields: Record<CsvColumn, string> = {
    service_request_id: a.tweetId,
    status: a.status === 'resolved' ? 'closed' : 'open',
    tanggap_status: a.status,
    status_notes: lastReason(a),
    agency_responsible: department?.name ?? a.departmentId,
    service_code: a.departmentId,
    requested_datetime: time(a.post.createdAt || a.assignedAt),
    expected_datetime: time(a.deadline),
    updated_datetime: time(a.updatedAt),
    description: a.post.text,
    post_url: a.post.url,
    author_handle: a.post.authorHandle,
    author_name: a.post.authorName,
    assigned_at: time(a.assignedAt),
    assigned_by: a.assignedBy,
    responded_at: time(a.respondedAt),
    responded_by: a.respondedBy,
    resolved_at: time(a.resolvedAt),
    closure_reason: a.closureReason,
    on_time: onTime(a),
    notes: a.notes.join('\n'),
  };
  return csvRow(CSV_COLUMNS.map((c) => fields[c]));
}

/** `tanggap-2025-03-01_2025-03-31.csv`, from the asked dates (local days, as picked). */
export function csvFilename(fromDay?: string, toDay?: string): string {
  const range = [fromDay, toDay].filter(Boolean).join('_');
  return `tanggap${range ? `-${range}` : ''}.csv`;
}
