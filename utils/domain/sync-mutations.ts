/**
 * What each shared change does, as a pure function of the state it touches: the extension
 * applies a mutation locally at once (and again on top of what a pull brought, while it is
 * still waiting in the outbox); the team-sync server applies the same function, in the team's
 * one order, to decide what everybody sees. Same input, same result, on both sides.
 *
 * A mutation is one of the background's write requests (same name, same fields): checked by
 * `parseMutation` as untrusted input, then applied by `applyMutation` with the actor's rights.
 *
 * Rights: admins do everything; triage officers assign, reassign and change any item;
 * department officers change only their own department's items (respond, resolve, reopen,
 * notes) and cannot assign; only admins edit the directory and the team's settings.
 */
import {
  assign,
  changeStatus,
  date,
  departmentId,
  handle,
  MAX_NOTE_LENGTH,
  MAX_REASON_LENGTH,
  MAX_URL_LENGTH,
  onlyKeys,
  optionalText,
  record,
  text,
  tweetId,
  unassign,
  validatePost,
} from './assignment-ops';
import {
  checkHandleUnique,
  inUseMessage,
  validateDepartment,
  validateDirectory,
} from './directory';
import { addNote, CLOSURE_REASONS, resolve } from './lifecycle-ops';
import type { SeenReply, StatusChange } from './types';
import { TanggapError } from './errors';
import { applyReplies } from './response-detection';
import { parseTeamSettings, TEAM_SETTING_KEYS, type TeamSettings } from './settings';
import type { Actor } from './actor';
import type { Assignment, ClosureReason, Department, Post } from './types';

export const MUTATION_NAMES = [
  'assignPost',
  'setStatus',
  'unassign',
  'resolve',
  'reopen',
  'addNote',
  'reportReplies',
  'saveDepartment',
  'removeDepartment',
  'reorderDepartments',
  'importDirectory',
  'saveTeamSettings',
] as const;
export type MutationName = (typeof MUTATION_NAMES)[number];

/** More than X ever shows in one frame; a batch is what appeared at once. */
export const MAX_REPLIES = 200;

const STATUS_CHANGES: readonly StatusChange[] = ['responded', 'resolved', 'open'];

/** Each mutation's checked arguments. */
export interface MutationArgs {
  assignPost: { post: Post; departmentId: string };
  setStatus: { tweetId: string; status: StatusChange; reason?: string };
  unassign: { tweetId: string; reason?: string };
  resolve: {
    tweetId: string;
    reason: ClosureReason;
    targetDepartmentId?: string;
    duplicateOf?: string;
    note?: string;
  };
  reopen: { tweetId: string };
  addNote: { tweetId: string; text: string };
  reportReplies: { conversationId: string; replies: SeenReply[] };
  saveDepartment: { department: Department };
  removeDepartment: { id: string };
  reorderDepartments: { ids: string[] };
  importDirectory: { departments: Department[] };
  saveTeamSettings: { settings: Partial<TeamSettings> };
}

export type Mutation = { [N in MutationName]: { name: N; args: MutationArgs[N] } }[MutationName];

/** What a mutation reads. */
export interface MutationState {
  /** The item it targets (`targetOf`), if it is known. */
  assignment: Assignment | undefined;
  departments: readonly Department[];
  settings: TeamSettings;
  /** Items (open or not) pointing at each department `usageNeeded` named. */
  itemsUsing: ReadonlyMap<string, number>;
}

/** What a mutation changed; absent parts are unchanged. */
export interface MutationEffect {
  assignment?: Assignment;
  /** The whole directory afterwards. */
  departments?: Department[];
  /** The team's whole settings afterwards. */
  settings?: TeamSettings;
}

function bad(message: string): never {
  throw new TanggapError('bad-request', message);
}

function args(x: unknown, allowed: readonly string[], path: string): Record<string, unknown> {
  // Requests without fields may arrive as undefined or null after serialisation.
  const r = record(x ?? {}, path);
  onlyKeys(r, allowed, path);
  return r;
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

type Parsers = { [N in MutationName]: (x: unknown, path: string) => MutationArgs[N] };

const parsers: Parsers = {
  assignPost(x, path) {
    const r = args(x, ['post', 'departmentId'], path);
    const post = validatePost(r.post, `${path}.post`);
    const dept = departmentId(r.departmentId, `${path}.departmentId`);
    if (post.promoted) bad('Promoted posts are not complaints and cannot be assigned');
    return { post, departmentId: dept };
  },
  setStatus(x, path) {
    const r = args(x, ['tweetId', 'status', 'reason'], path);
    const status = r.status as StatusChange;
    if (!STATUS_CHANGES.includes(status)) {
      bad(`${path}.status must be one of ${STATUS_CHANGES.join(', ')}`);
    }
    return {
      tweetId: tweetId(r.tweetId, `${path}.tweetId`),
      status,
      ...defined('reason', optionalText(r.reason, `${path}.reason`, MAX_REASON_LENGTH)),
    };
  },
  unassign(x, path) {
    const r = args(x, ['tweetId', 'reason'], path);
    return {
      tweetId: tweetId(r.tweetId, `${path}.tweetId`),
      ...defined('reason', optionalText(r.reason, `${path}.reason`, MAX_REASON_LENGTH)),
    };
  },
  resolve(x, path) {
    const r = args(x, ['tweetId', 'reason', 'targetDepartmentId', 'duplicateOf', 'note'], path);
    const id = tweetId(r.tweetId, `${path}.tweetId`);
    const reason = r.reason as ClosureReason;
    if (!CLOSURE_REASONS.includes(reason)) {
      bad(`${path}.reason must be one of ${CLOSURE_REASONS.join(', ')}`);
    }
    const note = optionalText(r.note, `${path}.note`, MAX_NOTE_LENGTH);
    const duplicateOf = optionalText(r.duplicateOf, `${path}.duplicateOf`, MAX_URL_LENGTH);
    let target: string | undefined;
    if (reason === 'not-our-remit') {
      if (r.targetDepartmentId === undefined || r.targetDepartmentId === '') {
        bad(`Not our remit: ${path}.targetDepartmentId must name the department to send it to`);
      }
      target = departmentId(r.targetDepartmentId, `${path}.targetDepartmentId`);
    } else if (r.targetDepartmentId !== undefined) {
      bad(`${path}.targetDepartmentId is only for the reason not-our-remit`);
    }
    if (reason !== 'duplicate' && duplicateOf !== undefined) {
      bad(`${path}.duplicateOf is only for the reason duplicate`);
    }
    return {
      tweetId: id,
      reason,
      ...defined('targetDepartmentId', target),
      ...defined('duplicateOf', duplicateOf),
      ...defined('note', note),
    };
  },
  reopen(x, path) {
    const r = args(x, ['tweetId'], path);
    return { tweetId: tweetId(r.tweetId, `${path}.tweetId`) };
  },
  addNote(x, path) {
    const r = args(x, ['tweetId', 'text'], path);
    return {
      tweetId: tweetId(r.tweetId, `${path}.tweetId`),
      text: text(r.text, `${path}.text`, MAX_NOTE_LENGTH),
    };
  },
  reportReplies(x, path) {
    const r = args(x, ['conversationId', 'replies'], path);
    const list = r.replies;
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_REPLIES) {
      bad(`${path}.replies must be a list of 1 to ${MAX_REPLIES} replies`);
    }
    return {
      conversationId: tweetId(r.conversationId, `${path}.conversationId`),
      replies: list.map((reply, i) => seenReply(reply, `${path}.replies[${i}]`)),
    };
  },
  saveDepartment(x, path) {
    const r = args(x, ['department'], path);
    return { department: validateDepartment(r.department, 'department') };
  },
  removeDepartment(x, path) {
    const r = args(x, ['id'], path);
    return { id: departmentId(r.id, `${path}.id`) };
  },
  reorderDepartments(x, path) {
    const r = args(x, ['ids'], path);
    if (!Array.isArray(r.ids)) bad(`${path}.ids must list each department once`);
    return { ids: r.ids.map((id, i) => departmentId(id, `${path}.ids[${i}]`)) };
  },
  importDirectory(x, path) {
    const r = args(x, ['departments'], path);
    return { departments: validateDirectory(r.departments, 'departments') };
  },
  saveTeamSettings(x, path) {
    const r = args(x, ['settings'], path);
    const patch = record(r.settings, `${path}.settings`);
    onlyKeys(patch, TEAM_SETTING_KEYS, `${path}.settings`);
    // Checked against the defaults here, and against the team's settings when applied.
    parseTeamSettings(patch, `${path}.settings`);
    return { settings: patch as Partial<TeamSettings> };
  },
};

function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** A mutation checked as untrusted input; throws a `bad-request` naming the field. */
export function parseMutation(name: unknown, x: unknown, path = 'request'): Mutation {
  if (!MUTATION_NAMES.includes(name as MutationName)) {
    bad(`Unknown change "${String(name)}"`);
  }
  const parse = parsers[name as MutationName] as (x: unknown, path: string) => unknown;
  return { name, args: parse(x, path) } as Mutation;
}

/** The item a mutation changes, if it changes one. */
export function targetOf(m: Mutation): string | undefined {
  switch (m.name) {
    case 'assignPost':
      return m.args.post.id;
    case 'reportReplies':
      return m.args.conversationId;
    case 'setStatus':
    case 'unassign':
    case 'resolve':
    case 'reopen':
    case 'addNote':
      return m.args.tweetId;
    default:
      return undefined;
  }
}

/** The departments whose item counts a mutation needs (the ones it may remove). */
export function usageNeeded(m: Mutation, departments: readonly Department[]): string[] {
  if (m.name === 'removeDepartment') return [m.args.id];
  if (m.name === 'importDirectory') {
    const keeping = new Set(m.args.departments.map((d) => d.id));
    return departments.filter((d) => !keeping.has(d.id)).map((d) => d.id);
  }
  return [];
}

/** The directory's and the team settings' changes: only admins make them. */
export const ADMIN_ONLY_MUTATIONS: readonly MutationName[] = [
  'saveDepartment',
  'removeDepartment',
  'reorderDepartments',
  'importDirectory',
  'saveTeamSettings',
];

function forbidden(message: string): never {
  throw new TanggapError('forbidden', message);
}

/** Refuses what the actor may not do to this state; local use without a team has no actor. */
export function authorize(actor: Actor | null, m: Mutation, state: MutationState): void {
  if (!actor || actor.role === 'admin') return;
  if (ADMIN_ONLY_MUTATIONS.includes(m.name)) {
    forbidden('Only an admin can change the directory and the team’s settings');
  }
  if (actor.role === 'triage') return;
  if (m.name === 'assignPost' || m.name === 'unassign') {
    forbidden('Only triage officers and admins assign posts to departments');
  }
  const owner = state.assignment?.departmentId;
  if (owner !== actor.departmentId) {
    forbidden(
      owner
        ? `This item is with ${owner}: only its own department can change it`
        : 'This item is not assigned to your department',
    );
  }
}

function known(a: Assignment | undefined, id: string): Assignment {
  if (!a) throw new TanggapError('not-found', `Post ${id} has never been assigned`);
  return a;
}

function department(state: MutationState, id: string): Department {
  const dept = state.departments.find((d) => d.id === id);
  if (!dept) throw new TanggapError('unknown-department', `No department has the id "${id}"`);
  return dept;
}

/** The assignment effect, unless `next` is `current` itself (nothing changed). */
function item(current: Assignment | undefined, next: Assignment | undefined): MutationEffect {
  return next === undefined || next === current ? {} : { assignment: next };
}

/**
 * Applies a checked mutation made by `by` at `at` (ISO 8601) to `state`. Throws a
 * `TanggapError` to refuse it (`forbidden`, `not-found`, `unknown-department`,
 * `department-in-use`, `bad-request`): then nothing changes.
 */
export function applyMutation(
  state: MutationState,
  m: Mutation,
  actor: Actor | null,
  by: string,
  at: string,
): MutationEffect {
  authorize(actor, m, state);
  const current = state.assignment;
  const rules = state.settings;
  switch (m.name) {
    case 'assignPost': {
      const dept = department(state, m.args.departmentId);
      return item(current, assign(current, m.args.post, dept, by, at, undefined, rules));
    }
    case 'setStatus': {
      const a = known(current, m.args.tweetId);
      return item(current, changeStatus(a, m.args.status, by, at, m.args.reason));
    }
    case 'unassign': {
      const a = known(current, m.args.tweetId);
      return item(current, unassign(a, by, at, m.args.reason));
    }
    case 'resolve': {
      const a = known(current, m.args.tweetId);
      const { reason, duplicateOf, note, targetDepartmentId } = m.args;
      const target = targetDepartmentId ? department(state, targetDepartmentId) : undefined;
      return item(current, resolve(a, { reason, target, duplicateOf, note, rules }, by, at));
    }
    case 'reopen': {
      const a = known(current, m.args.tweetId);
      return item(current, changeStatus(a, 'open', by, at));
    }
    case 'addNote': {
      const a = known(current, m.args.tweetId);
      return item(current, addNote(a, m.args.text, by, at));
    }
    case 'reportReplies': {
      if (!current) return {};
      const policy = {
        departments: state.departments,
        otherHandleResponds: state.settings.otherHandleReplyResponds,
      };
      return item(current, applyReplies(current, m.args.replies, policy, at));
    }
    case 'saveDepartment': {
      const list = state.departments;
      const existing = list.find((d) => d.id === m.args.department.id);
      const nextOrder = Math.max(-1, ...list.map((d) => d.order)) + 1;
      // The position is the directory's to change (reorderDepartments), not a form's.
      const dept = { ...m.args.department, order: existing?.order ?? nextOrder };
      checkHandleUnique(dept, list, 'department.handle');
      return { departments: sortDirectory([...list.filter((d) => d.id !== dept.id), dept]) };
    }
    case 'removeDepartment': {
      const { id } = m.args;
      const dept = state.departments.find((d) => d.id === id);
      if (!dept) throw new TanggapError('not-found', `No department has the id "${id}"`);
      const inUse = state.itemsUsing.get(id) ?? 0;
      if (inUse > 0) {
        throw new TanggapError('department-in-use', inUseMessage(dept.name, inUse), {
          data: { count: inUse },
        });
      }
      return { departments: state.departments.filter((d) => d.id !== id) };
    }
    case 'reorderDepartments': {
      const list = state.departments;
      const { ids } = m.args;
      if (ids.length !== list.length) {
        bad(`request.ids must list each of the ${list.length} departments once`);
      }
      const byId = new Map(list.map((d) => [d.id, d]));
      const seen = new Set<string>();
      return {
        departments: ids.map((id, i) => {
          const dept = byId.get(id);
          if (!dept) {
            throw new TanggapError('unknown-department', `No department has the id "${id}"`);
          }
          if (seen.has(id)) bad(`request.ids lists "${id}" twice`);
          seen.add(id);
          return { ...dept, order: i };
        }),
      };
    }
    case 'importDirectory': {
      const dropped = usageNeeded(m, state.departments)
        .map((id) => ({ id, inUse: state.itemsUsing.get(id) ?? 0 }))
        .filter((d) => d.inUse > 0);
      if (dropped.length > 0) {
        const which = dropped.map((d) => `${d.id} (${d.inUse})`).join(', ');
        throw new TanggapError(
          'department-in-use',
          `The directory leaves out departments that items are assigned to: ${which}. ` +
            'Nothing was imported.',
        );
      }
      return { departments: sortDirectory(m.args.departments) };
    }
    case 'saveTeamSettings':
      return { settings: parseTeamSettings(m.args.settings, 'settings', state.settings) };
  }
}

/** The directory in its one order: by position, then id. */
export function sortDirectory(list: readonly Department[]): Department[] {
  return [...list].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}
