/**
 * The team-sync wire, both ways: what the server checks of a request and what the extension
 * checks of an answer. One declaration each, so nothing the server accepts from one browser
 * is refused by another when a pull brings it back.
 */
import * as v from 'valibot';
import { ROLES, type Actor } from '../actor';
import { TanggapError } from '../errors';
import { parseTeamSettings, TEAM_SETTING_KEYS } from '../settings';
import { assignmentSchema } from './assignment';
import { list, oneOf, text, tweetId, wholeNumber, wireTime } from './blocks';
import { departmentSchema } from './department';
import { mentionSchema } from './mention';
import { MUTATION_NAMES } from './mutations';
import { fields } from './parse';

/** Mutations in one push; a longer outbox goes in several. */
export const MAX_PUSH_MUTATIONS = 100;
/** Changes in one pull answer; `more` says there are others after them. */
export const DEFAULT_PULL_LIMIT = 2_000;
export const MAX_PULL_LIMIT = 5_000;
export const MAX_CLIENT_ID_LENGTH = 64;
export const MAX_USERNAME_LENGTH = 64;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
export const MAX_EPOCH_LENGTH = 100;

export const clientId = v.pipe(
  text(MAX_CLIENT_ID_LENGTH),
  v.regex(/^[A-Za-z0-9_-]{8,}$/, 'must be 8 to 64 letters, digits, - or _'),
);

/** `x === true`: an answer's flag that is anything else is no flag. */
const onlyTrue = v.pipe(
  v.unknown(),
  v.transform((x) => x === true),
);

// ---------------------------------------------------------------------------------------
// Requests (checked by the server)

/** One entry of the outbox, as pushed. */
export const pushedMutationSchema = fields({
  /** Increasing per client, from 1. */
  id: wholeNumber(1),
  name: oneOf(MUTATION_NAMES),
  /** Checked when applied: a bad one is refused alone, the others still apply. */
  args: v.optional(v.unknown()),
  /**
   * ISO 8601: when the officer made the change. Checked when applied (`pushedChangeTime`): one
   * that is no date or before 2000 is refused alone, one in the future counts as now.
   */
  at: text(40),
});

export const pushRequestSchema = v.pipe(
  fields({
    clientId,
    mutations: list(pushedMutationSchema, MAX_PUSH_MUTATIONS),
    /**
     * The team epoch the client last pulled (absent before its first pull): a push with another
     * one is answered 409 `epoch-changed` and applies nothing, since the server was restored and
     * the client must first learn which of its mutations the server still has.
     */
    epoch: v.optional(text(MAX_EPOCH_LENGTH)),
  }),
  v.check(
    (r) => r.mutations.every((m, i) => i === 0 || m.id > r.mutations[i - 1]!.id),
    '{path}.mutations must have increasing ids',
  ),
);

/** A whole number from `min`, written in decimal in a query string. */
const queryNumber = (min: number) =>
  v.pipe(
    v.string(`must be a whole number from ${min}`),
    v.regex(/^\d{1,15}$/, `must be a whole number from ${min}`),
    v.transform(Number),
    v.minValue(min, `must be a whole number from ${min}`),
  );

/**
 * A push's query: with `cursor`, the answer also carries the page a pull from that cursor would
 * return (and `limit` bounds it as a pull's). In the query, not the body, so that a server
 * older than it ignores it and answers as before, where it would refuse an unknown body field.
 */
export const pushPageQuerySchema = fields(
  {
    cursor: v.optional(queryNumber(0)),
    limit: v.optional(
      v.pipe(
        queryNumber(1),
        v.transform((n) => Math.min(n, MAX_PULL_LIMIT)),
      ),
    ),
  },
  { unknown: 'drop' },
);

export const pullRequestSchema = fields({
  clientId,
  /** The team version the client has seen; 0 for everything. */
  cursor: wholeNumber(0),
  limit: v.pipe(
    v.optional(wholeNumber(1), DEFAULT_PULL_LIMIT),
    v.transform((n) => Math.min(n, MAX_PULL_LIMIT)),
  ),
});

export const loginRequestSchema = fields({
  username: v.pipe(
    text(MAX_USERNAME_LENGTH),
    v.transform((s) => s.trim().toLowerCase()),
  ),
  password: text(MAX_PASSWORD_LENGTH),
});

// ---------------------------------------------------------------------------------------
// Answers (checked by the extension); what else an answer holds is left out.

const loose = <E extends v.ObjectEntries>(entries: E) => fields(entries, { unknown: 'drop' });

export const actorSchema: v.GenericSchema<unknown, Actor> = v.pipe(
  loose({
    username: text(MAX_USERNAME_LENGTH),
    role: oneOf(ROLES),
    /** The department a department officer is bound to; empty for the other roles. */
    departmentId: v.pipe(
      v.unknown(),
      v.transform((x) => (typeof x === 'string' ? x : '')),
    ),
  }),
  v.check(
    (a) => a.role !== 'department' || a.departmentId !== '',
    '{path}.departmentId is missing',
  ),
);

export const loginResponseSchema = loose({
  token: text(500),
  /** ISO 8601. */
  expiresAt: wireTime,
  actor: actorSchema,
  team: loose({ id: text(100), name: text(200) }),
});

/** A mutation the server applied as a refusal: it changed nothing, and it is not retried. */
export const refusalSchema = loose({
  id: wholeNumber(1),
  code: text(100),
  message: text(2_000),
});

export const pushResponseSchema = loose({
  /** The client's last applied mutation id: every mutation up to it is done with. */
  lastMutationId: wholeNumber(0),
  /** The refusals among the pushed mutations (also those refused by an earlier try). */
  refused: list(refusalSchema),
  /**
   * When the push asked for it (`pushPageQuerySchema`), the pull answer from the cursor it
   * gave, built after the push committed: unchecked here, checked record by record as a
   * pulled page is (`splitPulledPage`). Absent when the push did not ask, or the server could
   * not build it: the browser pulls.
   */
  page: v.optional(v.unknown()),
});

/**
 * The team's whole settings: what a pull brings, over the defaults for what it leaves out.
 * A setting this browser does not know (a newer server's) is left out, not a reason to refuse
 * all the others.
 */
const teamSettings = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    try {
      return parseTeamSettings(knownTeamSettings(dataset.value), '{path}');
    } catch (error) {
      if (!(error instanceof TanggapError)) throw error;
      addIssue({ message: error.message });
      return NEVER;
    }
  }),
);

/** What every pull answer holds besides its records. */
const pullFrame = {
  /** The team version this answer brings the client to. */
  cursor: wholeNumber(0),
  /**
   * The client's last applied mutation id as of this answer's `cursor`: the effects of every
   * mutation up to it are in this answer or an earlier one; those after it are not yet (an
   * answer cut short by `more` may stop between a mutation and its effect).
   */
  lastMutationId: wholeNumber(0),
  /** True when there is more after this answer's cursor: pull again at once. */
  more: onlyTrue,
  /**
   * The team's epoch: a new one after the server's database was restored from a backup. A
   * client that pulled another epoch pulls everything again (cursor 0, replacing its items).
   */
  epoch: text(MAX_EPOCH_LENGTH),
  /** The request's cursor was ahead of the team (a restored database): this answer is from 0. */
  reset: onlyTrue,
};

export const pullResponseSchema = loose({
  ...pullFrame,
  assignments: list(assignmentSchema),
  /** Items the server does not hold (a refused change to a post it never stored): drop them. */
  removedAssignmentIds: list(tweetId),
  /** The whole directory when it changed after the cursor (replace this browser's), else null. */
  directory: v.nullish(list(departmentSchema), null),
  /** The team's shared settings, when they changed after the cursor. */
  settings: v.nullish(teamSettings, null),
  /** The received mentions changed after the cursor (none from a server without intake). */
  mentions: v.optional(list(mentionSchema), () => []),
});

/**
 * A pull answer whose records are not checked yet: the browser checks each alone
 * (`splitPulledPage`), so one it cannot take is quarantined and the rest still apply.
 */
export const pullFrameSchema = loose({
  ...pullFrame,
  assignments: list(v.unknown()),
  removedAssignmentIds: list(v.unknown()),
  directory: v.nullish(list(v.unknown()), null),
  settings: v.nullish(v.unknown(), null),
  mentions: v.optional(list(v.unknown()), () => []),
});

function knownTeamSettings(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const known = new Set<string>(TEAM_SETTING_KEYS);
  return Object.fromEntries(Object.entries(value).filter(([key]) => known.has(key)));
}

/** One record of a pull answer, checked alone. */
export const pulledRecordSchemas = {
  assignment: assignmentSchema,
  removal: tweetId,
  department: departmentSchema,
  settings: teamSettings,
  mention: mentionSchema,
};

// ---------------------------------------------------------------------------------------
// Reports (checked by the server)

/** The kinds of pulled record a browser may be unable to take. */
export const QUARANTINE_KINDS = ['assignment', 'department', 'settings', 'mention'] as const;
export const MAX_REPORTED = 50;
export const MAX_QUARANTINE_REASON_LENGTH = 300;

/** A record a browser could not take from a pull, as reported to the server's log. */
export const quarantineReportEntries = {
  kind: oneOf(QUARANTINE_KINDS),
  /** The record's id as pulled ('' when it had none a browser could read, or for settings). */
  id: v.pipe(
    text(100),
    v.regex(/^[A-Za-z0-9_-]*$/, 'must be a record id (letters, digits, - or _)'),
  ),
  /** The team version of the pull answer that brought it. */
  version: wholeNumber(0),
  /** Which field failed and how, in the schema's words; one line, so a log line stays one. */
  reason: v.pipe(
    text(MAX_QUARANTINE_REASON_LENGTH),
    v.regex(/^[^\p{Cc}]+$/u, 'must be one line of text'),
  ),
};
export const quarantineReportSchema = fields(quarantineReportEntries);

export const reportRequestSchema = fields({
  quarantined: v.pipe(
    list(quarantineReportSchema, MAX_REPORTED),
    v.minLength(1, 'must list at least one record'),
  ),
});
