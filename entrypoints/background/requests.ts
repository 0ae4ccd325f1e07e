/**
 * The background's requests, as schemas: each page's message is untrusted input (a content
 * script runs next to x.com's code), checked here before anything is read or written. The
 * shared changes' requests are the sync wire's mutations (see `schemas/mutations.ts`).
 */
import * as v from 'valibot';
import { MAX_PROGRAMMES, MAX_STATS_DAYS, MAX_MENTION_REPORTS } from '../../utils/domain/programmes';
import { ROLES } from '../../utils/domain/actor';
import { BACKLOG_PERIODS } from '../../utils/domain/backlog-period';
import { ACCOUNT_ACTIONS } from '../../utils/domain/admin-protocol';
import { username as accountName } from '../../utils/domain/schemas/admin';
import {
  departmentId,
  flag,
  isoTime,
  list,
  oneOf,
  programmeId,
  tweetId,
  wireTime,
} from '../../utils/domain/schemas/blocks';
import { fields, parse } from '../../utils/domain/schemas/parse';
import { MAX_BATCH_IDS, MAX_MENTION_POSTS } from '../../utils/messaging/protocol';
import { postSchema } from '../../utils/domain/schemas/assignment';

export const MAX_BACKLOG_LIMIT = 500;
export const MAX_IMPORT = 100_000;
/** The items one bulk change may name: more than the popup selects at a time. */
export const MAX_BULK_ITEMS = 5000;
export const MAX_EXPORT_DEPARTMENTS = 200;
/** A notification's items in one answer: the popup shows this many of its most urgent. */
export const NOTIFICATION_MAX_ITEMS = 500;

/** The request checked against `schema`; one without fields may arrive as undefined or null. */
export function parseRequest<S extends v.GenericSchema>(schema: S, req: unknown) {
  return parse(schema, req ?? {}, 'request');
}

/** A request that has no fields. */
export const noFields = fields({});

const limit = (fallback: number, words = 'must be a whole number from 1') =>
  v.optional(
    v.pipe(
      v.number(words),
      v.check((n: number) => Number.isInteger(n) && n >= 1, words),
    ),
    fallback,
  );

const anObject = v.custom<Record<string, unknown>>(
  (x) => typeof x === 'object' && x !== null && !Array.isArray(x),
  'must be an object',
);

const requiredInstant = v.pipe(
  v.string('must be an ISO 8601 date'),
  v.maxLength(40, 'must be an ISO 8601 date'),
  wireTime,
);

/** An instant of a filter; absent or '' for none. */
const instant = v.pipe(
  v.optional(v.union([v.literal(''), requiredInstant], 'must be an ISO 8601 date')),
  v.transform((x) => x || undefined),
);
/** What the post under the pointer is, for the right-click menu. */
const MENU_CONTEXTS = ['none', 'unassigned', 'open', 'responded', 'resolved'] as const;

export const requests = {
  showMenuFor: fields({ context: oneOf(MENU_CONTEXTS), departmentId: v.optional(departmentId) }),
  getAssignments: fields({
    ids: list(tweetId, MAX_BATCH_IDS, `must be a list of at most ${MAX_BATCH_IDS} post ids`),
  }),
  getBacklog: fields({
    departmentId: v.pipe(
      v.optional(
        v.union(
          [v.literal(''), departmentId],
          'must be a department id (lower-case letters, digits and dashes)',
        ),
      ),
      v.transform((x) => x || undefined),
    ),
    limit: limit(100),
    period: v.optional(oneOf(BACKLOG_PERIODS)),
    after: v.optional(requiredInstant),
  }),
  importAssignments: fields({
    // Each is checked by the assignment schema, with its place in the file as its path.
    assignments: list(
      v.unknown(),
      MAX_IMPORT,
      `must be a list of at most ${MAX_IMPORT} assignments`,
    ),
  }),
  listClosedToday: fields({ limit: limit(50) }),
  bulkChange: v.pipe(
    fields({
      tweetIds: v.pipe(
        list(tweetId, MAX_BULK_ITEMS, `must be a list of at most ${MAX_BULK_ITEMS} post ids`),
        v.check((ids) => ids.length > 0, 'must name at least one post'),
        v.check((ids) => new Set(ids).size === ids.length, 'must name each post once'),
      ),
      change: oneOf(['assign', 'resolve', 'reopen'] as const),
      departmentId: v.optional(departmentId),
    }),
    v.check(
      (r) => (r.change === 'assign') === (r.departmentId !== undefined),
      '{path}.departmentId must be given to assign, and only then',
    ),
  ),
  exportCsvPage: v.pipe(
    fields({
      from: instant,
      to: instant,
      departmentIds: v.optional(
        list(
          departmentId,
          MAX_EXPORT_DEPARTMENTS,
          `must be a list of at most ${MAX_EXPORT_DEPARTMENTS} ids`,
        ),
        () => [],
      ),
      after: v.optional(fields({ assignedAt: requiredInstant, tweetId })),
    }),
    v.check((r) => !r.from || !r.to || r.from < r.to, '{path}.from must be before {path}.to'),
  ),
  getNotificationItems: fields({
    id: v.pipe(
      v.string('must be a notification id'),
      v.check((s: string) => s.length > 0 && s.length <= 500, 'must be a notification id'),
    ),
    limit: limit(NOTIFICATION_MAX_ITEMS, 'must be a whole number above 0'),
  }),
  saveProgramme: fields({ programme: anObject }),
  removeProgramme: fields({ id: programmeId }),
  recordProgrammeMentions: fields({
    mentions: list(
      fields({
        tweetId,
        createdAt: isoTime,
        programmeIds: list(programmeId, MAX_PROGRAMMES, 'must be a list of programme ids'),
      }),
      MAX_MENTION_REPORTS,
      `must be a list of at most ${MAX_MENTION_REPORTS} posts`,
    ),
  }),
  recordMentions: fields({
    posts: list(
      postSchema,
      MAX_MENTION_POSTS,
      `must be a list of at most ${MAX_MENTION_POSTS} posts`,
    ),
  }),
  getIntake: fields({ limit: limit(50) }),
  dismissMention: fields({ tweetId }),
  programmeStats: fields({
    days: v.pipe(
      v.number(`must be a whole number from 1 to ${MAX_STATS_DAYS}`),
      v.check(
        (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_STATS_DAYS,
        `must be a whole number from 1 to ${MAX_STATS_DAYS}`,
      ),
    ),
  }),
  saveSettings: fields({ settings: anObject }),
  // The engine checks the server's address and the credentials in its own words.
  teamLogin: fields({
    serverUrl: v.unknown(),
    username: v.unknown(),
    password: v.unknown(),
    discardWaiting: v.optional(flag, false),
  }),
  teamLogout: fields({ discardWaiting: v.optional(flag, false) }),
  teamCreateAccount: fields({
    username: accountName,
    role: oneOf(ROLES),
    departmentId: v.optional(departmentId),
  }),
  teamChangeAccount: fields({
    username: accountName,
    action: oneOf(ACCOUNT_ACTIONS),
    role: v.optional(oneOf(ROLES)),
    departmentId: v.optional(departmentId),
  }),
};
