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
 * notes) and cannot assign (nor undo an assignment); only admins edit the directory and the team's settings.
 * Anyone in the team records the mentions they see; triage officers and admins dismiss them.
 */
import { assign, changeStatus, unassign, undoAssign } from './assignment-ops';
import { checkChangeTime } from './change-time';
import { checkHandleUnique, inUseMessage } from './directory';
import { addNote, resolve } from './lifecycle-ops';
import { mergeMention, type Mention } from './mentions';
import { TanggapError } from './errors';
import { applyReplies } from './response-detection';
import {
  mutationArgsSchemas,
  MUTATION_NAMES,
  type MutationArgs,
  type MutationName,
} from './schemas/mutations';
import { storableStrings } from './schemas/blocks';
import { parse, refuse } from './schemas/parse';
import { DEFAULT_TEAM_SETTINGS, parseTeamSettings, type TeamSettings } from './settings';
import type { Actor } from './actor';
import type { Assignment, Department } from './types';

export { MAX_REPLIES, MUTATION_NAMES } from './schemas/mutations';
export type { MutationArgs, MutationName };

export type Mutation = { [N in MutationName]: { name: N; args: MutationArgs[N] } }[MutationName];

/** What a mutation reads. */
export interface MutationState {
  /** The item it targets (`targetOf`), if it is known. */
  assignment: Assignment | undefined;
  departments: readonly Department[];
  settings: TeamSettings;
  /** Items (open or not) pointing at each department `usageNeeded` named. */
  itemsUsing: ReadonlyMap<string, number>;
  /** The received mentions `mentionsNeeded` named, those known. */
  mentions: ReadonlyMap<string, Mention>;
}

/** What a mutation changed; absent parts are unchanged. */
export interface MutationEffect {
  assignment?: Assignment;
  /** The whole directory afterwards. */
  departments?: Department[];
  /** The team's whole settings afterwards. */
  settings?: TeamSettings;
  /** Received mentions new or changed, each as it is to be stored. */
  mentions?: Mention[];
}

/** A mutation checked as untrusted input; throws a `bad-request` naming the field. */
export function parseMutation(name: unknown, x: unknown, path = 'request'): Mutation {
  if (!MUTATION_NAMES.includes(name as MutationName)) {
    refuse(`Unknown change "${String(name)}"`);
  }
  // Checked first, for every string the arguments hold: the words of a later fault may quote
  // the string, and a refusal's words are stored too.
  parse(storableStrings, x, path);
  // Requests without fields may arrive as undefined or null after serialisation.
  const args: unknown = parse(mutationArgsSchemas[name as MutationName], x ?? {}, path);
  const m = { name, args } as Mutation;
  if (m.name === 'assignPost' && m.args.post.promoted) {
    refuse('Promoted posts are not complaints and cannot be assigned');
  }
  return m;
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
    case 'undoAssign':
    case 'resolve':
    case 'reopen':
    case 'addNote':
      return m.args.tweetId;
    default:
      return undefined;
  }
}

/** The received mentions a mutation reads and may change. */
export function mentionsNeeded(m: Mutation): string[] {
  if (m.name === 'receiveMentions') return [...new Set(m.args.mentions.map((x) => x.tweetId))];
  if (m.name === 'dismissMention' || m.name === 'restoreMention') return [m.args.tweetId];
  return [];
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

/** The changes an item's history records with their officer's name. */
export const SIGNED_MUTATIONS: readonly MutationName[] = [
  'assignPost',
  'setStatus',
  'unassign',
  'resolve',
  'reopen',
  'addNote',
  'undoAssign',
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
  if (actor.role === 'triage' || m.name === 'receiveMentions') return;
  if (m.name === 'dismissMention' || m.name === 'restoreMention') {
    forbidden('Only triage officers and admins dismiss mentions and take a dismissal back');
  }
  if (m.name === 'assignPost' || m.name === 'unassign' || m.name === 'undoAssign') {
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

/**
 * Whether the actor may make a change of this kind to this item, by `authorize`'s rule: what
 * the pages ask before showing a control, so that nobody acts and is refused afterwards.
 */
export function mayChange(
  actor: Actor | null,
  name: MutationName,
  assignment: Pick<Assignment, 'departmentId'> | undefined,
): boolean {
  try {
    authorize(actor, { name } as Mutation, {
      assignment: assignment as Assignment | undefined,
      departments: [],
      settings: DEFAULT_TEAM_SETTINGS,
      itemsUsing: new Map(),
      mentions: new Map(),
    });
    return true;
  } catch (error) {
    if (error instanceof TanggapError && error.code === 'forbidden') return false;
    throw error;
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

function knownMention(state: MutationState, id: string): Mention {
  const mention = state.mentions.get(id);
  if (!mention) throw new TanggapError('not-found', `Post ${id} is not a received mention`);
  return mention;
}

/**
 * The mentions seen, first seen at `at`, over those known: the earliest sighting stays, and
 * so does a dismissal (`mergeMention`). Only those new or changed.
 */
function received(
  state: MutationState,
  seen: MutationArgs['receiveMentions']['mentions'],
  at: string,
): Mention[] {
  const merged = new Map<string, Mention>();
  for (const s of seen) {
    const incoming: Mention = { ...s, firstSeenAt: at, dismissedAt: '', dismissedBy: '' };
    const current = merged.get(s.tweetId) ?? state.mentions.get(s.tweetId);
    const next = mergeMention(current, incoming);
    if (next) merged.set(s.tweetId, next);
  }
  return [...merged.values()];
}

/** The assignment effect, unless `next` is `current` itself (nothing changed). */
function item(current: Assignment | undefined, next: Assignment | undefined): MutationEffect {
  return next === undefined || next === current ? {} : { assignment: next };
}

/**
 * Applies a checked mutation made by `by` at `at` (ISO 8601) to `state`. Throws a
 * `TanggapError` to refuse it (`forbidden`, `not-found`, `unknown-department`,
 * `department-in-use`, `bad-request`, also for a time before 2000, `officer-name-required`
 * for an item's change by nobody): then nothing changes.
 */
export function applyMutation(
  state: MutationState,
  m: Mutation,
  actor: Actor | null,
  by: string,
  at: string,
): MutationEffect {
  authorize(actor, m, state);
  if (SIGNED_MUTATIONS.includes(m.name) && by.trim() === '') {
    throw new TanggapError(
      'officer-name-required',
      'Give your name first: every change in an item’s history says who made it',
    );
  }
  if (m.name === 'dismissMention' && by.trim() === '') {
    throw new TanggapError(
      'officer-name-required',
      'Give your name first: a dismissed mention says who dismissed it',
    );
  }
  // Refused here too, not only by the server: a browser whose clock is wrong says so at once.
  at = checkChangeTime(at);
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
    case 'undoAssign': {
      const a = known(current, m.args.tweetId);
      return item(current, undoAssign(a, m.args, by, at));
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
        refuse(`request.ids must list each of the ${list.length} departments once`);
      }
      const byId = new Map(list.map((d) => [d.id, d]));
      const seen = new Set<string>();
      return {
        departments: ids.map((id, i) => {
          const dept = byId.get(id);
          if (!dept) {
            throw new TanggapError('unknown-department', `No department has the id "${id}"`);
          }
          if (seen.has(id)) refuse(`request.ids lists "${id}" twice`);
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
    case 'receiveMentions': {
      const mentions = received(state, m.args.mentions, at);
      return mentions.length > 0 ? { mentions } : {};
    }
    case 'dismissMention': {
      const known = knownMention(state, m.args.tweetId);
      // The first dismissal stays: who decided it first, and when.
      if (known.dismissedAt !== '') return {};
      return { mentions: [{ ...known, dismissedAt: at, dismissedBy: by }] };
    }
    case 'restoreMention': {
      const known = knownMention(state, m.args.tweetId);
      if (known.dismissedAt === '') return {};
      return { mentions: [{ ...known, dismissedAt: '', dismissedBy: '' }] };
    }
  }
}

/** The directory in its one order: by position, then id. */
export function sortDirectory(list: readonly Department[]): Department[] {
  return [...list].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}
