/**
 * The background's answers for an item's life after assignment: replies seen on X, closing
 * with a reason, reopening, notes. Same rules as `handlers.ts` (which mixes these in): every
 * request is untrusted input, checked before anything is written.
 */
import { listClosedToday } from '../../utils/storage/backlog';
import { loadSettings } from '../../utils/storage/settings';
import { type BackgroundProtocol, type Handlers } from '../../utils/messaging/protocol';
import { MAX_REPLIES } from '../../utils/domain/sync-mutations';
import type { BackgroundDeps } from './deps';
import { itemAfter, type Mutate } from './mutate';
import { parseRequest, requests } from './requests';

export { MAX_REPLIES };

type LifecycleNames = 'reportReplies' | 'resolve' | 'reopen' | 'addNote' | 'listClosedToday';

/** The popup's closed list: enough for a day's work at the desk, cheap to render. */
export const MAX_CLOSED_LIMIT = 200;

export interface LifecycleTools {
  deps: BackgroundDeps;
  /** The one write path of shared changes (see mutate.ts). */
  mutate: Mutate;
}

export function createLifecycleHandlers({
  deps,
  mutate,
}: LifecycleTools): Pick<Handlers<BackgroundProtocol>, LifecycleNames> {
  return {
    async reportReplies(req) {
      return itemAfter(await mutate('reportReplies', req)) ?? null;
    },

    async resolve(req) {
      return itemAfter(await mutate('resolve', req))!;
    },

    async reopen(req) {
      return itemAfter(await mutate('reopen', req))!;
    },

    async listClosedToday(req) {
      const { limit } = parseRequest(requests.listClosedToday, req);
      const db = await deps.db();
      const { timeZone } = (await loadSettings(db)).workingHours;
      return listClosedToday(db, deps.now().getTime(), Math.min(limit, MAX_CLOSED_LIMIT), timeZone);
    },

    async addNote(req) {
      return itemAfter(await mutate('addNote', req))!;
    },
  };
}
