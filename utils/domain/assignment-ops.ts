/**
 * An assignment's state transitions and the validation of what enters the store. Pure (no
 * clock, no storage), so the background applies them now and the team-sync server can
 * replay the same mutations later and reach the same state.
 *
 * History is append-only: every transition copies the previous events and adds one.
 */
import type { StatusChange } from './types';
import { TanggapError } from './errors';
import { clockStartOf, computeDeadline, type DeadlineRules } from './sla';
import { isHandle } from './x-handle';
import { X_LINK_HOSTS } from './x-urls';
import type {
  Assignment,
  AssignmentStatus,
  Department,
  HistoryAction,
  HistoryEvent,
  Post,
  PostSnapshot,
} from './types';

/**
 * X's own limit for a long post. Longer text can only come from a broken reader or a forged
 * message; the snapshot is a preview (the URL leads to the real post), so it is cut, not
 * refused, and an officer can still assign the post.
 */
export const MAX_TEXT_LENGTH = 25_000;
export const MAX_NAME_LENGTH = 200;
export const MAX_URL_LENGTH = 2_048;
export const MAX_REASON_LENGTH = 500;
export const MAX_OFFICER_LENGTH = 100;
export const MAX_NOTE_LENGTH = 5_000;
export const MAX_NOTES = 500;
export const MAX_HISTORY = 2_000;
export const MAX_REPLY_TO = 100;

const STATUSES: readonly AssignmentStatus[] = ['unassigned', 'open', 'responded', 'resolved'];
const ACTIONS: readonly HistoryAction[] = [
  'assign',
  'reassign',
  'unassign',
  'respond',
  'resolve',
  'reopen',
  'note',
  'reply-seen',
];

function bad(message: string): never {
  throw new TanggapError('bad-request', message);
}

// ---------------------------------------------------------------------------------------
// Transitions

export function event(
  at: string,
  by: string,
  action: HistoryAction,
  extra: Pick<HistoryEvent, 'from' | 'to' | 'reason'>,
): HistoryEvent {
  const e: HistoryEvent = { at, by, action };
  // Absent rather than undefined: events are compared and exported as JSON.
  if (extra.from !== undefined) e.from = extra.from;
  if (extra.to !== undefined) e.to = extra.to;
  if (extra.reason) e.reason = extra.reason;
  return e;
}

export function snapshotOf(post: Post): PostSnapshot {
  return {
    authorHandle: post.authorHandle,
    authorName: post.authorName,
    text: post.text,
    createdAt: post.createdAt,
    url: post.url,
  };
}

/** Clears what belonged to the previous response cycle; the history keeps it. */
const noResponse = {
  respondedAt: '',
  respondedBy: '',
  responseId: '',
  resolvedAt: '',
  closureReason: '',
} satisfies Partial<Assignment>;

/**
 * Assigns a post, or reassigns it to another department with a new deadline. Assigning an
 * open item to its current department again changes nothing (a retried message or a double
 * click must not add history) and returns `existing` itself.
 */
export function assign(
  existing: Assignment | undefined,
  post: Post,
  dept: Department,
  by: string,
  nowIso: string,
  reason?: string,
  /** The settings' clock start and working hours; without them the clock is plain hours. */
  rules?: DeadlineRules,
): Assignment {
  if (existing && existing.tweetId !== post.id) {
    bad(`Assignment ${existing.tweetId} cannot take post ${post.id}`);
  }
  if (existing?.status === 'open' && existing.departmentId === dept.id) return existing;

  const reassigning = existing !== undefined && existing.departmentId !== '';
  const history = existing?.history ?? [];
  return {
    tweetId: post.id,
    post: snapshotOf(post),
    departmentId: dept.id,
    status: 'open',
    assignedAt: nowIso,
    assignedBy: by,
    deadline: computeDeadline(clockStartOf(nowIso, post.createdAt, rules), dept.slaHours, rules),
    ...noResponse,
    notes: existing?.notes ?? [],
    history: [
      ...history,
      reassigning
        ? event(nowIso, by, 'reassign', { from: existing.departmentId, to: dept.id, reason })
        : event(nowIso, by, 'assign', { to: dept.id, reason }),
    ],
    updatedAt: nowIso,
    updatedBy: by,
  };
}

const allowedFrom: Record<StatusChange, readonly AssignmentStatus[]> = {
  responded: ['open'],
  resolved: ['open', 'responded'],
  open: ['responded', 'resolved'],
};
const actionFor: Record<StatusChange, HistoryAction> = {
  responded: 'respond',
  resolved: 'resolve',
  open: 'reopen',
};

/**
 * Marks an item responded or resolved, or reopens it. Asking for the status it already has
 * returns `a` itself. A reopened item keeps its original deadline: the citizen has been
 * waiting since then; a fresh clock comes with a reassignment.
 */
export function changeStatus(
  a: Assignment,
  status: StatusChange,
  by: string,
  nowIso: string,
  reason?: string,
): Assignment {
  if (a.status === status) return a;
  if (a.status === 'unassigned') {
    bad(`Post ${a.tweetId} is not assigned to a department: assign it before marking it ${status}`);
  }
  if (!allowedFrom[status].includes(a.status)) {
    bad(`Post ${a.tweetId} is ${a.status}: it cannot be marked ${status}`);
  }
  const next: Assignment = {
    ...a,
    status,
    history: [
      ...a.history,
      event(nowIso, by, actionFor[status], { from: a.status, to: status, reason }),
    ],
    updatedAt: nowIso,
    updatedBy: by,
  };
  if (status === 'responded') {
    next.respondedAt = nowIso;
    next.respondedBy = by;
  } else if (status === 'resolved') {
    next.resolvedAt = nowIso;
    next.closureReason = reason ?? '';
    // Resolving without a recorded response still stops the clock at this moment.
    if (!next.respondedAt) {
      next.respondedAt = nowIso;
      next.respondedBy = by;
    }
  } else {
    Object.assign(next, noResponse);
  }
  return next;
}

/**
 * Takes the item off its department. The record stays (status `unassigned`) so its history
 * survives and a later assignment appends to it. Unassigning twice returns `a` itself.
 */
export function unassign(a: Assignment, by: string, nowIso: string, reason?: string): Assignment {
  if (a.status === 'unassigned') return a;
  return {
    ...a,
    ...noResponse,
    departmentId: '',
    status: 'unassigned',
    assignedAt: '',
    assignedBy: '',
    deadline: '',
    history: [...a.history, event(nowIso, by, 'unassign', { from: a.departmentId, reason })],
    updatedAt: nowIso,
    updatedBy: by,
  };
}

// ---------------------------------------------------------------------------------------
// Validation: everything that arrives in a message or an import goes through here.

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function record(x: unknown, path: string): Record<string, unknown> {
  if (!isRecord(x)) bad(`${path} must be an object`);
  return x;
}

export function onlyKeys(x: Record<string, unknown>, allowed: readonly string[], path: string) {
  for (const key of Object.keys(x)) {
    if (!allowed.includes(key) && x[key] !== undefined)
      bad(`${path} has an unknown field "${key}"`);
  }
}

export function text(x: unknown, path: string, max: number): string {
  if (typeof x !== 'string') bad(`${path} must be a string`);
  if (x.length > max) bad(`${path} is too long (${x.length} characters, at most ${max})`);
  return x;
}

export function optionalText(x: unknown, path: string, max: number): string | undefined {
  return x === undefined ? undefined : text(x, path, max).trim() || undefined;
}

/** X status ids are decimal strings; they exceed 2^53, so they are never numbers. */
export function tweetId(x: unknown, path: string): string {
  if (typeof x !== 'string' || !/^[0-9]{1,25}$/.test(x)) {
    bad(`${path} must be a post id: a string of 1 to 25 digits`);
  }
  return x;
}

export function departmentId(x: unknown, path: string): string {
  if (typeof x !== 'string' || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(x) || x.length > 64) {
    bad(`${path} must be a department id (lower-case letters, digits and dashes)`);
  }
  return x;
}

export function programmeId(x: unknown, path: string): string {
  if (typeof x !== 'string' || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(x) || x.length > 64) {
    bad(`${path} must be a programme id (lower-case letters, digits and dashes)`);
  }
  return x;
}

export function handle(x: unknown, path: string): string {
  if (typeof x !== 'string' || !isHandle(x)) {
    bad(`${path} must be an X handle without "@" (1 to 15 letters, digits or "_")`);
  }
  return x;
}

/** ISO 8601 in `toISOString` form, so that index order is time order. */
export function date(x: unknown, path: string, { optional }: { optional: boolean }): string {
  if (optional && x === '') return '';
  if (typeof x !== 'string' || x.length > 40) bad(`${path} must be an ISO 8601 date`);
  const ms = Date.parse(x);
  if (Number.isNaN(ms)) bad(`${path} must be an ISO 8601 date, not "${x}"`);
  const year = new Date(ms).getUTCFullYear();
  if (year < 2000 || year > 9999) bad(`${path} is out of range: "${x}"`);
  return new Date(ms).toISOString();
}

function postUrl(x: unknown, path: string): string {
  const value = text(x, path, MAX_URL_LENGTH);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    bad(`${path} must be a URL`);
  }
  // The popup opens this URL on a click: only X pages, never `javascript:` or other sites.
  if (url.protocol !== 'https:' || !X_LINK_HOSTS.has(url.hostname)) {
    bad(`${path} must be an https:// address on x.com or twitter.com`);
  }
  return value;
}

function boolean(x: unknown, path: string): boolean {
  if (typeof x !== 'boolean') bad(`${path} must be true or false`);
  return x;
}

export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = max - 1;
  // Never split a surrogate pair: half an emoji is not valid text.
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${value.slice(0, end)}…`;
}

/** A post from a message. Text longer than MAX_TEXT_LENGTH is cut (see there). */
export function validatePost(x: unknown, path = 'post'): Post {
  const p = record(x, path);
  if (typeof p.text !== 'string') bad(`${path}.text must be a string`);
  const replyTo = p.replyTo;
  if (!Array.isArray(replyTo) || replyTo.length > MAX_REPLY_TO) {
    bad(`${path}.replyTo must be a list of at most ${MAX_REPLY_TO} handles`);
  }
  return {
    id: tweetId(p.id, `${path}.id`),
    authorHandle: handle(p.authorHandle, `${path}.authorHandle`),
    authorName: text(p.authorName, `${path}.authorName`, MAX_NAME_LENGTH),
    text: truncate(p.text, MAX_TEXT_LENGTH),
    createdAt: date(p.createdAt, `${path}.createdAt`, { optional: true }),
    url: postUrl(p.url, `${path}.url`),
    repostedBy: p.repostedBy === null ? null : handle(p.repostedBy, `${path}.repostedBy`),
    focused: boolean(p.focused, `${path}.focused`),
    replyTo: replyTo.map((h, i) => handle(h, `${path}.replyTo[${i}]`)),
    promoted: boolean(p.promoted, `${path}.promoted`),
  };
}

function validateEvent(x: unknown, path: string): HistoryEvent {
  const e = record(x, path);
  onlyKeys(e, ['at', 'by', 'action', 'from', 'to', 'reason'], path);
  if (!ACTIONS.includes(e.action as HistoryAction)) {
    bad(`${path}.action must be one of ${ACTIONS.join(', ')}`);
  }
  return event(
    date(e.at, `${path}.at`, { optional: false }),
    text(e.by, `${path}.by`, MAX_OFFICER_LENGTH),
    e.action as HistoryAction,
    {
      from: e.from === undefined ? undefined : text(e.from, `${path}.from`, 64),
      to: e.to === undefined ? undefined : text(e.to, `${path}.to`, 64),
      reason: optionalText(e.reason, `${path}.reason`, MAX_REASON_LENGTH),
    },
  );
}

const ASSIGNMENT_KEYS = [
  'tweetId',
  'post',
  'departmentId',
  'status',
  'assignedAt',
  'assignedBy',
  'deadline',
  'respondedAt',
  'respondedBy',
  'responseId',
  'resolvedAt',
  'closureReason',
  'notes',
  'history',
  'updatedAt',
  'updatedBy',
] as const satisfies readonly (keyof Assignment)[];

/**
 * An assignment from an import: every field checked, dates normalised to `toISOString`
 * form, unknown fields refused. The error names the field, e.g. `assignments[3].deadline`.
 */
export function validateAssignment(x: unknown, path = 'assignment'): Assignment {
  const a = record(x, path);
  onlyKeys(a, ASSIGNMENT_KEYS, path);
  const p = record(a.post, `${path}.post`);
  onlyKeys(p, ['authorHandle', 'authorName', 'text', 'createdAt', 'url'], `${path}.post`);
  if (!STATUSES.includes(a.status as AssignmentStatus)) {
    bad(`${path}.status must be one of ${STATUSES.join(', ')}`);
  }
  const status = a.status as AssignmentStatus;
  const assigned = status !== 'unassigned';
  const { notes, history } = a;
  if (!Array.isArray(notes) || notes.length > MAX_NOTES) {
    bad(`${path}.notes must be a list of at most ${MAX_NOTES} notes`);
  }
  if (!Array.isArray(history) || history.length > MAX_HISTORY) {
    bad(`${path}.history must be a list of at most ${MAX_HISTORY} events`);
  }
  const officer = (v: unknown, field: string) => text(v, `${path}.${field}`, MAX_OFFICER_LENGTH);
  const when = (v: unknown, field: string, required = false) =>
    date(v, `${path}.${field}`, { optional: !required });

  const result: Assignment = {
    tweetId: tweetId(a.tweetId, `${path}.tweetId`),
    post: {
      authorHandle: handle(p.authorHandle, `${path}.post.authorHandle`),
      authorName: text(p.authorName, `${path}.post.authorName`, MAX_NAME_LENGTH),
      text: text(p.text, `${path}.post.text`, MAX_TEXT_LENGTH),
      createdAt: when(p.createdAt, 'post.createdAt'),
      url: postUrl(p.url, `${path}.post.url`),
    },
    departmentId: assigned ? departmentId(a.departmentId, `${path}.departmentId`) : '',
    status,
    assignedAt: when(a.assignedAt, 'assignedAt', assigned),
    assignedBy: officer(a.assignedBy, 'assignedBy'),
    deadline: when(a.deadline, 'deadline', assigned),
    respondedAt: when(a.respondedAt, 'respondedAt'),
    respondedBy: officer(a.respondedBy, 'respondedBy'),
    responseId: a.responseId === '' ? '' : tweetId(a.responseId, `${path}.responseId`),
    resolvedAt: when(a.resolvedAt, 'resolvedAt', status === 'resolved'),
    closureReason: text(a.closureReason, `${path}.closureReason`, MAX_REASON_LENGTH),
    notes: notes.map((n, i) => text(n, `${path}.notes[${i}]`, MAX_NOTE_LENGTH)),
    history: history.map((e, i) => validateEvent(e, `${path}.history[${i}]`)),
    updatedAt: when(a.updatedAt, 'updatedAt'),
    updatedBy: officer(a.updatedBy, 'updatedBy'),
  };
  if (!assigned && a.departmentId !== '') {
    bad(`${path}.departmentId must be empty when the status is unassigned`);
  }
  if (!assigned && a.deadline !== '') {
    bad(`${path}.deadline must be empty when the status is unassigned`);
  }
  return result;
}
