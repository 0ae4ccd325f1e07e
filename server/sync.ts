/**
 * Push and pull: the team's one order of changes. `docs/sync.md` says what they promise, and
 * how conflicts resolve the same way for everyone.
 *
 * Push runs in one transaction that first locks the team row, so each team's mutations are
 * applied one after the other, in the order the server receives them; every row a mutation
 * writes takes the next team version. Ids the server already answered are skipped, so a
 * retried push changes nothing; a new id below the client's last one is refused. Each push
 * records the client's last mutation id at the team version it ended at, so a pull answers
 * the last mutation id as of its own cursor. A push with another epoch than the team's
 * applies nothing. A push that adds refusals keeps its user's within their cap.
 *
 * Pull reads one REPEATABLE READ snapshot: rows with a version above the cursor, in version
 * order. Versions are taken under the team lock and committed with it, so a snapshot that
 * sees the team at version V sees every row up to V: a watcher never misses a change. A
 * cursor behind the retention's horizon (`retention.ts`) starts again from 0. A page is
 * bounded in bytes as well as in items (`PULL_PAGE_BYTES`).
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
  type MutationState,
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
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type Refusal,
} from '../utils/domain/sync-protocol';
import type { Mention } from '../utils/domain/mentions';
import type { Assignment, Department } from '../utils/domain/types';
import {
  authenticate,
  bearerTokenHash,
  type Session,
  sessionOf,
  TOKEN_SESSION_COLUMNS,
  TOKEN_SESSION_FROM,
  type TokenSessionRow,
} from './auth';
import { DEFAULT_USER_LIMITS } from './config';
import { DISK_FULL_CODE, HttpError } from './errors';
import { mutations as mutationsCounted } from './metrics';
import type { PageKey, PageCache, SharedPage } from './page-cache';
import type { Queryable, Store } from './store';

export const CHANGES_CHANNEL = 'tanggap_changes';

function foreignClient(): never {
  throw new HttpError(403, 'forbidden', 'This client id cannot be used with this account');
}

/** The client's row; 403 when another team's account first used this client id. */
async function clientOf(db: Queryable, clientId: string, teamId: string) {
  const [row] = await db.query<{ team_id: string; last_mutation_id: number }>(
    'SELECT team_id, last_mutation_id FROM clients WHERE client_id = $1',
    [clientId],
  );
  if (row && row.team_id !== teamId) foreignClient();
  return row;
}

async function loadDirectory(db: Queryable, teamId: string): Promise<Department[]> {
  const rows = await db.query<{ data: Department }>(
    'SELECT data FROM departments WHERE team_id = $1 AND NOT deleted',
    [teamId],
  );
  return sortDirectory(rows.map((r) => r.data));
}

async function loadSettings(db: Queryable, teamId: string): Promise<TeamSettings> {
  const [row] = await db.query<{ data: TeamSettings }>(
    'SELECT data FROM team_settings WHERE team_id = $1',
    [teamId],
  );
  return row
    ? parseTeamSettings(row.data, 'settings', DEFAULT_TEAM_SETTINGS)
    : DEFAULT_TEAM_SETTINGS;
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

export async function push(
  store: Store,
  session: Session,
  req: PushRequest,
  now: Date,
  { maxRefusals = DEFAULT_USER_LIMITS.refusalsPerUser } = {},
): Promise<PushResponse> {
  const teamId = session.team.id;
  /** Each mutation's outcome, counted once the push has committed. */
  const outcomes: { outcome: 'applied' | 'refused' | 'repeated'; code: string }[] = [];
  const answer = await store.transaction(async (tx) => {
    outcomes.length = 0;
    const [team] = await tx.query<{ version: number; epoch: string }>(
      'SELECT version, epoch FROM teams WHERE id = $1 FOR UPDATE',
      [teamId],
    );
    if (!team) throw new HttpError(401, 'unauthorized', 'This login is no longer valid');
    if (req.epoch !== undefined && req.epoch !== team.epoch) {
      // Applying it could skip, by id, mutations the restored database lost.
      throw new HttpError(
        409,
        EPOCH_CHANGED,
        'The team server was restored from a backup: pull again before pushing',
      );
    }
    const client = await clientOf(tx, req.clientId, teamId);
    let version = team.version;
    let lastMutationId = client?.last_mutation_id ?? 0;
    let departments: Department[] | null = null;
    let settings: TeamSettings | null = null;
    const directory = async () => (departments ??= await loadDirectory(tx, teamId));
    const teamSettings = async () => (settings ??= await loadSettings(tx, teamId));

    const writeAssignment = async (a: Assignment) => {
      version += 1;
      await tx.query(
        `INSERT INTO assignments (team_id, tweet_id, department_id, data, version)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (team_id, tweet_id) DO UPDATE
         SET department_id = EXCLUDED.department_id, data = EXCLUDED.data, version = EXCLUDED.version`,
        [teamId, a.tweetId, a.departmentId, JSON.stringify(a), version],
      );
    };
    /** A row without data: an item the server does not hold, for clients to drop. */
    const writeTombstone = async (tweetId: string) => {
      version += 1;
      await tx.query(
        `INSERT INTO assignments (team_id, tweet_id, department_id, data, version)
         VALUES ($1, $2, '', NULL, $3)
         ON CONFLICT (team_id, tweet_id) DO UPDATE
         SET department_id = '', data = NULL, version = EXCLUDED.version`,
        [teamId, tweetId, version],
      );
    };
    let directoryChanged = false;
    const writeDepartment = async (d: Department, deleted: boolean) => {
      version += 1;
      directoryChanged = true;
      await tx.query(
        `INSERT INTO departments (team_id, id, data, deleted, version) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (team_id, id) DO UPDATE
         SET data = EXCLUDED.data, deleted = EXCLUDED.deleted, version = EXCLUDED.version`,
        [teamId, d.id, JSON.stringify(d), deleted, version],
      );
    };
    const writeSettings = async (s: TeamSettings) => {
      version += 1;
      await tx.query(
        `INSERT INTO team_settings (team_id, data, version) VALUES ($1, $2, $3)
         ON CONFLICT (team_id) DO UPDATE SET data = EXCLUDED.data, version = EXCLUDED.version`,
        [teamId, JSON.stringify(s), version],
      );
    };

    const writeMention = async (m: Mention) => {
      version += 1;
      await tx.query(
        `INSERT INTO mentions (team_id, tweet_id, data, version) VALUES ($1, $2, $3, $4)
         ON CONFLICT (team_id, tweet_id) DO UPDATE
         SET data = EXCLUDED.data, version = EXCLUDED.version`,
        [teamId, m.tweetId, JSON.stringify(m), version],
      );
    };

    /** After a refusal: a new version for what the mutation targeted, nothing else. */
    const bumpTarget = async (name: MutationName, args: unknown) => {
      if (MENTION_MUTATIONS.includes(name)) {
        // A mention the server holds comes back as it is; one it never stored stays out.
        const id = tweetIdIn(args);
        const [known] = id ? await loadMentions(tx, teamId, [id]) : [];
        if (known) await writeMention(known);
      } else if (name === 'saveTeamSettings') {
        await writeSettings(await teamSettings());
      } else if (ADMIN_ONLY_MUTATIONS.includes(name)) {
        // The next pull sends the whole directory: it replaces what the client made up.
        version += 1;
        directoryChanged = true;
      } else {
        const id = tweetIdIn(args);
        if (!id) return;
        const [row] = await tx.query<{ data: Assignment | null }>(
          'SELECT data FROM assignments WHERE team_id = $1 AND tweet_id = $2',
          [teamId, id],
        );
        if (row?.data) await writeAssignment(row.data);
        else await writeTombstone(id);
      }
    };

    const answered = await answeredAmong(
      tx,
      req.clientId,
      req.mutations.map((m) => m.id).filter((id) => id <= lastMutationId),
    );
    const progress: [mutationId: number, version: number][] = [];
    let refusalsAdded = false;
    for (const pushed of req.mutations) {
      if (answered.has(pushed.id)) {
        outcomes.push({ outcome: 'repeated', code: '' });
        continue;
      }
      try {
        if (pushed.id <= lastMutationId) outOfOrder(pushed.id, lastMutationId);
        const m = parseMutation(pushed.name, pushed.args, 'request');
        const state = await stateFor(tx, teamId, m, await directory(), await teamSettings());
        const at = pushedChangeTime(pushed.at, now, state.assignment);
        const effect = applyMutation(state, m, session.actor, session.actor.username, at);
        if (effect.assignment) await writeAssignment(effect.assignment);
        for (const mention of effect.mentions ?? []) await writeMention(mention);
        if (effect.departments) {
          const before = new Map((await directory()).map((d) => [d.id, d]));
          for (const d of effect.departments) {
            if (!same(before.get(d.id), d)) await writeDepartment(d, false);
            before.delete(d.id);
          }
          for (const gone of before.values()) await writeDepartment(gone, true);
          departments = sortDirectory(effect.departments);
        }
        if (effect.settings && !same(effect.settings, await teamSettings())) {
          await writeSettings(effect.settings);
          settings = effect.settings;
        }
        outcomes.push({ outcome: 'applied', code: '' });
      } catch (error) {
        if (!(error instanceof TanggapError)) throw error;
        outcomes.push({ outcome: 'refused', code: error.code });
        refusalsAdded = true;
        await tx.query(
          `INSERT INTO refusals (team_id, client_id, mutation_id, code, message, at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [teamId, req.clientId, pushed.id, error.code, error.message, now],
        );
        await bumpTarget(pushed.name, pushed.args);
      }
      lastMutationId = Math.max(lastMutationId, pushed.id);
      // The team version at which this mutation's effect is complete: a pull page up to it
      // confirms the mutation, and one that stops before it does not.
      progress.push([pushed.id, version]);
    }

    if (req.mutations.length > 0) {
      // Checked again here: two teams' first pushes with one client id may have raced.
      const bound = await tx.query(
        `INSERT INTO clients (client_id, team_id, user_id, last_mutation_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (client_id) DO UPDATE
         SET user_id = EXCLUDED.user_id, last_mutation_id = EXCLUDED.last_mutation_id
         WHERE clients.team_id = EXCLUDED.team_id
         RETURNING client_id`,
        [req.clientId, teamId, session.userId, lastMutationId],
      );
      if (bound.length === 0) foreignClient();
    }
    for (const [mutationId, at] of progress) {
      await tx.query(
        `INSERT INTO client_progress (client_id, last_mutation_id, version) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING`,
        [req.clientId, mutationId, at],
      );
    }
    if (version !== team.version) {
      await tx.query(
        `UPDATE teams SET version = $2,
         directory_version = CASE WHEN $3 THEN $2 ELSE directory_version END WHERE id = $1`,
        [teamId, version, directoryChanged],
      );
      // Delivered to every listening instance when (and only if) this transaction commits.
      await tx.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, teamId]);
    }
    const ids = req.mutations.map((m) => m.id);
    const refused =
      ids.length === 0
        ? []
        : await tx.query<{ id: number; code: string; message: string }>(
            `SELECT mutation_id AS id, code, message FROM refusals
             WHERE client_id = $1 AND mutation_id >= $2 AND mutation_id <= $3 ORDER BY mutation_id`,
            [req.clientId, ids[0], ids[ids.length - 1]],
          );
    const wanted = new Set(ids);
    if (refusalsAdded) await capRefusals(tx, session.userId, maxRefusals);
    return {
      lastMutationId,
      refused: refused.filter((r) => wanted.has(r.id)).map((r): Refusal => ({ ...r })),
    };
  });
  for (const labels of outcomes) mutationsCounted.inc(labels);
  return answer;
}

/**
 * Keeps a user's newest `max` refusals, over all their browsers, after this push's were read
 * for its answer: a browser needs a refusal only until it has its push's answer, and a flood
 * of refused changes must not fill the disk.
 */
async function capRefusals(tx: Queryable, userId: string, max: number) {
  await tx.query(
    `DELETE FROM refusals WHERE (client_id, mutation_id) IN (
       SELECT r.client_id, r.mutation_id FROM refusals r
       JOIN clients c ON c.client_id = r.client_id
       WHERE c.user_id = $1 ORDER BY r.at DESC, r.mutation_id DESC OFFSET $2)`,
    [userId, max],
  );
}

/**
 * Which of `ids` (each at most the client's last mutation id) the server has answered: those
 * with a recorded progress, and those before the first one recorded (answered before the
 * server recorded every id). A retried push skips them; any other is new but out of order.
 */
async function answeredAmong(db: Queryable, clientId: string, ids: number[]) {
  if (ids.length === 0) return new Set<number>();
  const recorded = await db.query<{ id: number }>(
    `SELECT last_mutation_id AS id FROM client_progress
     WHERE client_id = $1 AND last_mutation_id = ANY($2::bigint[])`,
    [clientId, ids],
  );
  const [first] = await db.query<{ id: number | null }>(
    'SELECT min(last_mutation_id) AS id FROM client_progress WHERE client_id = $1',
    [clientId],
  );
  const earliest = first?.id == null ? Infinity : Number(first.id);
  return new Set([...recorded.map((r) => Number(r.id)), ...ids.filter((id) => id < earliest)]);
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

/** The changes of received mentions: a refused one brings back the mention, never an item. */
const MENTION_MUTATIONS: readonly MutationName[] = [
  'receiveMentions',
  'dismissMention',
  'restoreMention',
];

async function loadMentions(db: Queryable, teamId: string, ids: string[]): Promise<Mention[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<{ data: Mention }>(
    'SELECT data FROM mentions WHERE team_id = $1 AND tweet_id = ANY($2::text[])',
    [teamId, ids],
  );
  return rows.map((r) => r.data);
}

function tweetIdIn(args: unknown): string | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  const a = args as { tweetId?: unknown; conversationId?: unknown; post?: { id?: unknown } };
  const id = a.tweetId ?? a.conversationId ?? a.post?.id;
  return typeof id === 'string' && /^\d{1,25}$/.test(id) ? id : undefined;
}

async function stateFor(
  tx: Queryable,
  teamId: string,
  m: Mutation,
  departments: Department[],
  settings: TeamSettings,
): Promise<MutationState> {
  const target = targetOf(m);
  const [row] = target
    ? await tx.query<{ data: Assignment | null }>(
        'SELECT data FROM assignments WHERE team_id = $1 AND tweet_id = $2',
        [teamId, target],
      )
    : [];
  const needed = usageNeeded(m, departments);
  const counts =
    needed.length === 0
      ? []
      : await tx.query<{ department_id: string; n: number }>(
          `SELECT department_id, count(*) AS n FROM assignments
           WHERE team_id = $1 AND department_id = ANY($2::text[]) GROUP BY department_id`,
          [teamId, needed],
        );
  const mentions = await loadMentions(tx, teamId, mentionsNeeded(m));
  return {
    assignment: row?.data ?? undefined,
    departments,
    settings,
    itemsUsing: new Map(counts.map((c) => [c.department_id, c.n])),
    mentions: new Map(mentions.map((x) => [x.tweetId, x])),
  };
}

/**
 * A pull from cursor 0 replaces the browser's items: from then on, removals purged before
 * this moment are none of its concern, even while its cursor is still behind them. Recorded
 * only once the team has purged removals (before that no cursor is behind them), and never at
 * the cost of the pull: on a full disk the pull goes on without it (the browser's next page
 * may then start again from 0, until there is room).
 */
async function recordFullPull(store: Store, session: Session, clientId: string, now: Date) {
  const [team] = await store.query<{ purged_version: number }>(
    'SELECT purged_version FROM teams WHERE id = $1',
    [session.team.id],
  );
  if (Number(team?.purged_version ?? 0) === 0) return;
  try {
    const recorded = await store.query(
      `INSERT INTO clients (client_id, team_id, user_id, replaced_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (client_id) DO UPDATE SET replaced_at = EXCLUDED.replaced_at
       WHERE clients.team_id = EXCLUDED.team_id
       RETURNING client_id`,
      [clientId, session.team.id, session.userId, now],
    );
    if (recorded.length === 0) foreignClient();
  } catch (error) {
    const diskFull =
      (error instanceof HttpError && error.code === 'storage-full') ||
      (error as { code?: unknown }).code === DISK_FULL_CODE;
    if (!diskFull) throw error;
  }
}

/**
 * The most a pull answer holds, in bytes of JSON: past it, a page takes no further item (the
 * first item always goes, however large), and `more` sends the browser for the next page. The
 * items are read only once the page is decided, so a pull holds one page in memory, not the
 * team.
 */
export const PULL_PAGE_BYTES = 1_000_000;

/** A pull answer as the JSON text sent (its items go in as the database wrote them). */
export interface PulledPage {
  json: string;
  /** Items and removed ids in it. */
  rows: number;
  session: Session;
}

/** What a pull reads first, in one statement: the login, the team, the client, its progress. */
type PullHead = TokenSessionRow & {
  version: number;
  epoch: string;
  purged_version: number;
  purged_before: Date | null;
  client_team: string | null;
  replaced_at: Date | null;
  last_mutation_id: number | null;
};

/**
 * A pull. Its login, the team's version and this client's progress are read in one statement;
 * the page itself (the same for every browser of the team pulling from the same cursor at the
 * same version) comes from `pages` or is built once for all of them.
 */
export async function pull(
  store: Store,
  authorization: string | undefined,
  req: PullRequest,
  now: Date,
  pages: PageCache,
): Promise<PulledPage> {
  const hash = bearerTokenHash(authorization);
  if (req.cursor === 0) {
    // Rare (a login, a reset): recorded before the snapshot the page is read in.
    const session = await authenticate(store, authorization, now);
    await recordFullPull(store, session, req.clientId, now);
  }
  const [head] = await store.query<PullHead>(
    `SELECT ${TOKEN_SESSION_COLUMNS}, t.version, t.epoch, t.purged_version, t.purged_before,
       c.team_id AS client_team, c.replaced_at,
       (SELECT max(p.last_mutation_id) FROM client_progress p
        WHERE p.client_id = $2 AND p.version <= t.version) AS last_mutation_id
     FROM ${TOKEN_SESSION_FROM} LEFT JOIN clients c ON c.client_id = $2
     WHERE k.hash = $1`,
    [hash, req.clientId],
  );
  const session = sessionOf(head, hash, now);
  if (head!.client_team !== null && head!.client_team !== session.team.id) foreignClient();
  const teamVersion = Number(head!.version);
  const purged = Number(head!.purged_version);
  // Everything again for a cursor from the future (the database was restored from a backup),
  // and for one behind removals the retention purged, unless this browser has pulled from
  // nothing since they were (its items were replaced: it holds none of them).
  const replacedSincePurge =
    !!head!.replaced_at &&
    !!head!.purged_before &&
    new Date(head!.replaced_at).getTime() >= new Date(head!.purged_before).getTime();
  const behindPurge = req.cursor < purged && !replacedSincePurge;
  const from = req.cursor > teamVersion || behindPurge ? 0 : req.cursor;
  const key = {
    teamId: session.team.id,
    epoch: head!.epoch,
    from,
    version: teamVersion,
    limit: req.limit ?? 2_000,
  };
  const page = await pages.page(key, () => buildPage(store, key));
  // Up to the purge, a client keeps only its last mutation's progress: all before it counts
  // as confirmed, even on a page that ends before it.
  const lastMutationId =
    page.cursor === teamVersion
      ? (head!.last_mutation_id ?? 0)
      : await progressAt(store, req.clientId, Math.max(page.cursor, purged));
  return {
    json: `${page.json},"lastMutationId":${lastMutationId},"reset":${from !== req.cursor}}`,
    rows: page.rows,
    session,
  };
}

async function progressAt(db: Queryable, clientId: string, version: number): Promise<number> {
  const [progress] = await db.query<{ last: number | null }>(
    `SELECT max(last_mutation_id) AS last FROM client_progress
     WHERE client_id = $1 AND version <= $2`,
    [clientId, version],
  );
  return progress?.last ?? 0;
}

/**
 * The page from `key.from`, read in one REPEATABLE READ snapshot at the team's version then
 * (at least `key.version`: versions only grow). The directory and settings come when they
 * changed after `from`.
 */
async function buildPage(store: Store, key: PageKey): Promise<{ page: SharedPage; key: PageKey }> {
  const { teamId, from, limit } = key;
  return store.transaction(
    async (tx) => {
      const [team] = await tx.query<{ version: number; directory_version: number; epoch: string }>(
        'SELECT version, directory_version, epoch FROM teams WHERE id = $1',
        [teamId],
      );
      const teamVersion = team?.version ?? 0;
      const changedSince = (v: number | undefined, to: number) =>
        v !== undefined && v > from && v <= to;
      const directoryChangedUpTo = async (to: number) =>
        from === 0 ||
        changedSince(team?.directory_version, to) ||
        (
          await tx.query(
            `SELECT 1 FROM departments WHERE team_id = $1 AND version > $2 AND version <= $3
             LIMIT 1`,
            [teamId, from, to],
          )
        ).length > 0;
      const [settingsRow] = await tx.query<{ data: TeamSettings; version: number }>(
        'SELECT data, version FROM team_settings WHERE team_id = $1',
        [teamId],
      );
      const settingsChangedUpTo = (to: number) =>
        from === 0 || changedSince(settingsRow?.version, to);
      // The directory and settings this page may bring take their room first.
      const directory = (await directoryChangedUpTo(teamVersion))
        ? await loadDirectory(tx, teamId)
        : null;
      const settings = settingsChangedUpTo(teamVersion)
        ? (settingsRow?.data ?? DEFAULT_TEAM_SETTINGS)
        : null;
      let bytes = byteLength(JSON.stringify({ directory, settings })) + ENVELOPE_BYTES;

      // The sizes of the items and received mentions, in one version order, read a few at a
      // time, more each time: a page of large rows is decided from its first rows, one of
      // small rows from more of them.
      const page: {
        mention: boolean;
        tweet_id: string;
        version: number;
        json_bytes: number | null;
      }[] = [];
      let more = false;
      for (let chunk = 64; ; chunk *= 2) {
        const after = page.at(-1)?.version ?? from;
        const rows = await tx.query<(typeof page)[number]>(
          `(SELECT false AS mention, tweet_id, version, json_bytes FROM assignments
            WHERE team_id = $1 AND version > $2 ORDER BY version LIMIT $3)
           UNION ALL
           (SELECT true, tweet_id, version, json_bytes FROM mentions
            WHERE team_id = $1 AND version > $2 ORDER BY version LIMIT $3)
           ORDER BY version LIMIT $3`,
          [teamId, after, chunk],
        );
        for (const row of rows) {
          // An item or a mention, or a removed id (in quotes), and the comma before it.
          const size = (row.json_bytes ?? byteLength(row.tweet_id) + 2) + 1;
          if (page.length === limit || (page.length > 0 && bytes + size > PULL_PAGE_BYTES)) {
            more = true;
            break;
          }
          bytes += size;
          page.push(row);
        }
        if (more || rows.length < chunk) break;
      }
      const cursor = more ? page[page.length - 1]!.version : teamVersion;
      const items =
        page.length === 0
          ? []
          : await tx.query<{ json: string }>(
              `SELECT data::text AS json FROM assignments
               WHERE team_id = $1 AND version > $2 AND version <= $3 AND data IS NOT NULL
               ORDER BY version`,
              [teamId, from, page[page.length - 1]!.version],
            );
      const mentions = !page.some((r) => r.mention)
        ? []
        : await tx.query<{ json: string }>(
            `SELECT data::text AS json FROM mentions
             WHERE team_id = $1 AND version > $2 AND version <= $3 ORDER BY version`,
            [teamId, from, page[page.length - 1]!.version],
          );
      const shared: Omit<PullResponse, 'assignments' | 'mentions' | 'lastMutationId' | 'reset'> = {
        cursor,
        // Also from cursor 0: a client whose cursor was from the future may hold them.
        removedAssignmentIds: page
          .filter((r) => !r.mention && r.json_bytes === null)
          .map((r) => r.tweet_id),
        directory: directory && more && !(await directoryChangedUpTo(cursor)) ? null : directory,
        settings: more && !settingsChangedUpTo(cursor) ? null : settings,
        more,
        epoch: team?.epoch ?? '',
      };
      const tail = JSON.stringify(shared);
      return {
        page: {
          // The closing brace is left for the per-browser fields.
          json:
            `{"assignments":[${items.map((r) => r.json).join(',')}],` +
            `"mentions":[${mentions.map((r) => r.json).join(',')}],${tail.slice(1, -1)}`,
          cursor,
          more,
          rows: page.length,
        },
        key: { ...key, epoch: team?.epoch ?? '', version: teamVersion },
      };
    },
    { readOnly: true, repeatableRead: true },
  );
}

/** Room for what a pull answer holds besides its items, directory and settings. */
const ENVELOPE_BYTES = 512;

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

/** The team's current version (what a `changed` event announces). */
export async function teamVersion(db: Queryable, teamId: string): Promise<number> {
  const [row] = await db.query<{ version: number }>('SELECT version FROM teams WHERE id = $1', [
    teamId,
  ]);
  return row?.version ?? 0;
}
