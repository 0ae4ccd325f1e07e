/**
 * The admin API's wire (`/v1/admin/...`): what the server checks of an admin's request and what
 * the extension and the command line check of its answers.
 */
import * as v from 'valibot';
import { ROLES } from '../actor';
import { departmentId, flag, list, oneOf, text, wholeNumber, wireTime } from './blocks';
import { fields } from './parse';
import { MAX_PASSWORD_LENGTH, MAX_USERNAME_LENGTH, MIN_PASSWORD_LENGTH } from './wire';

const USERNAME_WORDS = `must be 2 to ${MAX_USERNAME_LENGTH} letters, digits, dots, dashes or underscores`;

/** A new account's name, as stored: trimmed and in lower case. */
export const username = v.pipe(
  v.string(USERNAME_WORDS),
  v.transform((s) => s.trim().toLowerCase()),
  v.check((s) => s.length >= 2 && s.length <= MAX_USERNAME_LENGTH, USERNAME_WORDS),
  v.regex(/^[a-z0-9._-]+$/, USERNAME_WORDS),
);

/** A password an admin chooses; absent, the server generates one. */
export const newPassword = v.pipe(
  text(MAX_PASSWORD_LENGTH),
  v.check(
    (s) => s.length >= MIN_PASSWORD_LENGTH,
    `must have ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
  ),
);

/** A role, and the department that goes with it (a department officer's only). */
const roleEntries = { role: oneOf(ROLES), departmentId: v.optional(departmentId) };

/** A department for a department officer, and for no other role. */
const roleCheck = <T extends { role: string; departmentId?: string }>() =>
  v.check<T, (issue: v.CheckIssue<T>) => string>(
    (r) => (r.role === 'department') === Boolean(r.departmentId),
    (issue) =>
      issue.input.role === 'department'
        ? '{path}.departmentId is needed for a department officer'
        : '{path}.departmentId is only for department officers',
  );

// ---------------------------------------------------------------------------------------
// Requests (checked by the server)

export const createUserRequestSchema = v.pipe(
  fields({ username, ...roleEntries, password: v.optional(newPassword) }),
  roleCheck(),
);

export const setRoleRequestSchema = v.pipe(fields(roleEntries), roleCheck());

export const resetPasswordRequestSchema = fields({ password: v.optional(newPassword) });

// ---------------------------------------------------------------------------------------
// Answers (checked by the extension and the command line); what else they hold is left out.

const loose = <E extends v.ObjectEntries>(entries: E) => fields(entries, { unknown: 'drop' });

export const teamAccountSchema = v.pipe(
  loose({
    username: text(MAX_USERNAME_LENGTH),
    role: oneOf(ROLES),
    /** Empty for the roles other than department officer. */
    departmentId: v.union([v.literal(''), departmentId]),
    disabled: flag,
    /** ISO 8601; null for an account that never logged in. */
    lastLoginAt: v.nullable(wireTime),
  }),
  roleCheck(),
);

export const teamAccountsResponseSchema = loose({
  team: loose({ id: text(100), name: text(200) }),
  users: list(teamAccountSchema),
});

/** A new account, or one whose password was replaced: the generated password, shown once. */
export const accountResponseSchema = loose({
  user: teamAccountSchema,
  password: v.optional(text(MAX_PASSWORD_LENGTH)),
});

export const revokeResponseSchema = loose({ revoked: wholeNumber(0) });
