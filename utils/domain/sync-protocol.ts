/**
 * The team-sync wire protocol between the extension and the server in `server/`: the shapes
 * of its requests and answers, and their checks. Both sides treat what arrives as untrusted:
 * the server checks requests (`parsePushRequest`, …), the extension checks answers
 * (`parsePullResponse`, …) so a proxy's error page or a broken server changes nothing.
 *
 * The model is push/pull: the extension keeps an outbox of mutations (client id + increasing
 * mutation id) and pushes them; the server applies each team's mutations in one order and
 * records each client's last applied mutation id; a pull returns what changed after the
 * client's cursor. See `sync-mutations.ts` for what a mutation does.
 */
import { onlyKeys, record, text, tweetId, validateAssignment } from './assignment-ops';
import { validateDepartment } from './directory';
import { ROLES, type Actor, type Role } from './actor';
import { TanggapError } from './errors';
import { MUTATION_NAMES, type MutationName } from './sync-mutations';
import { type TeamSettings, parseTeamSettings } from './settings';
import type { Assignment, Department } from './types';

export const API_PREFIX = '/v1';
/** Mutations in one push; a longer outbox goes in several. */
export const MAX_PUSH_MUTATIONS = 100;
/** Changes in one pull answer; `more` says there are others after them. */
export const DEFAULT_PULL_LIMIT = 2_000;
export const MAX_PULL_LIMIT = 5_000;
export const MAX_CLIENT_ID_LENGTH = 64;
export const MAX_USERNAME_LENGTH = 64;
export const MAX_PASSWORD_LENGTH = 200;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_EPOCH_LENGTH = 100;
/** The push answer's error code when the request's epoch is not the team's. */
export const EPOCH_CHANGED = 'epoch-changed';

/** One entry of the outbox, as pushed. */
export interface PushedMutation {
  /** Increasing per client, from 1. */
  id: number;
  name: MutationName;
  args: unknown;
  /** ISO 8601: when the officer made the change (the server never takes a future time). */
  at: string;
}

export interface PushRequest {
  clientId: string;
  mutations: PushedMutation[];
  /**
   * The team epoch the client last pulled (absent before its first pull): a push with another
   * one is answered 409 `epoch-changed` and applies nothing, since the server was restored and
   * the client must first learn which of its mutations the server still has.
   */
  epoch?: string;
}

/** A mutation the server applied as a refusal: it changed nothing, and it is not retried. */
export interface Refusal {
  id: number;
  code: string;
  message: string;
}

export interface PushResponse {
  /** The client's last applied mutation id: every mutation up to it is done with. */
  lastMutationId: number;
  /** The refusals among the pushed mutations (also those refused by an earlier try). */
  refused: Refusal[];
}

export interface PullRequest {
  clientId: string;
  /** The team version the client has seen; 0 for everything. */
  cursor: number;
  limit?: number;
}

export interface PullResponse {
  /** The team version this answer brings the client to. */
  cursor: number;
  /**
   * The client's last applied mutation id as of this answer's `cursor`: the effects of every
   * mutation up to it are in this answer or an earlier one; those after it are not yet (an
   * answer cut short by `more` may stop between a mutation and its effect).
   */
  lastMutationId: number;
  assignments: Assignment[];
  /** Items the server does not hold (a refused change to a post it never stored): drop them. */
  removedAssignmentIds: string[];
  /** The whole directory when it changed after the cursor (replace this browser's), else null. */
  directory: Department[] | null;
  /** The team's shared settings, when they changed after the cursor. */
  settings: TeamSettings | null;
  /** True when there is more after this answer's cursor: pull again at once. */
  more: boolean;
  /**
   * The team's epoch: a new one after the server's database was restored from a backup. A
   * client that pulled another epoch pulls everything again (cursor 0, replacing its items).
   */
  epoch: string;
  /** The request's cursor was ahead of the team (a restored database): this answer is from 0. */
  reset: boolean;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface LoginResponse {
  token: string;
  /** ISO 8601. */
  expiresAt: string;
  actor: Actor;
  team: { id: string; name: string };
}

/** What the server's error answers hold (with a 4xx or 5xx status). */
export interface ErrorBody {
  error: { code: string; message: string };
}

function bad(message: string): never {
  throw new TanggapError('bad-request', message);
}

function wholeNumber(x: unknown, path: string, min = 0): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min) {
    bad(`${path} must be a whole number from ${min}`);
  }
  return x;
}

function list(x: unknown, path: string, max = Number.MAX_SAFE_INTEGER): unknown[] {
  if (!Array.isArray(x) || x.length > max) bad(`${path} must be a list of at most ${max}`);
  return x;
}

export function clientId(x: unknown, path = 'clientId'): string {
  const id = text(x, path, MAX_CLIENT_ID_LENGTH);
  if (!/^[A-Za-z0-9_-]{8,}$/.test(id)) bad(`${path} must be 8 to 64 letters, digits, - or _`);
  return id;
}

export function isoDate(x: unknown, path: string): string {
  if (typeof x !== 'string' || Number.isNaN(Date.parse(x))) bad(`${path} must be an ISO 8601 date`);
  return new Date(x).toISOString();
}

// ---------------------------------------------------------------------------------------
// Requests (checked by the server)

export function parsePushRequest(x: unknown): PushRequest {
  const r = record(x, 'push');
  onlyKeys(r, ['clientId', 'mutations', 'epoch'], 'push');
  const mutations = list(r.mutations, 'push.mutations', MAX_PUSH_MUTATIONS).map((m, i) => {
    const path = `push.mutations[${i}]`;
    const e = record(m, path);
    onlyKeys(e, ['id', 'name', 'args', 'at'], path);
    if (!MUTATION_NAMES.includes(e.name as MutationName)) {
      bad(`${path}.name must be one of ${MUTATION_NAMES.join(', ')}`);
    }
    return {
      id: wholeNumber(e.id, `${path}.id`, 1),
      name: e.name as MutationName,
      // Checked when applied: a bad one is refused alone, the others still apply.
      args: e.args,
      at: isoDate(e.at, `${path}.at`),
    };
  });
  mutations.forEach((m, i) => {
    if (i > 0 && m.id <= mutations[i - 1]!.id) bad('push.mutations must have increasing ids');
  });
  return {
    clientId: clientId(r.clientId, 'push.clientId'),
    mutations,
    ...(r.epoch === undefined ? {} : { epoch: text(r.epoch, 'push.epoch', MAX_EPOCH_LENGTH) }),
  };
}

export function parsePullRequest(x: unknown): PullRequest {
  const r = record(x, 'pull');
  onlyKeys(r, ['clientId', 'cursor', 'limit'], 'pull');
  const limit = r.limit === undefined ? DEFAULT_PULL_LIMIT : wholeNumber(r.limit, 'pull.limit', 1);
  return {
    clientId: clientId(r.clientId, 'pull.clientId'),
    cursor: wholeNumber(r.cursor, 'pull.cursor'),
    limit: Math.min(limit, MAX_PULL_LIMIT),
  };
}

export function parseLoginRequest(x: unknown): LoginRequest {
  const r = record(x, 'login');
  onlyKeys(r, ['username', 'password'], 'login');
  return {
    username: text(r.username, 'login.username', MAX_USERNAME_LENGTH).trim().toLowerCase(),
    password: text(r.password, 'login.password', MAX_PASSWORD_LENGTH),
  };
}

// ---------------------------------------------------------------------------------------
// Answers (checked by the extension)

export function parseActor(x: unknown, path = 'actor'): Actor {
  const r = record(x, path);
  const role = r.role as Role;
  if (!ROLES.includes(role)) bad(`${path}.role must be one of ${ROLES.join(', ')}`);
  const departmentId = typeof r.departmentId === 'string' ? r.departmentId : '';
  if (role === 'department' && !departmentId) bad(`${path}.departmentId is missing`);
  return {
    username: text(r.username, `${path}.username`, MAX_USERNAME_LENGTH),
    role,
    departmentId,
  };
}

export function parseLoginResponse(x: unknown): LoginResponse {
  const r = record(x, 'login answer');
  const team = record(r.team, 'login answer.team');
  return {
    token: text(r.token, 'login answer.token', 500),
    expiresAt: isoDate(r.expiresAt, 'login answer.expiresAt'),
    actor: parseActor(r.actor, 'login answer.actor'),
    team: {
      id: text(team.id, 'login answer.team.id', 100),
      name: text(team.name, 'login answer.team.name', 200),
    },
  };
}

export function parsePushResponse(x: unknown): PushResponse {
  const r = record(x, 'push answer');
  return {
    lastMutationId: wholeNumber(r.lastMutationId, 'push answer.lastMutationId'),
    refused: list(r.refused, 'push answer.refused').map((f, i) => {
      const e = record(f, `push answer.refused[${i}]`);
      return {
        id: wholeNumber(e.id, `push answer.refused[${i}].id`, 1),
        code: text(e.code, `push answer.refused[${i}].code`, 100),
        message: text(e.message, `push answer.refused[${i}].message`, 2_000),
      };
    }),
  };
}

export function parsePullResponse(x: unknown): PullResponse {
  const r = record(x, 'pull answer');
  const removed = list(r.removedAssignmentIds, 'pull answer.removedAssignmentIds');
  return {
    cursor: wholeNumber(r.cursor, 'pull answer.cursor'),
    lastMutationId: wholeNumber(r.lastMutationId, 'pull answer.lastMutationId'),
    assignments: list(r.assignments, 'pull answer.assignments').map((a, i) =>
      validateAssignment(a, `pull answer.assignments[${i}]`),
    ),
    removedAssignmentIds: removed.map((id, i) =>
      tweetId(id, `pull answer.removedAssignmentIds[${i}]`),
    ),
    directory:
      r.directory === null || r.directory === undefined
        ? null
        : list(r.directory, 'pull answer.directory').map((d, i) =>
            validateDepartment(d, `pull answer.directory[${i}]`),
          ),
    settings:
      r.settings === null || r.settings === undefined
        ? null
        : parseTeamSettings(r.settings, 'pull answer.settings'),
    more: r.more === true,
    epoch: text(r.epoch, 'pull answer.epoch', MAX_EPOCH_LENGTH),
    reset: r.reset === true,
  };
}

/** The server's error body, or null when the answer is not one (a proxy's page, garbage). */
export function errorOf(x: unknown): { code: string; message: string } | null {
  if (typeof x !== 'object' || x === null) return null;
  const error = (x as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' && typeof message === 'string' ? { code, message } : null;
}
