/**
 * An item's life after assignment: closing it with a reason, reopening it, notes. Pure like
 * `assignment-ops.ts` (no clock, no storage), and built on its transitions, so every step
 * lands in the append-only history.
 *
 * Decisions:
 * - "Not our remit" does not close the item: the citizen still waits for an answer, so it is
 *   sent on to the department that should answer it (a reassignment with the reason
 *   `not-our-remit`, and that department's full SLA from now).
 * - A duplicate is closed with the reason `duplicate:<other post id>`, so the export and the
 *   history say which post carries on.
 * - Reopening keeps the original deadline (see `changeStatus`).
 * - Repeating a step that is already done (a retried message, a double click) returns the
 *   assignment itself and adds nothing, note included.
 */
import {
  assign,
  changeStatus,
  event,
  MAX_NOTES,
  MAX_REASON_LENGTH,
  truncate,
  withEvent,
} from './assignment-ops';
import { refuse } from './schemas/parse';
import type { DeadlineRules } from './sla';
import type { Assignment, ClosureReason, Department, Post } from './types';
import { parseStatusPath, xPath } from './x-links';

export const CLOSURE_REASONS: readonly ClosureReason[] = [
  'handled',
  'not-our-remit',
  'duplicate',
  'no-action',
];

export interface ResolveInput {
  reason: ClosureReason;
  /** The department to send it to, for `not-our-remit`. */
  target?: Department;
  /** The other post's id or its URL on X, for `duplicate`. */
  duplicateOf?: string;
  note?: string;
  /** The settings' deadline rules, for the department it is sent on to. */
  rules?: DeadlineRules;
}

/** A post id from an id or an X status URL, or null. */
export function postIdFrom(value: string): string | null {
  const v = value.trim();
  if (/^[0-9]{1,25}$/.test(v)) return v;
  const path = xPath(v);
  return path === null ? null : (parseStatusPath(path)?.id ?? null);
}

/** `duplicate:123` → `{ reason: 'duplicate', duplicateOf: '123' }`; other reasons as they are. */
export function parseClosureReason(stored: string): { reason: string; duplicateOf?: string } {
  const m = /^duplicate:([0-9]+)$/.exec(stored);
  return m ? { reason: 'duplicate', duplicateOf: m[1] } : { reason: stored };
}

/** The post an assignment keeps, as `assign` takes it. */
export function postOf(a: Assignment): Post {
  return {
    ...a.post,
    id: a.tweetId,
    repostedBy: null,
    focused: false,
    replyTo: [],
    promoted: false,
  };
}

export function resolve(
  a: Assignment,
  input: ResolveInput,
  by: string,
  nowIso: string,
): Assignment {
  if (a.status === 'unassigned') {
    refuse(`Post ${a.tweetId} is not assigned to a department: assign it before closing it`);
  }
  let next: Assignment;
  if (input.reason === 'not-our-remit') {
    const target = input.target ?? refuse('Not our remit: choose the department to send it to');
    if (target.id === a.departmentId) {
      refuse(`Post ${a.tweetId} is already with ${target.id}: choose another department`);
    }
    // Its clock starts when it is sent on, even when the settings count from the post's time:
    // counted from the post, the receiving department could get a deadline already past.
    const rules = input.rules && { ...input.rules, clockStart: 'assignment' as const };
    next = assign(a, postOf(a), target, by, nowIso, 'not-our-remit', rules);
  } else {
    let closure: string = input.reason;
    if (input.reason === 'duplicate') {
      const other = postIdFrom(input.duplicateOf ?? '');
      if (other === null) refuse('Duplicate: give the other post’s id or its address on X');
      if (other === a.tweetId) refuse('A post cannot be a duplicate of itself');
      closure = `duplicate:${other}`;
    }
    if (a.status === 'resolved' && a.closureReason !== closure) {
      refuse(`Post ${a.tweetId} is already resolved (${a.closureReason}): reopen it first`);
    }
    next = changeStatus(a, 'resolved', by, nowIso, closure);
  }
  if (next === a || !input.note) return next;
  return addNote(next, input.note, by, nowIso);
}

/** Adds a note to any known item, assigned or not; its text goes in the history too. */
export function addNote(a: Assignment, text: string, by: string, nowIso: string): Assignment {
  const note = text.trim();
  if (!note) refuse('A note needs some text');
  if (a.notes.length >= MAX_NOTES) {
    refuse(`Post ${a.tweetId} has ${MAX_NOTES} notes already, the most an item keeps`);
  }
  return {
    ...a,
    notes: [...a.notes, note],
    history: withEvent(
      a.history,
      event(nowIso, by, 'note', { reason: truncate(note, MAX_REASON_LENGTH) }),
    ),
    updatedAt: nowIso,
    updatedBy: by,
  };
}
