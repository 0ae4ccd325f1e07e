/**
 * The background's answers to `BackgroundProtocol`. Every request is checked as untrusted
 * input (a content script runs next to x.com's code): bad input throws a `TanggapError`
 * and changes nothing. The context menu calls these same functions, so it shares the
 * checks and the change broadcast.
 */
import { undoOffer, validateAssignment } from '../../utils/domain/assignment-ops';
import {
  getAssignments,
  getRecentAssignments,
  putAssignments,
} from '../../utils/storage/assignments';
import { getBacklog } from '../../utils/storage/backlog';
import { listDepartments } from '../../utils/storage/departments';
import type { TanggapDb } from '../../utils/storage/schema';
import { readSyncState, refuseWhileInTeam } from '../../utils/storage/sync-state';
import { type BackgroundProtocol, type Handlers } from '../../utils/messaging/protocol';
import { TanggapError } from '../../utils/domain/errors';
import type { Assignment } from '../../utils/domain/types';
import type { BackgroundDeps } from './deps';
import { createLifecycleHandlers } from './lifecycle-handlers';
import { notifyAfterCommit } from './after-commit';
import { createSettingsHandlers } from './settings-handlers';
import { createDataHandlers } from './data-handlers';
import { createProgrammeHandlers } from './programme-handlers';
import { createIntakeHandlers } from './intake-handlers';
import { createBulkHandlers } from './bulk-handlers';
import { createMutate, itemAfter } from './mutate';
import { showMenuFor } from './menus';
import { itemRights } from '../../utils/domain/rights';
import { createSyncHandlers } from './sync/handlers';
import { officerOf } from '../../utils/domain/settings';
import { loadSettings } from '../../utils/storage/settings';
import { HOUR_MS } from '../../utils/domain/sla';
import { firstTweetIdAt } from '../../utils/domain/tweet-time';
import { assignmentOnPage } from '../../utils/domain/annotation-view';
import { refuse } from '../../utils/domain/schemas/parse';
import { periodRange } from '../../utils/domain/backlog-period';
import { MAX_BACKLOG_LIMIT, noFields, parseRequest, requests } from './requests';

export { MAX_BACKLOG_LIMIT, MAX_IMPORT } from './requests';

/** A page is given the assignments of posts of the last three days, at most this many. */
export const RECENT_DAYS = 3;
export const RECENT_LIMIT = 5000;
/**
 * The officer's name from the settings, empty while none is set: an item's change is then
 * refused (`officer-name-required`) and the page asks for the name, so no history entry is
 * signed by nobody. In a team the signed-in user's name is used instead.
 */
export function officerFromSettings(db: () => Promise<TanggapDb>): () => Promise<string> {
  return async () => {
    return officerOf(await loadSettings(await db()), '');
  };
}

export function createBackgroundHandlers(deps: BackgroundDeps): Handlers<BackgroundProtocol> {
  async function changed(assignments: Assignment[]) {
    if (assignments.length === 0) return;
    await notifyAfterCommit(deps.onChanged, assignments);
  }

  const mutate = createMutate(deps);
  const currentActor = async () =>
    deps.actor ? deps.actor.get() : (await readSyncState(await deps.db())).actor;

  return {
    ...createLifecycleHandlers({ deps, mutate }),
    ...createSettingsHandlers({ ...deps, mutate }),
    ...createDataHandlers(deps),
    ...createProgrammeHandlers(deps),
    ...createIntakeHandlers(deps),
    ...createBulkHandlers(deps),
    ...createSyncHandlers({ sync: deps.sync }),

    async getAssignments(req) {
      const { ids } = parseRequest(requests.getAssignments, req);
      return getAssignments(await deps.db(), ids);
    },

    async getRecentAssignments(req) {
      parseRequest(noFields, req);
      const since = firstTweetIdAt(deps.now().getTime() - RECENT_DAYS * 24 * HOUR_MS);
      const recent = await getRecentAssignments(await deps.db(), since, RECENT_LIMIT);
      return { sinceId: recent.sinceId, assignments: recent.assignments.map(assignmentOnPage) };
    },

    async assignPost(req) {
      return itemAfter(await mutate('assignPost', req))!;
    },

    async assignFromPage(req) {
      const result = await mutate('assignPost', req);
      const assignment = itemAfter(result)!;
      return { assignment, undo: undoOffer(result.before.assignment, assignment) };
    },

    async undoAssign(req) {
      return itemAfter(await mutate('undoAssign', req))!;
    },

    async showMenuFor(req) {
      const { context, departmentId } = parseRequest(requests.showMenuFor, req);
      // Known in memory, the menu is updated without awaiting storage: the sooner, the likelier
      // it lands before the browser opens its menu.
      const known = deps.actor?.known();
      const actor = known !== undefined ? known : await currentActor();
      const item = departmentId ? { departmentId } : undefined;
      await (deps.showMenuFor ?? showMenuFor)(context, itemRights(actor, item));
      return { ok: true };
    },

    async getActor(req) {
      parseRequest(noFields, req);
      return currentActor();
    },

    async setStatus(req) {
      return itemAfter(await mutate('setStatus', req))!;
    },

    async unassign(req) {
      return itemAfter(await mutate('unassign', req))!;
    },

    async listDepartments(req) {
      parseRequest(noFields, req);
      return listDepartments(await deps.db());
    },

    async getBacklog(req) {
      const { departmentId: dept, limit, period, after } = parseRequest(requests.getBacklog, req);
      const db = await deps.db();
      const { dueSoonHours, workingHours } = await loadSettings(db);
      const nowMs = deps.now().getTime();
      const { timeZone } = workingHours;
      return getBacklog(db, {
        departmentId: dept,
        limit: Math.min(limit, MAX_BACKLOG_LIMIT),
        nowMs,
        dueSoonMs: dueSoonHours * HOUR_MS,
        // Today is the open backlog; another period lists what was assigned in it.
        period: period && period !== 'today' ? periodRange(period, nowMs, timeZone) : undefined,
        timeZone,
        after,
      });
    },

    async importAssignments(req) {
      const { assignments } = parseRequest(requests.importAssignments, req);
      // Everything is checked before anything is written.
      const list = assignments.map((a, i) => validateAssignment(a, `assignments[${i}]`));
      const seen = new Map<string, number>();
      list.forEach((a, i) => {
        const first = seen.get(a.tweetId);
        if (first !== undefined) {
          refuse(`assignments[${i}] repeats post ${a.tweetId} (already in assignments[${first}])`);
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
