/**
 * Push: the team's one order of changes. `docs/sync.md` says what it promises.
 *
 * A push costs two statements, however many changes it carries, and no transaction: each
 * statement is atomic, and the second writes only what the first read unchanged; a third, once
 * the second has committed, tells the listening instances of the change (`announce`). The first
 * reads, without a lock, the login (the bearer token's session) and all that its changes
 * need: the team's version and epoch, the client's last mutation id and which of the pushed
 * ids it already answered, the items and received mentions they target, the directory and the
 * settings. The changes are then applied here, one after the other, each to the state the ones
 * before it left. The second statement writes all they did, and only if the team and the
 * client are still as read: it takes the team row's lock by moving the team's version on from
 * the one read, so the lock is held only while the writes are made and committed. Every write
 * to the team's items, mentions, directory and settings moves the team's version under that
 * lock, and every push of new ids moves the client's last id or the team's version: when both
 * are as read, nothing the push read has changed. When one is not (another push came
 * between), the push is read, applied and written again under the lock.
 *
 * So each team's mutations are applied one after the other, in the order the server takes
 * them; each row a mutation writes takes the next team version (a row written twice in a push
 * keeps the later one). Ids the server already answered are skipped, so a retried push changes
 * nothing; a new id below the client's last one is refused. Each push records the client's
 * last mutation id at the team version each mutation ended at, so a pull answers the last
 * mutation id as of its own cursor. A push with another epoch than the team's applies nothing.
 * A push that adds refusals keeps its user's within their cap, by one more statement once its
 * write has committed (a server stopped between the two, or two of a user's browsers capping at
 * once, may leave one push's refusals over it until that user's next refusal).
 */
import { pushedChangeTime } from '../utils/domain/change-time';
import { TanggapError } from '../utils/domain/errors';
import { refuse } from '../utils/domain/schemas/parse';
import {
  ADMIN_ONLY_MUTATIONS,
  applyMutation,
  mentionsNeeded,
  type Mutation,
  type MutationName,
  parseMutation,
  sortDirectory,
  targetOf,
  usageNeeded,
} from '../utils/domain/sync-mutations';
import {
  DEFAULT_TEAM_SETTINGS,
  parseTeamSettings,
  type TeamSettings,
} from '../utils/domain/settings';
import {
  EPOCH_CHANGED,
  type PushedMutation,
  type PushRequest,
  type PushResponse,
  type Refusal,
} from '../utils/domain/sync-protocol';
import type { Mention } from '../utils/domain/mentions';
import type { Assignment, Department } from '../utils/domain/types';
import {
  type Session,
  sessionOf,
  TOKEN_SESSION_COLUMNS,
  TOKEN_SESSION_FROM,
  type TokenSessionRow,
} from './auth';
import { DEFAULT_USER_LIMITS } from './config';
import { errorFields, HttpError } from './errors';
import { log } from './log';
import { mutations as mutationsCounted } from './metrics';
import type { Connection, Queryable } from './store';
import { CHANGES_CHANNEL, changedNotice, foreignClient, type TeamAndClient } from './sync';

type Outcome = { outcome: 'applied' | 'refused' | 'repeated'; code: string };

/** A push answered: its login, and the team and client as its write left them (if it wrote). */
export interface PushDone {
  answer: PushResponse;
  session: Session;
  written: TeamAndClient | null;
}

/**
 * The push `req` of the login whose bearer token hashes to `tokenHash`, on `db`: one
 * connection (`Store.connection`) spares it the round trips. The login is read with the push's
 * first statement (401 `unauthorized` or `token-expired` when it is not valid), and `admit`
 * may refuse the push before anything is written.
 */
export async function push(
  db: Connection,
  tokenHash: string,
  req: PushRequest,
  now: Date,
  {
    maxRefusals = DEFAULT_USER_LIMITS.refusalsPerUser,
    admit = () => {},
  }: { maxRefusals?: number; admit?: (session: Session) => void } = {},
): Promise<PushDone> {
  const pushed = req.mutations.map(parsed);
  const first = await readPush(db, { tokenHash, now }, { req, pushed });
  const session = first.session;
  admit(session);
  const ctx = { session, req, now, pushed };
  const done =
    (await attemptOn(db, ctx, first.head)) ??
    (await db.transaction(async (tx) => {
      // Another push of the team came between: again, now in the team's line from the start.
      await tx.query('SELECT 1 FROM teams WHERE id = $1 FOR UPDATE', [session.team.id]);
      // Under the team's lock only another team's first push with this client id differs.
      const { head } = await readPush(tx, { session }, ctx);
      return (await attemptOn(tx, ctx, head)) ?? foreignClient();
    }));
  if (done.written && done.changed) await announce(db, session.team.id, done.written);
  // Counted once the push has committed.
  for (const labels of done.outcomes) mutationsCounted.inc(labels);
  if (done.refusedNow) await capRefusals(db, session.userId, maxRefusals);
  return { answer: done.answer, session, written: done.written };
}

/**
 * Tells every listening instance, this one included, that the push committed and moved the team
 * to `head`: in a statement after the commit, not in the push's own. PostgreSQL holds one lock
 * for the whole database from a committing transaction's NOTIFY until its commit is on disk, so
 * a push that notified as it wrote made every other team's push wait for its disk flush too; a
 * statement that only notifies has nothing to flush. The push is acknowledged whatever
 * happens to the notice (its browsers' next sync, a minute later at most, brings it).
 */
async function announce(db: Queryable, teamId: string, head: TeamAndClient) {
  await db
    .query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, changedNotice(teamId, head)])
    .catch((error: unknown) =>
      log.warn('push.announce-failed', { team: teamId, ...errorFields(error) }),
    );
}

/** A pushed mutation, checked as untrusted input (or why it is refused), and the item it names. */
interface Pushed {
  raw: PushedMutation;
  mutation: Mutation | TanggapError;
  /** The items the mutation may write: the one it targets, or the one its arguments name. */
  targets: string[];
  /** The received mentions it reads and may write. */
  mentions: string[];
}

/** The changes of received mentions: a refused one brings back the mention, never an item. */
const MENTION_MUTATIONS: readonly MutationName[] = [
  'receiveMentions',
  'dismissMention',
  'restoreMention',
];

function parsed(raw: PushedMutation): Pushed {
  let mutation: Mutation | TanggapError;
  try {
    mutation = parseMutation(raw.name, raw.args, 'request');
  } catch (error) {
    if (!(error instanceof TanggapError)) throw error;
    mutation = error;
  }
  const named = tweetIdIn(raw.args);
  if (MENTION_MUTATIONS.includes(raw.name)) {
    const mentions = mutation instanceof TanggapError ? [named] : mentionsNeeded(mutation);
    return { raw, mutation, targets: [], mentions: mentions.filter((id) => id !== undefined) };
  }
  const target = mutation instanceof TanggapError ? undefined : targetOf(mutation);
  const targets = [...new Set([named, target])].filter((id) => id !== undefined);
  return { raw, mutation, targets, mentions: [] };
}

interface PushContext {
  session: Session;
  req: PushRequest;
  now: Date;
  pushed: Pushed[];
}

/**
 * Applies and writes the push once, on what `head` read. Null when the team or the client
 * changed between the read and the write (nothing was written then).
 */
async function attemptOn(
  db: Queryable,
  ctx: PushContext,
  head: PushHead,
): Promise<{
  answer: PushResponse;
  outcomes: Outcome[];
  refusedNow: boolean;
  written: TeamAndClient | null;
  /** The team's version moved: the push is to be announced. */
  changed: boolean;
} | null> {
  const plan = applyPush(head, ctx);
  // The refusals recorded before (a push sent again) and this push's, for the pushed ids.
  const refused = new Map([...plan.refusals, ...head.refused].map((r) => [r.id, r]));
  const answer: PushResponse = {
    lastMutationId: plan.lastMutationId,
    refused: [...refused.values()].sort((a, b) => a.id - b.id),
  };
  const { outcomes } = plan;
  if (plan.progress.length === 0)
    return { answer, outcomes, refusedNow: false, written: null, changed: false };
  const written = await writePush(db, ctx, head, plan);
  if (!written) return null;
  const changed = plan.versions > 0;
  return { answer, outcomes, refusedNow: plan.refusals.length > 0, written, changed };
}

/** What a push reads, in one statement. */
interface PushHead {
  version: number;
  epoch: string;
  /** The client's last mutation id; 0 without a row. */
  lastMutationId: number;
  /** The pushed ids the server already answered. */
  answered: Set<number>;
  /** The refusals recorded for the pushed ids. */
  refused: Refusal[];
  /** The targeted items the server holds (null: a removal). */
  items: Map<string, Assignment | null>;
  /** The targeted received mentions the server holds. */
  mentions: Map<string, Mention>;
  departments: Department[];
  settings: TeamSettings;
  /** Items pointing at each department, when a directory change may remove one. */
  itemsUsing: Map<string, number>;
}

type PushHeadRow = Partial<TokenSessionRow> & {
  version: number;
  epoch: string;
  client_team: string | null;
  last_mutation_id: number | null;
  earliest: number | null;
  recorded: number[];
  refused: Refusal[];
  items: { tweetId: string; data: Assignment | null }[];
  mentions: Mention[];
  directory: Department[];
  settings: TeamSettings | null;
  usage: { id: string; n: number }[] | null;
};

/**
 * The departments whose item counts a push needs, as the mutations that may remove one name
 * them: none (undefined), those named, or all (an import may drop any the team has now).
 */
function usageScope(pushed: readonly Pushed[]): string[] | 'all' | undefined {
  const ids = new Set<string>();
  for (const { mutation } of pushed) {
    if (mutation instanceof TanggapError) continue;
    if (mutation.name === 'importDirectory') return 'all';
    for (const id of usageNeeded(mutation, [])) ids.add(id);
  }
  return ids.size > 0 ? [...ids] : undefined;
}

/**
 * Reads what the push needs in one statement: with the login, by its token (the first read), or
 * for the login's team already known (the read again under the team's lock).
 */
async function readPush(
  db: Queryable,
  login: { session: Session } | { tokenHash: string; now: Date },
  { req, pushed }: Pick<PushContext, 'req' | 'pushed'>,
): Promise<{ head: PushHead; session: Session }> {
  const ids = req.mutations.map((m) => m.id);
  const targets = [...new Set(pushed.flatMap((p) => p.targets))];
  const mentions = [...new Set(pushed.flatMap((p) => p.mentions))];
  const usage = usageScope(pushed);
  const known = 'session' in login ? login.session : undefined;
  const [row] = await db.query<PushHeadRow>(
    `SELECT ${known ? '' : `${TOKEN_SESSION_COLUMNS},`}
       t.version, t.epoch, c.team_id AS client_team, c.last_mutation_id,
       (SELECT min(p.last_mutation_id) FROM client_progress p WHERE p.client_id = $2) AS earliest,
       (SELECT coalesce(json_agg(p.last_mutation_id), '[]') FROM client_progress p
        WHERE p.client_id = $2 AND p.last_mutation_id = ANY($3::bigint[])) AS recorded,
       (SELECT coalesce(json_agg(json_build_object(
                 'id', r.mutation_id, 'code', r.code, 'message', r.message)), '[]')
        FROM refusals r WHERE r.client_id = $2 AND r.mutation_id = ANY($3::bigint[])) AS refused,
       (SELECT coalesce(json_agg(json_build_object('tweetId', a.tweet_id, 'data', a.data)), '[]')
        FROM assignments a WHERE a.team_id = t.id AND a.tweet_id = ANY($4::text[])) AS items,
       (SELECT coalesce(json_agg(m.data), '[]') FROM mentions m
        WHERE m.team_id = t.id AND m.tweet_id = ANY($6::text[])) AS mentions,
       (SELECT coalesce(json_agg(d.data), '[]') FROM departments d
        WHERE d.team_id = t.id AND NOT d.deleted) AS directory,
       (SELECT s.data FROM team_settings s WHERE s.team_id = t.id) AS settings,
       CASE WHEN $5::boolean THEN
         (SELECT coalesce(json_agg(json_build_object('id', used.department_id, 'n', used.n)), '[]')
          FROM (SELECT department_id, count(*) AS n FROM assignments
                WHERE team_id = t.id AND ($7::text[] IS NULL OR department_id = ANY($7::text[]))
                GROUP BY department_id) used)
       END AS usage
     FROM ${known ? 'teams t' : TOKEN_SESSION_FROM} LEFT JOIN clients c ON c.client_id = $2
     WHERE ${known ? 't.id = $1' : 'k.hash = $1'}`,
    [
      'session' in login ? login.session.team.id : login.tokenHash,
      req.clientId,
      ids,
      targets,
      usage !== undefined,
      mentions,
      usage === 'all' ? null : (usage ?? null),
    ],
  );
  const session =
    'session' in login
      ? login.session
      : sessionOf(row as TokenSessionRow | undefined, login.tokenHash, login.now);
  if (!row) throw new HttpError(401, 'unauthorized', 'This login is no longer valid');
  if (req.epoch !== undefined && req.epoch !== row.epoch) {
    // Applying it could skip, by id, mutations the restored database lost.
    throw new HttpError(
      409,
      EPOCH_CHANGED,
      'The team server was restored from a backup: pull again before pushing',
    );
  }
  if (row.client_team !== null && row.client_team !== session.team.id) foreignClient();
  const lastMutationId = Number(row.last_mutation_id ?? 0);
  // Answered: the ids with a recorded progress, and those before the first one recorded
  // (answered before the server recorded every id, or purged by the retention).
  const earliest = row.earliest === null ? Infinity : Number(row.earliest);
  const answered = new Set([
    ...row.recorded.map(Number),
    ...ids.filter((id) => id <= lastMutationId && id < earliest),
  ]);
  const head: PushHead = {
    version: Number(row.version),
    epoch: row.epoch,
    lastMutationId,
    answered,
    refused: row.refused.map((r) => ({ id: Number(r.id), code: r.code, message: r.message })),
    items: new Map(row.items.map((i) => [i.tweetId, i.data])),
    mentions: new Map(row.mentions.map((m) => [m.tweetId, m])),
    departments: sortDirectory(row.directory),
    settings: row.settings
      ? parseTeamSettings(row.settings, 'settings', DEFAULT_TEAM_SETTINGS)
      : DEFAULT_TEAM_SETTINGS,
    itemsUsing: new Map((row.usage ?? []).map((u) => [u.id, Number(u.n)])),
  };
  return { head, session };
}

/** What a push's changes wrote, each row at its version's offset from the team's version. */
interface PushPlan {
  outcomes: Outcome[];
  lastMutationId: number;
  /** Versions taken. */
  versions: number;
  items: Map<string, { data: Assignment | null; at: number }>;
  mentions: Map<string, { data: Mention; at: number }>;
  departments: Map<string, { data: Department; deleted: boolean; at: number }>;
  settings: { data: TeamSettings; at: number } | null;
  directoryChanged: boolean;
  /** Each new mutation and the version offset at which its effect is complete. */
  progress: { id: number; at: number }[];
  refusals: Refusal[];
}

/** The push's changes applied in order to what was read, as the database would apply them. */
function applyPush(head: PushHead, { session, now, pushed }: PushContext): PushPlan {
  const plan: PushPlan = {
    outcomes: [],
    lastMutationId: head.lastMutationId,
    versions: 0,
    items: new Map(),
    mentions: new Map(),
    departments: new Map(),
    settings: null,
    directoryChanged: false,
    progress: [],
    refusals: [],
  };
  const items = new Map(head.items);
  const mentions = new Map(head.mentions);
  let departments = head.departments;
  let settings = head.settings;

  const writeItem = (tweetId: string, data: Assignment | null) => {
    plan.versions += 1;
    plan.items.set(tweetId, { data, at: plan.versions });
    items.set(tweetId, data);
  };
  const writeMention = (m: Mention) => {
    plan.versions += 1;
    plan.mentions.set(m.tweetId, { data: m, at: plan.versions });
    mentions.set(m.tweetId, m);
  };
  const writeDepartment = (d: Department, deleted: boolean) => {
    plan.versions += 1;
    plan.directoryChanged = true;
    plan.departments.set(d.id, { data: d, deleted, at: plan.versions });
  };
  const writeSettings = (s: TeamSettings) => {
    plan.versions += 1;
    plan.settings = { data: s, at: plan.versions };
    settings = s;
  };
  /** Items pointing at each department now: as read, and as this push moved them since. */
  const itemsUsing = () => {
    const counts = new Map(head.itemsUsing);
    const move = (departmentId: string | undefined, by: number) => {
      if (departmentId) counts.set(departmentId, (counts.get(departmentId) ?? 0) + by);
    };
    for (const [tweetId, { data }] of plan.items) {
      if (head.items.has(tweetId)) move(head.items.get(tweetId)?.departmentId, -1);
      move(data?.departmentId, 1);
    }
    return counts;
  };

  for (const { raw, mutation, targets, mentions: mentionIds } of pushed) {
    if (head.answered.has(raw.id)) {
      plan.outcomes.push({ outcome: 'repeated', code: '' });
      continue;
    }
    try {
      if (raw.id <= plan.lastMutationId) outOfOrder(raw.id, plan.lastMutationId);
      if (mutation instanceof TanggapError) throw mutation;
      const target = targetOf(mutation);
      const state = {
        assignment: (target === undefined ? undefined : items.get(target)) ?? undefined,
        departments,
        settings,
        itemsUsing: usageNeeded(mutation, departments).length > 0 ? itemsUsing() : new Map(),
        mentions,
      };
      const at = pushedChangeTime(raw.at, now, state.assignment);
      const effect = applyMutation(state, mutation, session.actor, session.actor.username, at);
      if (effect.assignment) writeItem(effect.assignment.tweetId, effect.assignment);
      for (const mention of effect.mentions ?? []) writeMention(mention);
      if (effect.departments) {
        const before = new Map(departments.map((d) => [d.id, d]));
        for (const d of effect.departments) {
          if (!same(before.get(d.id), d)) writeDepartment(d, false);
          before.delete(d.id);
        }
        for (const gone of before.values()) writeDepartment(gone, true);
        departments = sortDirectory(effect.departments);
      }
      if (effect.settings && !same(effect.settings, settings)) writeSettings(effect.settings);
      plan.outcomes.push({ outcome: 'applied', code: '' });
    } catch (error) {
      if (!(error instanceof TanggapError)) throw error;
      plan.outcomes.push({ outcome: 'refused', code: error.code });
      plan.refusals.push({ id: raw.id, code: error.code, message: error.message });
      // A new version for what the mutation targeted, nothing else: the next pull brings its
      // true state back to the browser that applied it early.
      if (MENTION_MUTATIONS.includes(raw.name)) {
        // A mention the server holds comes back as it is; one it never stored stays out.
        for (const id of mentionIds) {
          const known = mentions.get(id);
          if (known) writeMention(known);
        }
      } else if (raw.name === 'saveTeamSettings') {
        writeSettings(settings);
      } else if (ADMIN_ONLY_MUTATIONS.includes(raw.name)) {
        // The next pull sends the whole directory: it replaces what the client made up.
        plan.versions += 1;
        plan.directoryChanged = true;
      } else {
        const id = targets[0];
        // A row without data: an item the server does not hold, for clients to drop.
        if (id !== undefined) writeItem(id, items.get(id) ?? null);
      }
    }
    plan.lastMutationId = Math.max(plan.lastMutationId, raw.id);
    // The team version at which this mutation's effect is complete: a pull page up to it
    // confirms the mutation, and one that stops before it does not.
    plan.progress.push({ id: raw.id, at: plan.versions });
  }
  return plan;
}

/**
 * Writes the plan in one statement, if the team's version and epoch and the client's last
 * mutation id are still as read: then the team and the client as written (what the page after
 * the push starts from), null otherwise (nothing written, but the team's version may have moved
 * on, which only leaves versions without rows).
 */
async function writePush(
  db: Queryable,
  { session, req, now }: PushContext,
  head: PushHead,
  plan: PushPlan,
): Promise<TeamAndClient | null> {
  const rows = <T>(map: Map<string, T>, fn: (key: string, value: T) => unknown) =>
    JSON.stringify([...map].map(([key, value]) => fn(key, value)));
  const [written] = await db.query<{
    base: number | null;
    recorded: boolean;
    purged_version: number;
    purged_before: Date | null;
    replaced_at: Date | null;
  }>(
    `WITH team AS (
       UPDATE teams SET version = version + $4::bigint,
         directory_version = CASE WHEN $5::boolean THEN version + $4::bigint
                             ELSE directory_version END
       WHERE id = $1 AND version = $2::bigint AND epoch = $3
       RETURNING version - $4::bigint AS base, purged_version, purged_before
     ), client AS (
       INSERT INTO clients (client_id, team_id, user_id, last_mutation_id)
       SELECT $6, $1, $7, $8::bigint FROM team
       ON CONFLICT (client_id) DO UPDATE
       SET user_id = EXCLUDED.user_id, last_mutation_id = EXCLUDED.last_mutation_id
       WHERE clients.team_id = EXCLUDED.team_id AND clients.last_mutation_id = $9::bigint
       RETURNING client_id, replaced_at
     ), items AS (
       INSERT INTO assignments (team_id, tweet_id, department_id, data, version)
       SELECT $1, i.tweet_id, coalesce(i.data->>'departmentId', ''), i.data, team.base + i.at
       FROM team, client,
         jsonb_to_recordset($10::jsonb) AS i(tweet_id text, data jsonb, at bigint)
       ON CONFLICT (team_id, tweet_id) DO UPDATE
       SET department_id = EXCLUDED.department_id, data = EXCLUDED.data, version = EXCLUDED.version
     ), mentions AS (
       INSERT INTO mentions (team_id, tweet_id, data, version)
       SELECT $1, m.tweet_id, m.data, team.base + m.at
       FROM team, client, jsonb_to_recordset($16::jsonb) AS m(tweet_id text, data jsonb, at bigint)
       ON CONFLICT (team_id, tweet_id) DO UPDATE SET data = EXCLUDED.data, version = EXCLUDED.version
     ), departments AS (
       INSERT INTO departments (team_id, id, data, deleted, version)
       SELECT $1, d.id, d.data, d.deleted, team.base + d.at
       FROM team, client,
         jsonb_to_recordset($11::jsonb) AS d(id text, data jsonb, deleted boolean, at bigint)
       ON CONFLICT (team_id, id) DO UPDATE
       SET data = EXCLUDED.data, deleted = EXCLUDED.deleted, version = EXCLUDED.version
     ), settings AS (
       INSERT INTO team_settings (team_id, data, version)
       SELECT $1, s.data, team.base + s.at
       FROM team, client, jsonb_to_recordset($12::jsonb) AS s(data jsonb, at bigint)
       ON CONFLICT (team_id) DO UPDATE SET data = EXCLUDED.data, version = EXCLUDED.version
     ), progress AS (
       INSERT INTO client_progress (client_id, last_mutation_id, version)
       SELECT $6, p.id, team.base + p.at
       FROM team, client, jsonb_to_recordset($13::jsonb) AS p(id bigint, at bigint)
       ON CONFLICT DO NOTHING
     ), refusals AS (
       INSERT INTO refusals (team_id, client_id, mutation_id, code, message, at)
       SELECT $1, $6, r.id, r.code, r.message, $14::timestamptz
       FROM team, client, jsonb_to_recordset($15::jsonb) AS r(id bigint, code text, message text)
       ON CONFLICT DO NOTHING
     )
     SELECT (SELECT base FROM team) AS base, EXISTS (SELECT 1 FROM client) AS recorded,
       (SELECT purged_version FROM team) AS purged_version,
       (SELECT purged_before FROM team) AS purged_before,
       (SELECT replaced_at FROM client) AS replaced_at`,
    [
      session.team.id,
      head.version,
      head.epoch,
      plan.versions,
      plan.directoryChanged,
      req.clientId,
      session.userId,
      plan.lastMutationId,
      head.lastMutationId,
      rows(plan.items, (tweetId, { data, at }) => ({ tweet_id: tweetId, data, at })),
      rows(plan.departments, (id, { data, deleted, at }) => ({ id, data, deleted, at })),
      JSON.stringify(plan.settings ? [plan.settings] : []),
      JSON.stringify(plan.progress),
      now,
      JSON.stringify(plan.refusals),
      rows(plan.mentions, (tweetId, { data, at }) => ({ tweet_id: tweetId, data, at })),
    ],
  );
  if (written?.base == null || !written.recorded) return null;
  return {
    version: Number(written.base) + plan.versions,
    epoch: head.epoch,
    purgedVersion: Number(written.purged_version),
    purgedBefore: written.purged_before,
    replacedAt: written.replaced_at,
    // Every mutation of the client up to it is in effect at that version.
    lastMutationId: plan.lastMutationId,
  };
}

/** JSON with sorted keys: jsonb does not keep the order in which keys were written. */
function canonical(x: unknown): string {
  return JSON.stringify(x, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
}
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * Keeps a user's newest `max` refusals, over all their browsers, after this push's were
 * written: a browser needs a refusal only until it has its push's answer, and a flood of
 * refused changes must not fill the disk. Housekeeping: the push has committed, so a cap that
 * fails (a busy or full database) is logged, not answered; the user's next refusal caps again.
 */
async function capRefusals(db: Queryable, userId: string, max: number) {
  await db
    .query(
      `DELETE FROM refusals WHERE (client_id, mutation_id) IN (
       SELECT r.client_id, r.mutation_id FROM refusals r
       JOIN clients c ON c.client_id = r.client_id
       WHERE c.user_id = $1 ORDER BY r.at DESC, r.mutation_id DESC OFFSET $2)`,
      [userId, max],
    )
    .catch((error: unknown) => log.warn('push.refusal-cap-failed', errorFields(error)));
}

/**
 * A new mutation numbered below one already applied: applying it now would put it after
 * changes its client made later, and skipping it would lose it without a word.
 */
function outOfOrder(id: number, last: number): never {
  refuse(
    `Change ${id} arrived after change ${last}: a browser's changes are applied in the ` +
      'order of their ids, so it was not applied',
  );
}

function tweetIdIn(args: unknown): string | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  const a = args as { tweetId?: unknown; conversationId?: unknown; post?: { id?: unknown } };
  const id = a.tweetId ?? a.conversationId ?? a.post?.id;
  return typeof id === 'string' && /^\d{1,25}$/.test(id) ? id : undefined;
}
