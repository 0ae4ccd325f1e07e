/**
 * The arguments of each shared change, as a page's request or a push from another browser
 * gives them. A mutation is one of the background's write requests (same name, same fields).
 */
import * as v from 'valibot';
import { CLOSURE_REASONS } from '../lifecycle-ops';
import {
  assignmentStateSchema,
  MAX_NOTE_LENGTH,
  MAX_REASON_LENGTH,
  MAX_URL_LENGTH,
  postSchema,
} from './assignment';
import { departmentId, handle, isoTime, list, oneOf, optionalText, text, tweetId } from './blocks';
import { departmentSchema, directorySchema } from './department';
import { MAX_RECEIVED_MENTIONS, seenMentionSchema } from './mention';
import { fields } from './parse';
import { teamSettingsUpdateSchema } from './settings';

/** More than X ever shows in one frame; a batch is what appeared at once. */
export const MAX_REPLIES = 200;

const STATUS_CHANGES = ['responded', 'resolved', 'open'] as const;

/** A reply on a conversation page, as the content script read it. */
export const seenReplySchema = fields({
  id: tweetId,
  authorHandle: handle,
  createdAt: isoTime,
});

const resolveArgs = v.pipe(
  fields({
    tweetId,
    reason: oneOf(CLOSURE_REASONS),
    // Checked against the reason below: only "not our remit" sends an item on.
    targetDepartmentId: v.optional(v.unknown()),
    duplicateOf: optionalText(MAX_URL_LENGTH),
    note: optionalText(MAX_NOTE_LENGTH),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { reason, targetDepartmentId: target } = dataset.value;
    if (reason !== 'not-our-remit') {
      if (target !== undefined) {
        addIssue({ message: '{path}.targetDepartmentId is only for the reason not-our-remit' });
      }
    } else if (target === undefined || target === '') {
      addIssue({
        message: 'Not our remit: {path}.targetDepartmentId must name the department to send it to',
      });
    } else if (!v.is(departmentId, target)) {
      addIssue({
        message:
          '{path}.targetDepartmentId must be a department id (lower-case letters, digits and dashes)',
      });
    }
  }),
  v.check(
    (r) => r.reason === 'duplicate' || r.duplicateOf === undefined,
    '{path}.duplicateOf is only for the reason duplicate',
  ),
  v.transform((r) => r as typeof r & { targetDepartmentId?: string }),
);

/** Each mutation's arguments, by its name. */
export const mutationArgsSchemas = {
  assignPost: fields({ post: postSchema, departmentId }),
  setStatus: fields({
    tweetId,
    status: oneOf(STATUS_CHANGES),
    reason: optionalText(MAX_REASON_LENGTH),
  }),
  unassign: fields({ tweetId, reason: optionalText(MAX_REASON_LENGTH) }),
  /** Takes back the assignment made at `undoes`, putting back the `previous` state. */
  undoAssign: fields({ tweetId, undoes: isoTime, previous: assignmentStateSchema }),
  resolve: resolveArgs,
  reopen: fields({ tweetId }),
  addNote: fields({ tweetId, text: text(MAX_NOTE_LENGTH) }),
  reportReplies: fields({
    conversationId: tweetId,
    replies: v.pipe(
      list(seenReplySchema, MAX_REPLIES, `must be a list of 1 to ${MAX_REPLIES} replies`),
      v.nonEmpty(`must be a list of 1 to ${MAX_REPLIES} replies`),
    ),
  }),
  saveDepartment: fields({ department: departmentSchema }),
  removeDepartment: fields({ id: departmentId }),
  reorderDepartments: fields({
    ids: v.array(departmentId, 'must list each department once'),
  }),
  importDirectory: fields({ departments: directorySchema }),
  // Checked against the defaults here, and against the team's settings when applied.
  saveTeamSettings: fields({ settings: teamSettingsUpdateSchema }),
  /** Citizens' mentions seen on X, first seen at the change's time. */
  receiveMentions: fields({
    mentions: v.pipe(
      list(
        seenMentionSchema,
        MAX_RECEIVED_MENTIONS,
        `must be a list of 1 to ${MAX_RECEIVED_MENTIONS} mentions`,
      ),
      v.nonEmpty(`must be a list of 1 to ${MAX_RECEIVED_MENTIONS} mentions`),
    ),
  }),
  /** Not a complaint ("Bukan aduan"): it leaves the triage list. */
  dismissMention: fields({ tweetId }),
  restoreMention: fields({ tweetId }),
};

export type MutationName = keyof typeof mutationArgsSchemas;
export const MUTATION_NAMES = Object.keys(mutationArgsSchemas) as MutationName[];

/** Each mutation's checked arguments. */
export type MutationArgs = {
  [N in MutationName]: v.InferOutput<(typeof mutationArgsSchemas)[N]>;
};
