/**
 * The popup's changes to several items at once: one message, one transaction, one answer per
 * item. Each item's change is the same mutation a single change would be (the sync server
 * sees nothing new); an item the officer may not change is refused with its reason and the
 * others apply.
 */
import { postOf } from '../../utils/domain/lifecycle-ops';
import { parseMutation, type Mutation } from '../../utils/domain/sync-mutations';
import { getAssignments } from '../../utils/storage/assignments';
import { commitMutations } from '../../utils/storage/outbox';
import type { Assignment } from '../../utils/domain/types';
import type { BackgroundProtocol, BulkResult, Handlers } from '../../utils/messaging/protocol';
import { notifyAfterCommit } from './after-commit';
import type { BackgroundDeps } from './deps';
import { parseRequest, requests } from './requests';

export function createBulkHandlers(
  deps: BackgroundDeps,
): Pick<Handlers<BackgroundProtocol>, 'bulkChange'> {
  return {
    async bulkChange(req) {
      const { tweetIds, change, departmentId } = parseRequest(requests.bulkChange, req);
      const [db, by] = await Promise.all([deps.db(), deps.officer()]);
      const known = await getAssignments(db, tweetIds);
      const results: BulkResult[] = [];
      const asked: { tweetId: string; m: Mutation }[] = [];
      for (const tweetId of tweetIds) {
        const item = known[tweetId];
        if (!item) {
          const reason = `Post ${tweetId} has never been assigned`;
          results.push({ tweetId, ok: false, code: 'not-found', reason });
          continue;
        }
        asked.push({ tweetId, m: mutationFor(item, change, departmentId) });
      }
      const outcomes = await commitMutations(
        db,
        asked.map((a) => a.m),
        { by, at: deps.now().toISOString() },
      );
      const changed: Assignment[] = [];
      let queued = false;
      outcomes.forEach((outcome, i) => {
        const { tweetId } = asked[i]!;
        if (!outcome.ok) {
          const { code, message } = outcome.error;
          results.push({ tweetId, ok: false, code, reason: message });
          return;
        }
        const { effect, before } = outcome.result;
        if (effect.assignment) changed.push(effect.assignment);
        queued ||= outcome.result.queued !== null;
        results.push({ tweetId, ok: true, assignment: (effect.assignment ?? before.assignment)! });
      });
      await notifyAfterCommit(deps.onChanged, changed);
      if (queued) deps.onQueued?.();
      const order = new Map(tweetIds.map((id, i) => [id, i]));
      return { results: results.sort((a, b) => order.get(a.tweetId)! - order.get(b.tweetId)!) };
    },
  };
}

function mutationFor(
  item: Assignment,
  change: 'assign' | 'resolve' | 'reopen',
  departmentId: string | undefined,
): Mutation {
  const tweetId = item.tweetId;
  switch (change) {
    case 'assign':
      return parseMutation('assignPost', { post: postOf(item), departmentId });
    case 'resolve':
      return parseMutation('resolve', { tweetId, reason: 'handled' });
    case 'reopen':
      return parseMutation('reopen', { tweetId });
  }
}
