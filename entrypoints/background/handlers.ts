/**
 * The background's answers to `BackgroundProtocol`. Every request is checked as untrusted
 * input (a content script runs next to x.com's code): bad input throws a `TanggapError`
 * and changes nothing. The context menu calls these same functions, so it shares the
 * checks and the change broadcast.
 */
import {
  assign,
  changeStatus,
  departmentId,
  MAX_REASON_LENGTH,
  onlyKeys,
  optionalText,
  record,
  tweetId,
  unassign,
  validateAssignment,
  validatePost,
} from '../../utils/assignment-ops';
import {
  getAssignments,
  getBacklog,
  getDepartment,
  listDepartments,
  putAssignments,
  updateAssignment,
  type TanggapDb,
} from '../../utils/db';
import {
  TanggapError,
  type BackgroundProtocol,
  type Handlers,
  type StatusChange,
} from '../../utils/messages';
import type { Assignment } from '../../utils/types';
import { createLifecycleHandlers } from './lifecycle-handlers';
import { notifyAfterCommit } from './after-commit';
import { createSettingsHandlers } from './settings-handlers';
import { createDataHandlers } from './data-handlers';
import { createProgrammeHandlers } from './programme-handlers';
import { loadSettings, officerOf, type Settings } from '../../utils/settings';
import { HOUR_MS } from '../../utils/sla';
import type { Department, Programme } from '../../utils/types';

export const MAX_BATCH_IDS = 500;
export const MAX_BACKLOG_LIMIT = 500;
export const MAX_IMPORT = 100_000;
/** Recorded as `by` until the officer sets a name in the options. */
export const DEFAULT_OFFICER = 'local';

export interface BackgroundDeps {
  db: () => Promise<TanggapDb>;
  now: () => Date;
  /** The name recorded as `by` in every change. */
  officer: () => Promise<string>;
  /** Called after a write has committed, with the assignments as stored. */
  onChanged: (assignments: Assignment[]) => void | Promise<void>;
  /** Called after saved settings have committed. */
  onSettingsChanged?: (settings: Settings) => void | Promise<void>;
  /** Called after a directory change has committed, with the whole directory. */
  onDepartmentsChanged?: (departments: Department[]) => void | Promise<void>;
  /** Called after a restore has replaced everything. */
  onDataReplaced?: () => void | Promise<void>;
  /** Called after a change of programmes has committed, with all of them. */
  onProgrammesChanged?: (programmes: Programme[]) => void | Promise<void>;
}

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

const STATUS_CHANGES: readonly StatusChange[] = ['responded', 'resolved', 'open'];

export function createBackgroundHandlers(deps: BackgroundDeps): Handlers<BackgroundProtocol> {
  async function changed(assignments: Assignment[]) {
    if (assignments.length === 0) return;
    await notifyAfterCommit(deps.onChanged, assignments);
  }

  /** One read-modify-write of one assignment; `fn` throws to refuse. */
  async function update(
    id: string,
    fn: (current: Assignment | undefined, by: string, nowIso: string) => Assignment | undefined,
  ): Promise<Assignment> {
    const [db, by] = await Promise.all([deps.db(), deps.officer()]);
    const nowIso = deps.now().toISOString();
    const result = await updateAssignment(db, id, (current) => fn(current, by, nowIso));
    if (result.changed) await changed([result.assignment!]);
    return result.assignment!;
  }

  function existing(current: Assignment | undefined, id: string): Assignment {
    if (!current) throw new TanggapError('not-found', `Post ${id} has never been assigned`);
    return current;
  }

  return {
    ...createLifecycleHandlers({ deps, request, update, existing }),
    ...createSettingsHandlers({ ...deps, request }),
    ...createDataHandlers({ ...deps, request }),
    ...createProgrammeHandlers({ ...deps, request }),

    async getAssignments(req) {
      const { ids } = request(req, ['ids']);
      if (!Array.isArray(ids) || ids.length > MAX_BATCH_IDS) {
        bad(`request.ids must be a list of at most ${MAX_BATCH_IDS} post ids`);
      }
      const checked = ids.map((id, i) => tweetId(id, `request.ids[${i}]`));
      return getAssignments(await deps.db(), checked);
    },

    async assignPost(req) {
      const r = request(req, ['post', 'departmentId']);
      const post = validatePost(r.post, 'request.post');
      const id = departmentId(r.departmentId, 'request.departmentId');
      if (post.promoted) bad('Promoted posts are not complaints and cannot be assigned');
      const db = await deps.db();
      const [dept, rules] = await Promise.all([getDepartment(db, id), loadSettings(db)]);
      if (!dept) throw new TanggapError('unknown-department', `No department has the id "${id}"`);
      return update(post.id, (current, by, nowIso) =>
        assign(current, post, dept, by, nowIso, undefined, rules),
      );
    },

    async setStatus(req) {
      const r = request(req, ['tweetId', 'status', 'reason']);
      const id = tweetId(r.tweetId, 'request.tweetId');
      const status = r.status as StatusChange;
      if (!STATUS_CHANGES.includes(status)) {
        bad(`request.status must be one of ${STATUS_CHANGES.join(', ')}`);
      }
      const reason = optionalText(r.reason, 'request.reason', MAX_REASON_LENGTH);
      return update(id, (current, by, nowIso) =>
        changeStatus(existing(current, id), status, by, nowIso, reason),
      );
    },

    async unassign(req) {
      const r = request(req, ['tweetId', 'reason']);
      const id = tweetId(r.tweetId, 'request.tweetId');
      const reason = optionalText(r.reason, 'request.reason', MAX_REASON_LENGTH);
      return update(id, (current, by, nowIso) =>
        unassign(existing(current, id), by, nowIso, reason),
      );
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
