/**
 * Pull: each browser's copy of the team's one order of changes (push.ts makes it).
 * `docs/sync.md` says what they promise, and how conflicts resolve the same way for everyone.
 *
 * A pull page is read in one snapshot (one statement for a page of a few changes, a REPEATABLE
 * READ transaction for a larger one): rows with a version above the cursor, in version
 * order. Versions are taken under the team lock and committed with it, so a snapshot that
 * sees the team at version V sees every row up to V: a watcher never misses a change. A
 * cursor behind the retention's horizon (`retention.ts`) starts again from 0. A page is
 * bounded in bytes as well as in items (`PULL_PAGE_BYTES`).
 */
import { sortDirectory } from '../utils/domain/sync-mutations';
import { DEFAULT_TEAM_SETTINGS, type TeamSettings } from '../utils/domain/settings';
import type { PullRequest, PullResponse } from '../utils/domain/sync-protocol';
import type { Department } from '../utils/domain/types';
import {
  authenticate,
  bearerTokenHash,
  type Session,
  sessionOf,
  TOKEN_SESSION_COLUMNS,
  TOKEN_SESSION_FROM,
  type TokenSessionRow,
} from './auth';
import { DISK_FULL_CODE, errorFields, HttpError } from './errors';
import { log } from './log';
import { countDatabaseFailure } from './measured-store';
import type { PageKey, PageCache, SharedPage } from './page-cache';
import type { Connection, Queryable, Store } from './store';

export const CHANGES_CHANNEL = 'tanggap_changes';

/** A team as a committed push left it: what an announcement of that push starts from. */
export interface TeamHead {
  version: number;
  epoch: string;
  /** Removals up to this version were purged by the retention. */
  purgedVersion: number;
}

/**
 * What `CHANGES_CHANNEL` says of a commit: its team, and the team's head after it when the
 * notice carries it (JSON, as a push sends it); a bare team id (a server before this one)
 * carries none.
 */
export function readChangedNotice(payload: string): { teamId: string; head?: TeamHead } {
  if (!payload.startsWith('{')) return { teamId: payload };
  const notice = JSON.parse(payload) as {
    team: string;
    version: number;
    epoch: string;
    purged: number;
  };
  return {
    teamId: notice.team,
    head: {
      version: Number(notice.version),
      epoch: notice.epoch,
      purgedVersion: Number(notice.purged),
    },
  };
}

/** The notice of a commit that moved `teamId` to `head` (`readChangedNotice` reads it). */
export function changedNotice(teamId: string, head: TeamHead): string {
  return JSON.stringify({
    team: teamId,
    version: head.version,
    epoch: head.epoch,
    purged: head.purgedVersion,
  });
}

/** 403: another team's account first used this client id. */
export function foreignClient(): never {
  throw new HttpError(403, 'forbidden', 'This client id cannot be used with this account');
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

/** Items and mentions in a pull answer when the browser asks for no other number. */
export const DEFAULT_PULL_LIMIT = 2_000;

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
  const head = await pullHead(store, hash, req, now);
  const page = await pages.page(head.key, () => buildPageOnce(store, head.key));
  return pulledPage(store, req, head, page);
}

/** What a pull reads before its page: the login, the page's key, the client's progress. */
interface PullStart {
  session: Session;
  key: PageKey;
  purged: number;
  /** The client's last mutation id at the team's version (`key.version`). */
  lastMutationId: number;
}

/**
 * The team and the client as a page starts from them: read with a pull's first statement, or
 * as a push's write left them (`push.ts`), which spares the page after a push that read.
 */
export interface TeamAndClient {
  version: number;
  epoch: string;
  purgedVersion: number;
  purgedBefore: Date | null;
  /** When this client last pulled from nothing (its items were replaced then). */
  replacedAt: Date | null;
  /** The client's last mutation id at `version`. */
  lastMutationId: number;
}

async function pullHead(
  db: Queryable,
  hash: string,
  req: PullRequest,
  now: Date,
): Promise<PullStart> {
  const [head] = await db.query<PullHead>(
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
  return pullStart(session, req, {
    version: Number(head!.version),
    epoch: head!.epoch,
    purgedVersion: Number(head!.purged_version),
    purgedBefore: head!.purged_before,
    replacedAt: head!.replaced_at,
    lastMutationId: Number(head!.last_mutation_id ?? 0),
  });
}

function pullStart(session: Session, req: PullRequest, state: TeamAndClient): PullStart {
  // Everything again for a cursor from the future (the database was restored from a backup),
  // and for one behind removals the retention purged, unless this browser has pulled from
  // nothing since they were (its items were replaced: it holds none of them).
  const replacedSincePurge =
    !!state.replacedAt &&
    !!state.purgedBefore &&
    new Date(state.replacedAt).getTime() >= new Date(state.purgedBefore).getTime();
  const behindPurge = req.cursor < state.purgedVersion && !replacedSincePurge;
  const from = req.cursor > state.version || behindPurge ? 0 : req.cursor;
  const key = {
    teamId: session.team.id,
    epoch: state.epoch,
    from,
    version: state.version,
    limit: req.limit ?? DEFAULT_PULL_LIMIT,
  };
  return { session, key, purged: state.purgedVersion, lastMutationId: state.lastMutationId };
}

/** The answer of a pull that read `head`, with `page`: the page and this client's fields. */
async function pulledPage(
  db: Queryable,
  req: PullRequest,
  { session, key, purged, lastMutationId: atVersion }: PullStart,
  page: SharedPage,
): Promise<PulledPage> {
  // Up to the purge, a client keeps only its last mutation's progress: all before it counts
  // as confirmed, even on a page that ends before it.
  const lastMutationId =
    page.cursor === key.version
      ? atVersion
      : await progressAt(db, req.clientId, Math.max(page.cursor, purged));
  return {
    json: `${page.json},"lastMutationId":${lastMutationId},"reset":${key.from !== req.cursor}}`,
    rows: page.rows,
    session,
  };
}

/**
 * The page a push's answer carries (`PushPageQuery`): the pull from the browser's cursor, read
 * once the push has committed, so it holds the push's effects and its refusals' true state, and
 * confirms its mutations by `lastMutationId`. It only spares the browser a pull: when it cannot
 * be built, the push is still answered, without it, and the browser pulls.
 *
 * Read on the push's connection `db`, in the push's turn for the database: the page at the
 * version the push's write left the team at (`written`; one statement for a few changes), or,
 * when the push wrote nothing, as a pull reads it, the head first. A kept page is used, but
 * one being built by another request is not waited for, as this would hold a connection while
 * that build may wait for one. For cursor 0, `firstPageAfterPush`.
 */
export function pageAfterPush(
  db: Connection,
  authorization: string | undefined,
  req: PullRequest,
  now: Date,
  pages: PageCache,
  written?: { session: Session; state: TeamAndClient },
): Promise<PulledPage | null> {
  return orNone(req, async () => {
    try {
      const head = written
        ? pullStart(written.session, req, written.state)
        : await pullHead(db, bearerTokenHash(authorization), req, now);
      let page = pages.kept(head.key);
      if (!page) {
        const built = await buildPage(db, head.key);
        pages.keep(built.key, built.page);
        page = built.page;
      }
      // A purge since the write moved the horizon past the cursor: the page may lack removals
      // the browser holds. A pull decides whether it starts again from nothing.
      if (page.purgedVersion > head.purged && head.key.from < page.purgedVersion) return null;
      return await pulledPage(db, req, head, page);
    } catch (error) {
      // Read on the push's connection, whose turn ends after: counted here, not by the store.
      countDatabaseFailure(error);
      throw error;
    }
  });
}

/**
 * The page after a login's first push (cursor 0): an ordinary pull, which records itself, in a
 * turn of its own for the database once the push's is over.
 */
export function firstPageAfterPush(
  store: Store,
  authorization: string | undefined,
  req: PullRequest,
  now: Date,
  pages: PageCache,
): Promise<PulledPage | null> {
  return orNone(req, () => pull(store, authorization, req, now, pages));
}

/** The page `read` gives, or none when it cannot be read. */
async function orNone(
  req: PullRequest,
  read: () => Promise<PulledPage | null>,
): Promise<PulledPage | null> {
  try {
    return await read();
  } catch (error) {
    // A busy database is expected under load, and said by the metrics; a session that ended
    // since the push is the browser's next answer: neither is worth a log line.
    if (!(error instanceof HttpError && (error.status < 500 || error.status === 503))) {
      log.warn('push.page-failed', { cursor: req.cursor, ...errorFields(error) });
    }
    return null;
  }
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
 * The page from `key.from`, read in one snapshot at the team's version then (at least
 * `key.version`: versions only grow). The directory and settings come when they changed after
 * `from`. A page of a few changes (the usual one: after a push, for an event, for a browser
 * that was away a moment) is read by one statement, without a transaction; a larger one in a
 * REPEATABLE READ transaction.
 */
async function buildPage(
  db: Connection,
  key: PageKey,
): Promise<{ page: SharedPage; key: PageKey }> {
  const whole = wholePage(key, await readPageStart(db, key));
  if (whole) return whole;
  return db.transaction((tx) => buildPageIn(tx, key), { readOnly: true, repeatableRead: true });
}

/** `buildPage` in one turn for the database: a page larger than its first statement waits once. */
function buildPageOnce(store: Store, key: PageKey): Promise<{ page: SharedPage; key: PageKey }> {
  return store.connection((db) => buildPage(db, key));
}

/** `buildPage` in the REPEATABLE READ transaction `tx`. */
async function buildPageIn(
  tx: Queryable,
  key: PageKey,
): Promise<{ page: SharedPage; key: PageKey }> {
  const start = await readPageStart(tx, key);
  return wholePage(key, start) ?? (await finishPage(tx, key, start));
}

/** A row of a page, in version order: an item, a removed item's id, or a received mention. */
interface PageRow {
  mention: boolean;
  tweet_id: string;
  version: number;
  /** Null: a removed item. */
  json_bytes: number | null;
  /** Its JSON, when the page's first statement read it. */
  json?: string | null;
}

/** What a page's first statement reads. */
interface PageStart {
  version: number;
  epoch: string;
  purgedVersion: number;
  directoryVersion: number | undefined;
  settingsRow: { data: TeamSettings; version: number } | undefined;
  /** The directory when it changed after `from` (up to the team's version), or null. */
  directory: Department[] | null;
  /** Up to `FIRST_ROWS` rows after `from`. */
  rows: PageRow[];
}

/** Rows the first statement reads: more than a page after a push or an event usually holds. */
const FIRST_ROWS = 64;
/** Bytes of items whose JSON the first statement reads, in version order. */
const FIRST_JSON_BYTES = 64_000;

type PageStartRow = {
  version: number;
  epoch: string;
  purged_version: number;
  directory_version: number;
  settings: TeamSettings | null;
  settings_version: number | null;
  directory: Department[] | null;
  rows: [boolean, string, number, number | null, string | null][];
};

/**
 * The team, its settings, its directory when it changed after `from`, and the first rows after
 * `from` with the JSON of those within `FIRST_JSON_BYTES`: in one statement (one snapshot).
 */
async function readPageStart(db: Queryable, { teamId, from }: PageKey): Promise<PageStart> {
  const [row] = await db.query<PageStartRow>(
    `SELECT t.version, t.epoch, t.purged_version, t.directory_version, s.data AS settings,
       s.version AS settings_version,
       CASE WHEN $2::bigint = 0 OR t.directory_version > $2::bigint OR EXISTS (
              SELECT 1 FROM departments d
              WHERE d.team_id = $1 AND d.version > $2::bigint AND d.version <= t.version)
         THEN (SELECT coalesce(json_agg(d.data), '[]') FROM departments d
               WHERE d.team_id = $1 AND NOT d.deleted)
       END AS directory,
       (SELECT coalesce(json_agg(json_build_array(r.mention, r.tweet_id, r.version, r.json_bytes,
                 CASE WHEN r.bytes_through <= $4 THEN r.data::text END) ORDER BY r.version), '[]')
        FROM (SELECT u.*, sum(coalesce(u.json_bytes, 0)) OVER (ORDER BY u.version) AS bytes_through
              FROM ((SELECT false AS mention, tweet_id, version, json_bytes, data FROM assignments
                     WHERE team_id = $1 AND version > $2::bigint ORDER BY version LIMIT $3)
                    UNION ALL
                    (SELECT true, tweet_id, version, json_bytes, data FROM mentions
                     WHERE team_id = $1 AND version > $2::bigint ORDER BY version LIMIT $3)
                    ORDER BY version LIMIT $3) u) r) AS rows
     FROM teams t LEFT JOIN team_settings s ON s.team_id = t.id
     WHERE t.id = $1`,
    [teamId, from, FIRST_ROWS, FIRST_JSON_BYTES],
  );
  return {
    version: Number(row?.version ?? 0),
    epoch: row?.epoch ?? '',
    purgedVersion: Number(row?.purged_version ?? 0),
    directoryVersion: row ? Number(row.directory_version) : undefined,
    settingsRow:
      row?.settings == null
        ? undefined
        : { data: row.settings, version: Number(row.settings_version) },
    directory: row?.directory ? sortDirectory(row.directory) : null,
    rows: (row?.rows ?? []).map(([mention, tweetId, version, jsonBytes, json]) => ({
      mention,
      tweet_id: tweetId,
      version: Number(version),
      json_bytes: jsonBytes,
      json,
    })),
  };
}

/** The settings a page brings: when they changed after `from` (up to the team's version). */
function pageSettings({ from }: PageKey, { settingsRow, version }: PageStart): TeamSettings | null {
  return changedAfter(from, settingsRow?.version, version)
    ? (settingsRow?.data ?? DEFAULT_TEAM_SETTINGS)
    : null;
}

/** From cursor 0 everything counts as changed; otherwise a version after `from`, up to `to`. */
const changedAfter = (from: number, v: number | undefined, to: number) =>
  from === 0 || (v !== undefined && v > from && v <= to);

/** A page being filled: its rows, its bytes so far, whether rows are left past it. */
interface PageFill {
  rows: PageRow[];
  bytes: number;
  more: boolean;
}

function emptyFill(key: PageKey, start: PageStart): PageFill {
  const settings = pageSettings(key, start);
  const head = JSON.stringify({ directory: start.directory, settings });
  return { rows: [], bytes: byteLength(head) + ENVELOPE_BYTES, more: false };
}

/** Takes `rows` (in version order) into the page while they fit. */
function fill(page: PageFill, rows: readonly PageRow[], limit: number): void {
  for (const row of rows) {
    // An item or a mention, or a removed id (in quotes), and the comma before it.
    const size = (row.json_bytes ?? byteLength(row.tweet_id) + 2) + 1;
    if (
      page.rows.length === limit ||
      (page.rows.length > 0 && page.bytes + size > PULL_PAGE_BYTES)
    ) {
      page.more = true;
      return;
    }
    page.bytes += size;
    page.rows.push(row);
  }
}

/** Where a page ends: at its last row when rows are left past it, else at the team's version. */
const pageCursor = (page: PageFill, start: PageStart) =>
  page.more ? page.rows.at(-1)!.version : start.version;

/**
 * The page when the first statement read it whole (every row after `from`, all of them
 * fitting, each item's JSON read), or null.
 */
function wholePage(key: PageKey, start: PageStart): { page: SharedPage; key: PageKey } | null {
  if (start.rows.length === FIRST_ROWS) return null;
  const page = emptyFill(key, start);
  fill(page, start.rows, key.limit);
  if (page.more || page.rows.some((r) => r.json_bytes !== null && typeof r.json !== 'string')) {
    return null;
  }
  const json = (mention: boolean) =>
    page.rows.filter((r) => r.mention === mention && r.json_bytes !== null).map((r) => r.json!);
  return sharedPage(key, start, page, {
    items: json(false),
    mentions: json(true),
    directory: start.directory,
  });
}

/** The page whatever its size, in the REPEATABLE READ transaction `tx` `start` was read in. */
async function finishPage(
  tx: Queryable,
  key: PageKey,
  start: PageStart,
): Promise<{ page: SharedPage; key: PageKey }> {
  const { teamId, from, limit } = key;
  // The sizes of the items and received mentions, in one version order, read a few at a
  // time, more each time: a page of large rows is decided from its first rows, one of
  // small rows from more of them.
  const page = emptyFill(key, start);
  fill(page, start.rows, limit);
  let chunk = FIRST_ROWS;
  let read = start.rows.length;
  while (!page.more && read === chunk) {
    chunk *= 2;
    const rows = await tx.query<PageRow>(
      `(SELECT false AS mention, tweet_id, version, json_bytes FROM assignments
        WHERE team_id = $1 AND version > $2 ORDER BY version LIMIT $3)
       UNION ALL
       (SELECT true, tweet_id, version, json_bytes FROM mentions
        WHERE team_id = $1 AND version > $2 ORDER BY version LIMIT $3)
       ORDER BY version LIMIT $3`,
      [teamId, page.rows.at(-1)?.version ?? from, chunk],
    );
    fill(page, rows, limit);
    read = rows.length;
  }
  const last = page.rows.at(-1)?.version;
  const items =
    last === undefined
      ? []
      : await tx.query<{ json: string }>(
          `SELECT data::text AS json FROM assignments
           WHERE team_id = $1 AND version > $2 AND version <= $3 AND data IS NOT NULL
           ORDER BY version`,
          [teamId, from, last],
        );
  const mentions = !page.rows.some((r) => r.mention)
    ? []
    : await tx.query<{ json: string }>(
        `SELECT data::text AS json FROM mentions
         WHERE team_id = $1 AND version > $2 AND version <= $3 ORDER BY version`,
        [teamId, from, last],
      );
  // A page that stops short brings the directory only when it changed up to its end.
  const cursor = pageCursor(page, start);
  const directoryChangedUpTo = async (to: number) =>
    changedAfter(from, start.directoryVersion, to) ||
    (
      await tx.query(
        `SELECT 1 FROM departments WHERE team_id = $1 AND version > $2 AND version <= $3
         LIMIT 1`,
        [teamId, from, to],
      )
    ).length > 0;
  const directory =
    start.directory && page.more && !(await directoryChangedUpTo(cursor)) ? null : start.directory;
  return sharedPage(key, start, page, {
    items: items.map((r) => r.json),
    mentions: mentions.map((r) => r.json),
    directory,
  });
}

/** The page of `page`'s rows, as every browser pulling it is sent. */
function sharedPage(
  key: PageKey,
  start: PageStart,
  page: PageFill,
  content: { items: string[]; mentions: string[]; directory: Department[] | null },
): { page: SharedPage; key: PageKey } {
  const cursor = pageCursor(page, start);
  const settings = pageSettings(key, start);
  const shared: Omit<PullResponse, 'assignments' | 'mentions' | 'lastMutationId' | 'reset'> = {
    cursor,
    // Also from cursor 0: a client whose cursor was from the future may hold them.
    removedAssignmentIds: page.rows
      .filter((r) => !r.mention && r.json_bytes === null)
      .map((r) => r.tweet_id),
    directory: content.directory,
    settings:
      page.more && !changedAfter(key.from, start.settingsRow?.version, cursor) ? null : settings,
    more: page.more,
    epoch: start.epoch,
  };
  const tail = JSON.stringify(shared);
  return {
    page: {
      // The closing brace is left for the per-browser fields.
      json:
        `{"assignments":[${content.items.join(',')}],` +
        `"mentions":[${content.mentions.join(',')}],${tail.slice(1, -1)}`,
      cursor,
      more: page.more,
      rows: page.rows.length,
      purgedVersion: start.purgedVersion,
    },
    key: { ...key, epoch: start.epoch, version: start.version },
  };
}

/** Room for what a pull answer holds besides its items, directory and settings. */
const ENVELOPE_BYTES = 512;

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * The most a `changed` event's page holds, in characters of its JSON string (UTF-16 code units,
 * `string.length`: up to three bytes each in UTF-8). A page this small costs each stream little
 * to carry; a larger one (a burst of changes, a new directory) is left
 * for the browsers to pull, as is a page with `more`.
 */
export const EVENT_PAGE_CHARS = 64_000;

/** A `changed` event: the cursor it announces, and its data as sent. */
export interface ChangedEvent {
  cursor: number;
  json: string;
  /**
   * Why it carries no page: nothing to base one on (nothing told yet, nothing new, removals
   * purged), too large for an event, or a failure building it.
   */
  pageLeftOut?: 'none' | 'too-large' | 'failed';
}

/**
 * The `changed` event for a team whose streams were last told of version `since` (undefined
 * when this instance has told them nothing yet): the team's version, and the page from
 * `since` to it when the page is small and whole. That page is the one every browser at
 * `since` would pull (the same key in `pages`), so it is built once, for the streams and the
 * pulls alike. It leaves out each browser's own `lastMutationId` and `reset`: a browser takes
 * the page only from a cursor at or past `since` in the page's epoch, with no change waiting.
 *
 * The team's head is read first, unless the notice of the commit said it (`heard`): then an
 * announcement whose page is kept already costs the database nothing.
 *
 * Null when the streams were told of the team's version already (a notification for a commit
 * the last announcement's read saw): the same cursor again would only make a browser still
 * taking that announcement's page sync, and pull.
 */
export async function changedEvent(
  db: Store,
  pages: PageCache,
  teamId: string,
  since: number | undefined,
  heard?: TeamHead,
): Promise<ChangedEvent | null> {
  const team = heard ?? (await readTeamHead(db, teamId));
  const version = team?.version ?? 0;
  const cursorOnly = (pageLeftOut: ChangedEvent['pageLeftOut']) => ({
    cursor: version,
    json: JSON.stringify({ cursor: version }),
    pageLeftOut,
  });
  if (team && since === version) return null;
  // Nothing told yet; a version gone back; removals the retention purged after it. A restore
  // is not detected here: its page carries the new epoch, which a browser of the old one does
  // not take (it pulls).
  if (!team || since === undefined || since <= 0 || since > version) return cursorOnly('none');
  if (since < team.purgedVersion) return cursorOnly('none');
  const key = { teamId, epoch: team.epoch, from: since, version, limit: DEFAULT_PULL_LIMIT };
  let page: SharedPage;
  try {
    page = await pages.page(key, () => buildPageOnce(db, key));
  } catch (error) {
    // The page only spares the browsers a pull: without it they are still told, and pull.
    log.warn('events.page-failed', { team: teamId, from: since, version, ...errorFields(error) });
    return cursorOnly('failed');
  }
  // A page read after a purge past `since` (one the notice's head predates) lacks removals
  // the browsers at `since` still hold: they pull, and start again from nothing.
  if (since < page.purgedVersion) return cursorOnly('none');
  if (page.more || page.json.length > EVENT_PAGE_CHARS) return cursorOnly('too-large');
  return {
    cursor: page.cursor,
    // The page's JSON is left open for the per-browser fields: closed here without them.
    json: `{"cursor":${page.cursor},"from":${since},"page":${page.json}}}`,
  };
}

async function readTeamHead(db: Queryable, teamId: string): Promise<TeamHead | null> {
  const [team] = await db.query<{ version: number; epoch: string; purged_version: number }>(
    'SELECT version, epoch, purged_version FROM teams WHERE id = $1',
    [teamId],
  );
  return team
    ? {
        version: Number(team.version),
        epoch: team.epoch,
        purgedVersion: Number(team.purged_version),
      }
    : null;
}

/** The team's current version (what a `ready` event tells). */
export async function teamVersion(db: Queryable, teamId: string): Promise<number> {
  const [row] = await db.query<{ version: number }>('SELECT version FROM teams WHERE id = $1', [
    teamId,
  ]);
  return row?.version ?? 0;
}
