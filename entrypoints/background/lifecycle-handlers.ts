/**
 * The background's answers for an item's life after assignment: replies seen on X, closing
 * with a reason, reopening, notes. Same rules as `handlers.ts` (which mixes these in): every
 * request is untrusted input, checked before anything is written.
 */
import {
  date,
  departmentId,
  handle,
  MAX_NOTE_LENGTH,
  MAX_URL_LENGTH,
  onlyKeys,
  optionalText,
  record,
  text,
  tweetId,
  changeStatus,
} from '../../utils/assignment-ops';
import { getDepartment, listClosedToday, listDepartments } from '../../utils/db';
import { addNote, CLOSURE_REASONS, resolve } from '../../utils/lifecycle-ops';
import {
  TanggapError,
  type BackgroundProtocol,
  type Handlers,
  type SeenReply,
} from '../../utils/messages';
import { applyReplies } from '../../utils/response-detection';
import { loadSettings } from '../../utils/settings';
import type { Assignment, ClosureReason, Department } from '../../utils/types';
import type { BackgroundDeps } from './handlers';

/** More than X ever shows in one frame; a batch is what appeared at once. */
export const MAX_REPLIES = 200;

type LifecycleNames = 'reportReplies' | 'resolve' | 'reopen' | 'addNote' | 'listClosedToday';

/** The popup's closed list: enough for a day's work at the desk, cheap to render. */
export const MAX_CLOSED_LIMIT = 200;

export interface LifecycleTools {
  deps: BackgroundDeps;
  /** The request as an object with only the `allowed` fields. */
  request: (req: unknown, allowed: readonly string[]) => Record<string, unknown>;
  /** One read-modify-write of one assignment (see `handlers.ts`). */
  update: (
    id: string,
    fn: (current: Assignment | undefined, by: string, nowIso: string) => Assignment | undefined,
  ) => Promise<Assignment | undefined>;
  existing: (current: Assignment | undefined, id: string) => Assignment;
}

function bad(message: string): never {
  throw new TanggapError('bad-request', message);
}

function seenReply(x: unknown, path: string): SeenReply {
  const r = record(x, path);
  onlyKeys(r, ['id', 'authorHandle', 'createdAt'], path);
  return {
    id: tweetId(r.id, `${path}.id`),
    authorHandle: handle(r.authorHandle, `${path}.authorHandle`),
    createdAt: date(r.createdAt, `${path}.createdAt`, { optional: false }),
  };
}

export function createLifecycleHandlers({
  deps,
  request,
  update,
  existing,
}: LifecycleTools): Pick<Handlers<BackgroundProtocol>, LifecycleNames> {
  return {
    async reportReplies(req) {
      const r = request(req, ['conversationId', 'replies']);
      const id = tweetId(r.conversationId, 'request.conversationId');
      const list = r.replies;
      if (!Array.isArray(list) || list.length === 0 || list.length > MAX_REPLIES) {
        bad(`request.replies must be a list of 1 to ${MAX_REPLIES} replies`);
      }
      const replies = list.map((x, i) => seenReply(x, `request.replies[${i}]`));
      const db = await deps.db();
      const [departments, settings] = await Promise.all([listDepartments(db), loadSettings(db)]);
      const policy = { departments, otherHandleResponds: settings.otherHandleReplyResponds };
      const result = await update(
        id,
        (current, _by, nowIso) => current && applyReplies(current, replies, policy, nowIso),
      );
      return result ?? null;
    },

    async resolve(req) {
      const r = request(req, ['tweetId', 'reason', 'targetDepartmentId', 'duplicateOf', 'note']);
      const id = tweetId(r.tweetId, 'request.tweetId');
      const reason = r.reason as ClosureReason;
      if (!CLOSURE_REASONS.includes(reason)) {
        bad(`request.reason must be one of ${CLOSURE_REASONS.join(', ')}`);
      }
      const note = optionalText(r.note, 'request.note', MAX_NOTE_LENGTH);
      const db = await deps.db();
      // The department it is sent on to gets its deadline by the same rules as an assignment.
      const rules = await loadSettings(db);
      const duplicateOf = optionalText(r.duplicateOf, 'request.duplicateOf', MAX_URL_LENGTH);
      let target: Department | undefined;
      if (reason === 'not-our-remit') {
        if (r.targetDepartmentId === undefined || r.targetDepartmentId === '') {
          bad('Not our remit: request.targetDepartmentId must name the department to send it to');
        }
        const deptId = departmentId(r.targetDepartmentId, 'request.targetDepartmentId');
        target = await getDepartment(db, deptId);
        if (!target) {
          throw new TanggapError('unknown-department', `No department has the id "${deptId}"`);
        }
      } else if (r.targetDepartmentId !== undefined) {
        bad('request.targetDepartmentId is only for the reason not-our-remit');
      }
      if (reason !== 'duplicate' && duplicateOf !== undefined) {
        bad('request.duplicateOf is only for the reason duplicate');
      }
      const result = await update(id, (current, by, nowIso) =>
        resolve(existing(current, id), { reason, target, duplicateOf, note, rules }, by, nowIso),
      );
      return result!;
    },

    async reopen(req) {
      const r = request(req, ['tweetId']);
      const id = tweetId(r.tweetId, 'request.tweetId');
      const result = await update(id, (current, by, nowIso) =>
        changeStatus(existing(current, id), 'open', by, nowIso),
      );
      return result!;
    },

    async listClosedToday(req) {
      const r = request(req, ['limit']);
      const limit = r.limit ?? 50;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
        bad('request.limit must be a whole number from 1');
      }
      const db = await deps.db();
      return listClosedToday(db, deps.now().getTime(), Math.min(limit, MAX_CLOSED_LIMIT));
    },

    async addNote(req) {
      const r = request(req, ['tweetId', 'text']);
      const id = tweetId(r.tweetId, 'request.tweetId');
      const note = text(r.text, 'request.text', MAX_NOTE_LENGTH);
      const result = await update(id, (current, by, nowIso) =>
        addNote(existing(current, id), note, by, nowIso),
      );
      return result!;
    },
  };
}
