/**
 * A post as a page sends it, and an assignment as a file, a message or the team server holds
 * it: every field checked, times in stored form, unknown fields refused.
 */
import * as v from 'valibot';
import { truncate } from '../text';
import type {
  Assignment,
  AssignmentStatus,
  HistoryAction,
  HistoryEvent,
  AssignmentState,
  Post,
  PostSnapshot,
} from '../types';
import {
  departmentId,
  flag,
  handle,
  isoTime,
  isoTimeOrEmpty,
  list,
  oneOf,
  optionalText,
  postUrl,
  text,
  tweetId,
} from './blocks';
import { fields } from './parse';

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

const STATUSES = ['unassigned', 'open', 'responded', 'resolved'] as const;
const ACTIONS = [
  'assign',
  'reassign',
  'unassign',
  'respond',
  'resolve',
  'reopen',
  'note',
  'reply-seen',
  'undo',
] as const satisfies readonly HistoryAction[];

/** A post from a page's message. Text longer than MAX_TEXT_LENGTH is cut (see there). */
export const postSchema: v.GenericSchema<unknown, Post> = fields(
  {
    id: tweetId,
    authorHandle: handle,
    authorName: text(MAX_NAME_LENGTH),
    text: v.pipe(
      v.string('must be a string'),
      v.transform((s) => truncate(s, MAX_TEXT_LENGTH)),
    ),
    createdAt: isoTimeOrEmpty,
    url: postUrl(MAX_URL_LENGTH),
    repostedBy: v.nullable(handle),
    focused: flag,
    replyTo: list(handle, MAX_REPLY_TO, `must be a list of at most ${MAX_REPLY_TO} handles`),
    promoted: flag,
  },
  // What else a reader adds is no harm to the post: it is left out, not refused.
  { unknown: 'drop' },
);

const snapshotSchema: v.GenericSchema<unknown, PostSnapshot> = fields({
  authorHandle: handle,
  authorName: text(MAX_NAME_LENGTH),
  text: text(MAX_TEXT_LENGTH),
  createdAt: isoTimeOrEmpty,
  url: postUrl(MAX_URL_LENGTH),
});

const historyEventSchema: v.GenericSchema<unknown, HistoryEvent> = fields({
  at: isoTime,
  by: text(MAX_OFFICER_LENGTH),
  action: oneOf(ACTIONS),
  from: v.optional(text(64)),
  to: v.optional(text(64)),
  reason: optionalText(MAX_REASON_LENGTH),
});

const officer = text(MAX_OFFICER_LENGTH);

/** An item's state: where it is and how far it went; an undo puts back an earlier one. */
const stateFields = {
  departmentId: v.union(
    [v.literal(''), departmentId],
    'must be a department id (lower-case letters, digits and dashes)',
  ),
  status: oneOf(STATUSES) as v.GenericSchema<unknown, AssignmentStatus>,
  assignedAt: isoTimeOrEmpty,
  assignedBy: officer,
  deadline: isoTimeOrEmpty,
  respondedAt: isoTimeOrEmpty,
  respondedBy: officer,
  responseId: v.union([v.literal(''), tweetId], 'must be a post id: a string of 1 to 25 digits'),
  resolvedAt: isoTimeOrEmpty,
  closureReason: text(MAX_REASON_LENGTH),
};

/** Which fields an item's status requires, and which it requires empty. */
function statusRules<T extends AssignmentState>({ dataset, addIssue }: v.RawCheckContext<T>) {
  if (!dataset.typed) return;
  const a = dataset.value;
  const fault = (message: string) => addIssue({ message });
  if (a.status === 'unassigned') {
    if (a.departmentId !== '')
      fault('{path}.departmentId must be empty when the status is unassigned');
    else if (a.deadline !== '')
      fault('{path}.deadline must be empty when the status is unassigned');
    return;
  }
  if (a.departmentId === '') {
    fault('{path}.departmentId must be a department id (lower-case letters, digits and dashes)');
  } else if (a.assignedAt === '') fault('{path}.assignedAt must be an ISO 8601 date, not ""');
  else if (a.deadline === '') fault('{path}.deadline must be an ISO 8601 date, not ""');
  else if (a.status === 'resolved' && a.resolvedAt === '') {
    fault('{path}.resolvedAt must be an ISO 8601 date, not ""');
  }
}

/**
 * An assignment from an import, a backup or the team server. The error names the field,
 * e.g. `assignments[3].deadline`.
 */
/** The state an undo puts back, with the same rules as a whole item's. */
export const assignmentStateSchema: v.GenericSchema<unknown, AssignmentState> = v.pipe(
  fields(stateFields),
  v.rawCheck(statusRules<AssignmentState>),
);

export const assignmentSchema: v.GenericSchema<unknown, Assignment> = v.pipe(
  fields({
    tweetId,
    post: snapshotSchema,
    ...stateFields,
    notes: list(text(MAX_NOTE_LENGTH), MAX_NOTES, `must be a list of at most ${MAX_NOTES} notes`),
    history: list(
      historyEventSchema,
      MAX_HISTORY,
      `must be a list of at most ${MAX_HISTORY} events`,
    ),
    updatedAt: isoTimeOrEmpty,
    updatedBy: officer,
  }),
  v.rawCheck(statusRules<Assignment>),
);
