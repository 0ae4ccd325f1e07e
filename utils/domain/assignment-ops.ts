/**
 * An assignment's state transitions and the validation of what enters the store. Pure (no
 * clock, no storage), so the background applies them now and the team-sync server can
 * replay the same mutations later and reach the same state.
 *
 * History is append-only: every transition copies the previous events and adds one
 * (`withEvent`, which keeps it within MAX_HISTORY).
 */
import type { StatusChange } from './types';
import { clockStartOf, computeDeadline, type DeadlineRules } from './sla';
import { assignmentSchema, MAX_HISTORY, postSchema } from './schemas/assignment';
import { parse, refuse } from './schemas/parse';
import { truncate } from './text';
import type {
  Assignment,
  AssignmentState,
  AssignmentStatus,
  Department,
  HistoryAction,
  HistoryEvent,
  Post,
  PostSnapshot,
} from './types';

export {
  MAX_HISTORY,
  MAX_NAME_LENGTH,
  MAX_NOTE_LENGTH,
  MAX_NOTES,
  MAX_OFFICER_LENGTH,
  MAX_REASON_LENGTH,
  MAX_REPLY_TO,
  MAX_TEXT_LENGTH,
  MAX_URL_LENGTH,
} from './schemas/assignment';
export { truncate };

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

/**
 * `history` with `e` added, within MAX_HISTORY events: past it, the events after the first
 * (the item's creation) are dropped, oldest first, so an item changed thousands of times keeps
 * its start and its recent past, and every browser still accepts it. The one rule wherever
 * history grows, in the browser and on the server alike.
 */
export function withEvent(history: readonly HistoryEvent[], e: HistoryEvent): HistoryEvent[] {
  return cappedHistory([...history, e]);
}

/** `history` within MAX_HISTORY events, by `withEvent`'s rule: its first and its latest. */
export function cappedHistory(history: HistoryEvent[]): HistoryEvent[] {
  if (history.length <= MAX_HISTORY) return history;
  return [history[0]!, ...history.slice(-(MAX_HISTORY - 1))];
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
    refuse(`Assignment ${existing.tweetId} cannot take post ${post.id}`);
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
    history: withEvent(
      history,
      reassigning
        ? event(nowIso, by, 'reassign', { from: existing.departmentId, to: dept.id, reason })
        : event(nowIso, by, 'assign', { to: dept.id, reason }),
    ),
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
    refuse(
      `Post ${a.tweetId} is not assigned to a department: assign it before marking it ${status}`,
    );
  }
  if (!allowedFrom[status].includes(a.status)) {
    refuse(`Post ${a.tweetId} is ${a.status}: it cannot be marked ${status}`);
  }
  const next: Assignment = {
    ...a,
    status,
    history: withEvent(
      a.history,
      event(nowIso, by, actionFor[status], { from: a.status, to: status, reason }),
    ),
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
    history: withEvent(a.history, event(nowIso, by, 'unassign', { from: a.departmentId, reason })),
    updatedAt: nowIso,
    updatedBy: by,
  };
}

/** The state of an item never assigned. */
const UNASSIGNED: AssignmentState = {
  departmentId: '',
  status: 'unassigned',
  assignedAt: '',
  assignedBy: '',
  deadline: '',
  ...noResponse,
};

export function stateOf(a: Assignment | undefined): AssignmentState {
  if (!a) return UNASSIGNED;
  const { departmentId, status, assignedAt, assignedBy, deadline } = a;
  const { respondedAt, respondedBy, responseId, resolvedAt, closureReason } = a;
  return {
    departmentId,
    status,
    assignedAt,
    assignedBy,
    deadline,
    respondedAt,
    respondedBy,
    responseId,
    resolvedAt,
    closureReason,
  };
}

/** What undoes an assignment: the assignment it undoes (by its time) and the state before. */
export interface UndoOffer {
  tweetId: string;
  /** The `assignedAt` of the assignment to take back. */
  undoes: string;
  previous: AssignmentState;
}

/** The undo of the change from `before` to `after`, or null when nothing changed. */
export function undoOffer(before: Assignment | undefined, after: Assignment): UndoOffer | null {
  if (after === before) return null;
  return { tweetId: after.tweetId, undoes: after.assignedAt, previous: stateOf(before) };
}

/**
 * Takes back the assignment made at `undoes`: the item goes back to `previous` (unassigned, or
 * its earlier department with that deadline and status), and its history keeps both the
 * assignment and an `undo` event. Refused once the item changed since that assignment (another
 * officer acted on it, or it was undone already), or when `previous` is not what the
 * assignment's own event says it replaced.
 */
export function undoAssign(
  a: Assignment,
  { undoes, previous }: Omit<UndoOffer, 'tweetId'>,
  by: string,
  nowIso: string,
): Assignment {
  const last = a.history[a.history.length - 1];
  const isAssignment = last?.action === 'assign' || last?.action === 'reassign';
  if (a.status !== 'open' || a.assignedAt !== undoes || !isAssignment || last.at !== undoes) {
    refuse(`Post ${a.tweetId} changed after that assignment: there is nothing to undo`);
  }
  if (previous.departmentId !== (last.action === 'reassign' ? last.from : '')) {
    refuse(`Post ${a.tweetId} was not with "${previous.departmentId}" before that assignment`);
  }
  return {
    ...a,
    ...previous,
    history: withEvent(
      a.history,
      event(nowIso, by, 'undo', { from: a.departmentId, to: previous.departmentId || undefined }),
    ),
    updatedAt: nowIso,
    updatedBy: by,
  };
}

// ---------------------------------------------------------------------------------------
// Validation: everything that arrives in a message or an import, by its schema.

/** A post from a message. Text longer than MAX_TEXT_LENGTH is cut (see there). */
export function validatePost(x: unknown, path = 'post'): Post {
  return parse(postSchema, x, path);
}

/**
 * An assignment from an import: every field checked, dates normalised to `toISOString`
 * form, unknown fields refused. The error names the field, e.g. `assignments[3].deadline`.
 */
export function validateAssignment(x: unknown, path = 'assignment'): Assignment {
  return parse(assignmentSchema, x, path);
}
