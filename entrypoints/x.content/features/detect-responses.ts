/**
 * Feature `detect-responses`: on a post's conversation page, the replies by a directory handle
 * are reported to the background, which decides whether one responds (utils/response-detection).
 *
 * It rides on the content script's batches: no observer or timer of its own, at most one message
 * per batch and only when the batch holds such replies, each reply once per page. X loads
 * replies as the officer scrolls or asks for more, so they arrive over many batches. A reply
 * seen while the post was not open yet (unassigned, closed) is reported again when it becomes
 * open, since it may then be the response; after a reopen the background counts only replies
 * made after it, so the reply that closed it before does not close it again.
 *
 * Seen working on: conversation pages (x.com/<handle>/status/<id>), in tests/e2e/response.test.ts
 * on the replica built from the real saved markup.
 */
import { sendToBackground } from '../../../utils/messaging/transport';
import type { SeenReply } from '../../../utils/domain/types';
import { repliesOnPage } from '../../../utils/domain/response-detection';
import type { AssignmentOnPage, Department, Post } from '../../../utils/domain/types';
import { handleKey } from '../../../utils/domain/x-handle';
import type { ContentFeature } from './feature';

/** The most replies the background takes in one report; beyond it, forget the oldest. */
const REMEMBERED = 200;

export function createResponseDetector({ onError }: { onError: (error: unknown) => void }) {
  let href = '';
  let conversationId: string | null = null;
  let focusedCreatedAt: string | undefined;
  /** The directory replies reported on this page, by id. */
  const reported = new Map<string, SeenReply>();

  function send(id: string, replies: SeenReply[]) {
    sendToBackground('reportReplies', { conversationId: id, replies }).catch(onError);
  }

  /** The posts read in one batch on `pageUrl`, with the directory as it is now. */
  function report(posts: readonly Post[], pageUrl: string, departments: readonly Department[]) {
    if (pageUrl !== href) {
      href = pageUrl;
      conversationId = null;
      focusedCreatedAt = undefined;
      reported.clear();
    }
    focusedCreatedAt ??= posts.find((p) => p.focused)?.createdAt;
    const handles = new Set<string>();
    for (const d of departments) if (d.handle) handles.add(handleKey(d.handle));
    if (handles.size === 0) return;
    const found = repliesOnPage(posts, pageUrl, handles, focusedCreatedAt);
    if (!found) return;
    conversationId = found.conversationId;
    const fresh = found.replies.filter((r) => !reported.has(r.id));
    if (fresh.length === 0) return;
    for (const r of fresh) reported.set(r.id, r);
    for (const id of reported.keys()) {
      if (reported.size <= REMEMBERED) break;
      reported.delete(id);
    }
    send(found.conversationId, fresh.slice(-REMEMBERED));
  }

  /** An assignment changed: if this page's post just became open, its replies may respond. */
  function changed(before: AssignmentOnPage | null | undefined, after: AssignmentOnPage) {
    if (after.tweetId !== conversationId || after.status !== 'open' || reported.size === 0) return;
    if (before?.status === 'open' && before.departmentId === after.departmentId) return;
    send(after.tweetId, [...reported.values()]);
  }

  return { report, changed };
}

/** What response detection reads of the page's data (page-data.ts). */
export interface DirectoryData {
  departments(): readonly Department[];
  departmentsReady: Promise<unknown>;
}

export function createDetectResponses(
  data: DirectoryData,
  { onError }: { onError: (error: unknown) => void },
): ContentFeature {
  const detector = createResponseDetector({ onError });
  return {
    name: 'detect-responses',
    onPosts: ({ read, href }) => {
      if (read.length === 0) return;
      void data.departmentsReady.then(() => detector.report(read, href, data.departments()));
    },
    onChange: (change) => {
      if (change.kind !== 'assignments') return;
      for (const { before, after } of change.changes) detector.changed(before, after);
    },
    stop: () => {},
  };
}
