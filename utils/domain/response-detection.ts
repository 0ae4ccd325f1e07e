/**
 * Response detection: a reply from the assigned department's X handle, seen on the post's
 * conversation page, marks the item responded at the reply's time. Pure (no clock, no
 * storage); the content script picks the replies (`repliesOnPage`), the background decides
 * (`applyReplies`).
 *
 * Decisions:
 * - Only a reply made after the post counts (a conversation page also shows the posts the
 *   complaint itself replies to), and none dated in the future (beyond a little clock skew).
 * - Responded once per open period: one `respond` event. X orders replies by relevance, not
 *   time, so an earlier reply may show up after a later one was recorded: it corrects the
 *   response time and reply, noted as a `reply-seen` event whose reason starts with
 *   `RESPONSE_CORRECTED` (the history stays append-only). A reply later than the recorded
 *   response changes nothing, so reporting the same replies again never adds history.
 * - After a reopen, only replies made after the (last) reopen count: the reply that was the
 *   response before must not close the item again when the page reports it once more.
 * - A reply from another directory handle is noted once per reply (`reply-seen`) and stops the
 *   clock only when the settings say so (`otherHandleResponds`).
 * - Resolved items are closed: a reply is noted, never reopens or changes them.
 */
import { event, withEvent } from './assignment-ops';
import type { SeenReply } from './types';
import type { Assignment, Department, Post } from './types';
import { handleKey } from './x-handle';
import { statusIdFromPath, xPath } from './x-links';

/** A reply's time may run this far ahead of the background's clock (another machine's clock). */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface ReplyPolicy {
  departments: readonly Department[];
  /** A reply from any directory handle stops the clock, not only the assigned department's. */
  otherHandleResponds: boolean;
}

const replyUrl = (r: SeenReply) => `https://x.com/${r.authorHandle}/status/${r.id}`;
const idOfUrl = (url: string | undefined) => /\/status\/([0-9]+)$/.exec(url ?? '')?.[1];

/** Earliest first; equal times by id (ids grow with time). */
function byTime(a: SeenReply, b: SeenReply): number {
  const d = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  if (d !== 0) return d;
  return a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The reason of a `reply-seen` event that moved the response to an earlier reply. */
export const RESPONSE_CORRECTED = 'response-time-corrected';

/** When the current open period began: the last reopen, or never (NaN). */
function reopenedMs(a: Assignment): number {
  for (let i = a.history.length - 1; i >= 0; i--) {
    const e = a.history[i]!;
    if (e.action === 'reopen') return Date.parse(e.at);
  }
  return NaN;
}

/**
 * The assignment after these replies were seen at `nowIso`, or `a` itself when they change
 * nothing. `by` of the events is the replying handle (`@handle`): the reply did it.
 */
export function applyReplies(
  a: Assignment,
  replies: readonly SeenReply[],
  policy: ReplyPolicy,
  nowIso: string,
): Assignment {
  if (a.status === 'unassigned') return a;
  const handles = new Map<string, Department>();
  for (const d of policy.departments) if (d.handle) handles.set(handleKey(d.handle), d);
  const postMs = Date.parse(a.post.createdAt);
  const latestMs = Date.parse(nowIso) + CLOCK_SKEW_MS;
  const reopenMs = reopenedMs(a);

  let next = a;
  for (const reply of [...replies].sort(byTime)) {
    const ms = Date.parse(reply.createdAt);
    if (reply.id === a.tweetId || ms > latestMs || !(ms > postMs || Number.isNaN(postMs))) continue;
    // Seen and dealt with before the reopen (it may have been the response then).
    if (ms <= reopenMs) continue;
    const department = handles.get(handleKey(reply.authorHandle));
    if (!department) continue;
    const by = `@${reply.authorHandle}`;
    const responds =
      next.status !== 'resolved' &&
      (department.id === next.departmentId || policy.otherHandleResponds);
    const response = {
      respondedAt: new Date(ms).toISOString(),
      respondedBy: by,
      responseId: reply.id,
      updatedAt: nowIso,
      updatedBy: by,
    };

    if (responds && next.status === 'open') {
      next = {
        ...next,
        ...response,
        status: 'responded',
        history: withEvent(
          next.history,
          event(nowIso, by, 'respond', { from: 'open', to: 'responded', reason: replyUrl(reply) }),
        ),
      };
    } else if (responds && ms < Date.parse(next.respondedAt)) {
      next = {
        ...next,
        ...response,
        history: withEvent(
          next.history,
          event(nowIso, by, 'reply-seen', {
            reason: `${RESPONSE_CORRECTED} ${replyUrl(reply)}`,
          }),
        ),
      };
    } else if (
      !responds &&
      reply.id !== next.responseId &&
      !next.history.some((e) => e.action === 'reply-seen' && idOfUrl(e.reason) === reply.id)
    ) {
      next = {
        ...next,
        history: withEvent(
          next.history,
          event(nowIso, by, 'reply-seen', { reason: replyUrl(reply) }),
        ),
        updatedAt: nowIso,
        updatedBy: by,
      };
    }
  }
  return next;
}

/**
 * The replies worth reporting among the posts read on a page: on a conversation page
 * (`/handle/status/<id>`), posts other than the focused one, by a directory handle, made after
 * the focused post when its time is known. Null when there are none.
 */
export function repliesOnPage(
  posts: readonly Post[],
  pageUrl: string,
  directoryHandles: ReadonlySet<string>,
  focusedCreatedAt?: string,
): { conversationId: string; replies: SeenReply[] } | null {
  const path = xPath(pageUrl);
  const conversationId = path === null ? null : statusIdFromPath(path);
  if (conversationId === null) return null;
  const afterMs = focusedCreatedAt === undefined ? NaN : Date.parse(focusedCreatedAt);
  const replies: SeenReply[] = [];
  const seen = new Set<string>();
  for (const post of posts) {
    if (post.focused || post.id === conversationId || post.promoted || seen.has(post.id)) continue;
    if (post.repostedBy !== null) continue;
    if (!directoryHandles.has(handleKey(post.authorHandle))) continue;
    if (!(Date.parse(post.createdAt) > afterMs) && !Number.isNaN(afterMs)) continue;
    seen.add(post.id);
    replies.push({ id: post.id, authorHandle: post.authorHandle, createdAt: post.createdAt });
  }
  return replies.length ? { conversationId, replies } : null;
}
