/**
 * The team-sync wire protocol between the extension and the server in `server/`: the shapes
 * of its requests and answers, and their checks. Both sides treat what arrives as untrusted:
 * the server checks requests (`parsePushRequest`, …), the extension checks answers
 * (`parsePullResponse`, …) so a proxy's error page or a broken server changes nothing.
 *
 * `docs/sync.md` says how push and pull work together; `sync-mutations.ts` what a mutation
 * does.
 */
import type * as v from 'valibot';
import { parse } from './schemas/parse';
import {
  actorSchema,
  loginRequestSchema,
  loginResponseSchema,
  pullRequestSchema,
  pullResponseSchema,
  pushedMutationSchema,
  pushPageQuerySchema,
  pushRequestSchema,
  pushResponseSchema,
  quarantineReportSchema,
  refusalSchema,
  reportRequestSchema,
} from './schemas/wire';
import type { Actor } from './actor';

export {
  DEFAULT_PULL_LIMIT,
  MAX_CLIENT_ID_LENGTH,
  MAX_EPOCH_LENGTH,
  MAX_PASSWORD_LENGTH,
  MAX_PULL_LIMIT,
  MAX_PUSH_MUTATIONS,
  MAX_REPORTED,
  MAX_USERNAME_LENGTH,
  MIN_PASSWORD_LENGTH,
} from './schemas/wire';

export const API_PREFIX = '/v1';
/** The push answer's error code when the request's epoch is not the team's. */
export const EPOCH_CHANGED = 'epoch-changed';

/** One entry of the outbox, as pushed. */
export type PushedMutation = v.InferOutput<typeof pushedMutationSchema>;
export type PushRequest = v.InferOutput<typeof pushRequestSchema>;
/** A push's query: the cursor (and limit) of the page its answer should carry. */
export type PushPageQuery = v.InferOutput<typeof pushPageQuerySchema>;
/** A mutation the server applied as a refusal: it changed nothing, and it is not retried. */
export type Refusal = v.InferOutput<typeof refusalSchema>;
export type PushResponse = v.InferOutput<typeof pushResponseSchema>;
export type PullRequest = v.InferOutput<typeof pullRequestSchema>;
export type PullResponse = v.InferOutput<typeof pullResponseSchema>;
export type LoginRequest = v.InferOutput<typeof loginRequestSchema>;
export type LoginResponse = v.InferOutput<typeof loginResponseSchema>;
/** A pulled record a browser could not take, as reported to the server's log. */
export type QuarantineReport = v.InferOutput<typeof quarantineReportSchema>;
export type ReportRequest = v.InferOutput<typeof reportRequestSchema>;

/** What the server's error answers hold (with a 4xx or 5xx status). */
export interface ErrorBody {
  error: { code: string; message: string };
}

// ---------------------------------------------------------------------------------------
// Requests (checked by the server)

export const parsePushRequest = (x: unknown): PushRequest => parse(pushRequestSchema, x, 'push');
export const parsePushPageQuery = (x: unknown): PushPageQuery =>
  parse(pushPageQuerySchema, x, 'push query');
export const parsePullRequest = (x: unknown): PullRequest => parse(pullRequestSchema, x, 'pull');
export const parseLoginRequest = (x: unknown): LoginRequest =>
  parse(loginRequestSchema, x, 'login');
export const parseReportRequest = (x: unknown): ReportRequest =>
  parse(reportRequestSchema, x, 'report');

// ---------------------------------------------------------------------------------------
// Answers (checked by the extension)

export function parseActor(x: unknown, path = 'actor'): Actor {
  return parse(actorSchema, x, path);
}

export const parseLoginResponse = (x: unknown): LoginResponse =>
  parse(loginResponseSchema, x, 'login answer');
export const parsePushResponse = (x: unknown): PushResponse =>
  parse(pushResponseSchema, x, 'push answer');

/** The query of a push whose answer should carry the page a pull from `cursor` returns. */
export function pushPageQuery({ cursor, limit }: { cursor: number; limit?: number }): string {
  return `?cursor=${cursor}${limit ? `&limit=${limit}` : ''}`;
}
export const parsePullResponse = (x: unknown): PullResponse =>
  parse(pullResponseSchema, x, 'pull answer');

/** The server's error body, or null when the answer is not one (a proxy's page, garbage). */
export function errorOf(x: unknown): { code: string; message: string } | null {
  if (typeof x !== 'object' || x === null) return null;
  const error = (x as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' && typeof message === 'string' ? { code, message } : null;
}
