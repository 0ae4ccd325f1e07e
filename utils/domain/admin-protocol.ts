/**
 * The admin API (`/v1/admin/...`): an admin manages the accounts of their own team on the
 * running server, from the options page or the command line. The shapes are in
 * `schemas/admin.ts`; this names them and parses both ways.
 */
import type * as v from 'valibot';
import {
  accountResponseSchema,
  createUserRequestSchema,
  resetPasswordRequestSchema,
  revokeResponseSchema,
  setRoleRequestSchema,
  teamAccountsResponseSchema,
} from './schemas/admin';
import { parse } from './schemas/parse';

export const ADMIN_PREFIX = '/admin';

export type CreateUserRequest = v.InferOutput<typeof createUserRequestSchema>;
export type SetRoleRequest = v.InferOutput<typeof setRoleRequestSchema>;
export type ResetPasswordRequest = v.InferOutput<typeof resetPasswordRequestSchema>;
export type TeamAccounts = v.InferOutput<typeof teamAccountsResponseSchema>;
export type TeamAccount = TeamAccounts['users'][number];
export type AccountResponse = v.InferOutput<typeof accountResponseSchema>;
export type RevokeResponse = v.InferOutput<typeof revokeResponseSchema>;

/** What an admin may do to one account (`POST /v1/admin/users/<name>/<action>`). */
export const ACCOUNT_ACTIONS = ['disable', 'enable', 'revoke-tokens', 'password', 'role'] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

// Requests (checked by the server)
export const parseCreateUserRequest = (x: unknown): CreateUserRequest =>
  parse(createUserRequestSchema, x, 'user');
export const parseSetRoleRequest = (x: unknown): SetRoleRequest =>
  parse(setRoleRequestSchema, x, 'role');
export const parseResetPasswordRequest = (x: unknown): ResetPasswordRequest =>
  parse(resetPasswordRequestSchema, x, 'password');

// Answers (checked by the extension and the command line)
export const parseTeamAccounts = (x: unknown): TeamAccounts =>
  parse(teamAccountsResponseSchema, x, 'accounts answer');
export const parseAccountResponse = (x: unknown): AccountResponse =>
  parse(accountResponseSchema, x, 'account answer');
export const parseRevokeResponse = (x: unknown): RevokeResponse =>
  parse(revokeResponseSchema, x, 'revoke answer');
