/**
 * Retention: what the server forgets, and when, without breaking a browser's sync
 * (docs/sync.md, "Retention"). The server runs `purge` on a timer (`startPurging`) and
 * `npm run admin -- purge` runs it once.
 *
 * Each rule is its own short transaction, so a purge never holds a team's lock for long. Each
 * takes an advisory lock first: while one instance purges, the others skip the run. Every rule
 * is also safe run twice or side by side: it only deletes what no browser needs any more.
 *
 * The sync horizon: each run marks every team's version with the time. The version a team
 * had a horizon ago becomes its `purged_version`; removals (tombstones) up to it are deleted,
 * and so is each client's progress up to it but its last. A browser whose cursor is behind it
 * and that has not pulled from nothing since is told to (`reset`, in `sync.ts`): it may hold
 * an item only a purged removal would have taken away.
 */
import type { RetentionRules } from './config';
import { errorFields } from './errors';
import { log } from './log';
import { isDatabaseUnreachable, type Queryable, type Store } from './store';

/** Rows each rule deleted. */
export interface Purged {
  tombstones: number;
  /** Received mentions last changed before the horizon. */
  mentions: number;
  progress: number;
  refusals: number;
  tokens: number;
}

/** Expired and revoked logins are kept this long: until then the officer is told why. */
export const TOKEN_GRACE_DAYS = 7;
/** Any number; the same on every instance. */
export const PURGE_LOCK_KEY = 7_261_006;
const DAY_MS = 86_400_000;

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** One rule in its own transaction; null when another instance holds the purge's lock. */
async function underLock(
  store: Store,
  fn: (tx: Queryable) => Promise<number>,
): Promise<number | null> {
  return store.transaction(async (tx) => {
    const [lock] = await tx.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [
      PURGE_LOCK_KEY,
    ]);
    return lock?.got ? fn(tx) : null;
  });
}

async function deleted(tx: Queryable, sql: string, params: unknown[]): Promise<number> {
  const [row] = await tx.query<{ n: number | string }>(
    `WITH gone AS (${sql} RETURNING 1) SELECT count(*) AS n FROM gone`,
    params,
  );
  return Number(row?.n ?? 0);
}

/** Marks each team's version now, and moves its horizon to the version marked a horizon ago. */
async function moveHorizons(tx: Queryable, now: Date, horizonDays: number): Promise<number> {
  await tx.query(
    `INSERT INTO team_version_marks (team_id, at, version)
     SELECT id, $1, version FROM teams ON CONFLICT DO NOTHING`,
    [now],
  );
  const moved = await tx.query(
    `UPDATE teams t SET purged_version = m.version, purged_before = m.at
     FROM (SELECT DISTINCT ON (team_id) team_id, at, version FROM team_version_marks
           WHERE at <= $1 ORDER BY team_id, at DESC) m
     WHERE t.id = m.team_id AND m.version > t.purged_version
     RETURNING t.id`,
    [daysBefore(now, horizonDays)],
  );
  await tx.query(
    `DELETE FROM team_version_marks m USING teams t
     WHERE m.team_id = t.id AND m.at < t.purged_before`,
  );
  return moved.length;
}

/**
 * Deletes what no browser needs any more (`now`: the server's clock). Null when another
 * instance is purging.
 */
export async function purge(
  store: Store,
  rules: RetentionRules,
  now: Date,
): Promise<Purged | null> {
  // The horizon is committed before the rows behind it go: a pull in between still sees
  // them, and resets a browser behind it all the same.
  const moved = await underLock(store, (tx) => moveHorizons(tx, now, rules.syncHorizonDays));
  if (moved === null) return null;
  const rule = async (sql: string, params: unknown[] = []) =>
    (await underLock(store, (tx) => deleted(tx, sql, params))) ?? 0;
  return {
    tombstones: await rule(
      `DELETE FROM assignments a USING teams t
       WHERE a.team_id = t.id AND a.data IS NULL AND a.version <= t.purged_version`,
    ),
    // The sync horizon's rule: a browser keeps what it pulled; one that pulls everything
    // again gets the team's mentions since the horizon.
    mentions: await rule(
      `DELETE FROM mentions m USING teams t
       WHERE m.team_id = t.id AND m.version <= t.purged_version`,
    ),
    // A client's last progress up to the horizon stays: pulls answer it for every page up to
    // there, and a push skips the ids below it as answered.
    progress: await rule(
      `DELETE FROM client_progress p USING (
         SELECT q.client_id, max(q.last_mutation_id) AS last, t.purged_version
         FROM client_progress q JOIN clients c ON c.client_id = q.client_id
         JOIN teams t ON t.id = c.team_id
         WHERE q.version <= t.purged_version GROUP BY q.client_id, t.purged_version) k
       WHERE p.client_id = k.client_id AND p.version <= k.purged_version
       AND p.last_mutation_id < k.last`,
    ),
    refusals: await rule('DELETE FROM refusals WHERE at < $1', [
      daysBefore(now, rules.refusalDays),
    ]),
    tokens: await rule('DELETE FROM tokens WHERE expires_at < $1 OR revoked_at < $1', [
      daysBefore(now, TOKEN_GRACE_DAYS),
    ]),
  };
}

export function describePurged(p: Purged): string {
  return Object.entries(p)
    .map(([rule, n]) => `${rule}=${n}`)
    .join(' ');
}

export interface PurgeSchedule {
  rules: RetentionRules;
  intervalMs: number;
  /** The first run, shortly after the start (default a minute). */
  firstAfterMs?: number;
  now?: () => Date;
}

/** Purges on a timer, one run at a time; returns the function that stops it. */
export function startPurging(store: Store, schedule: PurgeSchedule): () => Promise<void> {
  const now = schedule.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = async () => {
    try {
      const purged = await purge(store, schedule.rules, now());
      if (purged && Object.values(purged).some((n) => n > 0)) {
        log.info('retention.purged', { ...purged });
      }
    } catch (error) {
      // The next run tries again; a database that is away is said by the requests already.
      if (!isDatabaseUnreachable(error)) {
        log.error('retention.failed', errorFields(error));
      }
    }
  };
  const next = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run().then(() => next(schedule.intervalMs));
    }, ms);
    timer.unref();
  };
  next(schedule.firstAfterMs ?? 60_000);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
