/**
 * The background's answers to `BackgroundProtocol`. Every request is checked as untrusted
 * input (a content script runs next to x.com's code): bad input throws a `TanggapError`
 * and changes nothing. The context menu calls these same functions, so it shares the
 * checks and the change broadcast.
 */
import {
  departmentId,
  onlyKeys,
  record,
  tweetId,
  validateAssignment,
} from '../../utils/domain/assignment-ops';
import {
  getAssignments,
  getRecentAssignments,
  putAssignments,
} from '../../utils/storage/assignments';
import { getBacklog } from '../../utils/storage/backlog';
import { listDepartments } from '../../utils/storage/departments';
import type { TanggapDb } from '../../utils/storage/schema';
import { readSyncState, refuseWhileInTeam } from '../../utils/storage/sync-state';
import {
  MAX_BATCH_IDS,
  type BackgroundProtocol,
  type Handlers,
} from '../../utils/messaging/protocol';
import { TanggapError } from '../../utils/domain/errors';
import type { Assignment } from '../../utils/domain/types';
import type { BackgroundDeps } from './deps';
import { createLifecycleHandlers } from './lifecycle-handlers';
import { notifyAfterCommit } from './after-commit';
import { createSettingsHandlers } from './settings-handlers';
import { createDataHandlers } from './data-handlers';
import { createProgrammeHandlers } from './programme-handlers';
import { createMutate, itemAfter } from './mutate';
import { createSyncHandlers } from './sync/handlers';
import { officerOf } from '../../utils/domain/settings';
import { loadSettings } from '../../utils/storage/settings';
import { HOUR_MS } from '../../utils/domain/sla';
import { firstTweetIdAt } from '../../utils/domain/tweet-time';
import { assignmentOnPage } from '../../utils/domain/annotation-view';

/** A page is given the assignments of posts of the last three days, at most this many. */
export const RECENT_DAYS = 3;
export const RECENT_LIMIT = 5000;
export const MAX_BACKLOG_LIMIT = 500;
export const MAX_IMPORT = 100_000;
/** Recorded as `by` until the officer sets a name in the options. */
export const DEFAULT_OFFICER = 'local';

/** The officer's name from the settings, or `local` while none is set. */
export function officerFromSettings(db: () => Promise<TanggapDb>): () => Promise<string> {
  return async () => {
    return officerOf(await loadSettings(await db()), DEFAULT_OFFICER);
  };
}

function bad(message: string): never {
  throw new TanggapError('bad-request', message);
}

/** The request as an object with only the `allowed` fields. */
function request(req: unknown, allowed: readonly string[]): Record<string, unknown> {
  // Requests without fields may arrive as undefined or null after serialisation.
  const r = record(req ?? {}, 'request');
  onlyKeys(r, allowed, 'request');
  return r;
}

export function createBackgroundHandlers(deps: BackgroundDeps): Handlers<BackgroundProtocol> {
  async function changed(assignments: Assignment[]) {
    if (assignments.length === 0) return;
    await notifyAfterCommit(deps.onChanged, assignments);
  }

  const mutate = createMutate(deps);

  return {
    ...createLifecycleHandlers({ deps, request, mutate }),
    ...createSettingsHandlers({ ...deps, request, mutate }),
    ...createDataHandlers({ ...deps, request }),
    ...createProgrammeHandlers({ ...deps, request }),
    ...createSyncHandlers({ sync: deps.sync, request }),

    async getAssignments(req) {
      const { ids } = request(req, ['ids']);
      if (!Array.isArray(ids) || ids.length > MAX_BATCH_IDS) {
        bad(`request.ids must be a list of at most ${MAX_BATCH_IDS} post ids`);
      }
      const checked = ids.map((id, i) => tweetId(id, `request.ids[${i}]`));
      return getAssignments(await deps.db(), checked);
    },

    async getRecentAssignments(req) {
      request(req, []);
      const since = firstTweetIdAt(deps.now().getTime() - RECENT_DAYS * 24 * HOUR_MS);
      const recent = await getRecentAssignments(await deps.db(), since, RECENT_LIMIT);
      return { sinceId: recent.sinceId, assignments: recent.assignments.map(assignmentOnPage) };
    },

    async assignPost(req) {
      return itemAfter(await mutate('assignPost', req))!;
    },

    async setStatus(req) {
      return itemAfter(await mutate('setStatus', req))!;
    },

    async unassign(req) {
      return itemAfter(await mutate('unassign', req))!;
    },

    async listDepartments(req) {
      request(req, []);
      return listDepartments(await deps.db());
    },

    async getBacklog(req) {
      const r = request(req, ['departmentId', 'limit']);
      const dept =
        r.departmentId === undefined || r.departmentId === ''
          ? undefined
          : departmentId(r.departmentId, 'request.departmentId');
      const limit = r.limit ?? 100;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
        bad('request.limit must be a whole number from 1');
      }
      const db = await deps.db();
      const { dueSoonHours } = await loadSettings(db);
      return getBacklog(db, {
        departmentId: dept,
        limit: Math.min(limit, MAX_BACKLOG_LIMIT),
        nowMs: deps.now().getTime(),
        dueSoonMs: dueSoonHours * HOUR_MS,
      });
    },

    async importAssignments(req) {
      const { assignments } = request(req, ['assignments']);
      if (!Array.isArray(assignments) || assignments.length > MAX_IMPORT) {
        bad(`request.assignments must be a list of at most ${MAX_IMPORT} assignments`);
      }
      // Everything is checked before anything is written.
      const list = assignments.map((a, i) => validateAssignment(a, `assignments[${i}]`));
      const seen = new Map<string, number>();
      list.forEach((a, i) => {
        const first = seen.get(a.tweetId);
        if (first !== undefined) {
          bad(`assignments[${i}] repeats post ${a.tweetId} (already in assignments[${first}])`);
        }
        seen.set(a.tweetId, i);
      });
      const db = await deps.db();
      refuseWhileInTeam(await readSyncState(db));
      const known = new Set((await listDepartments(db)).map((d) => d.id));
      list.forEach((a, i) => {
        if (a.departmentId && !known.has(a.departmentId)) {
          throw new TanggapError(
            'unknown-department',
            `assignments[${i}].departmentId "${a.departmentId}" is not a known department`,
          );
        }
      });
      await putAssignments(db, list);
      await changed(list);
      return { imported: list.length };
    },
  };
}
