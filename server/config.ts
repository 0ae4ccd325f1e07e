/** Command-line flags and environment variables of the server and admin commands. */
import { MAX_PUSH_MUTATIONS } from '../utils/domain/sync-protocol';
import { DEFAULT_MAX_DATABASE_WAIT_MS } from './admission';

export interface Args {
  command: string;
  flags: Map<string, string>;
}

/** `cmd --name value --switch` → command and flags (a flag without a value is "true"). */
export function parseArgs(argv: readonly string[]): Args {
  const [command = '', ...rest] = argv;
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i]!;
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}"`);
    const next = rest[i + 1];
    if (next === undefined || next.startsWith('--')) flags.set(arg.slice(2), 'true');
    else {
      flags.set(arg.slice(2), next);
      i += 1;
    }
  }
  return { command, flags };
}

export interface StreamLimits {
  /** Streams one login may hold at once (a few browsers' tabs reconnecting overlap). */
  perLogin: number;
  /** Streams the whole instance holds at once. */
  total: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { perLogin: 5, total: 1000 };

/** What the retention purge keeps (`retention.ts`; docs/sync.md, "Retention"). */
export interface RetentionRules {
  /**
   * Days after which removals (tombstones) and per-change progress are purged; a browser that
   * has not synced for longer pulls everything again.
   */
  syncHorizonDays: number;
  /** Days a refusal is kept for a browser that asks again about the change it refused. */
  refusalDays: number;
}

export const DEFAULT_RETENTION: RetentionRules = { syncHorizonDays: 30, refusalDays: 30 };
export const DEFAULT_PURGE_INTERVAL_MINUTES = 60;

/** What one user may write (docs/sync.md, "Per-user limits"). */
export interface UserLimits {
  /** Changes one user may push in a minute (429 with Retry-After past it). */
  changesPerMinute: number;
  /** Refusals kept for one user's browsers; past it the oldest go. */
  refusalsPerUser: number;
}

export const DEFAULT_USER_LIMITS: UserLimits = { changesPerMinute: 300, refusalsPerUser: 1000 };

export const DEFAULT_DATA_DIR = 'server-data';

/** Where the data lives: `DATABASE_URL` (PostgreSQL), else the PGlite folder. */
export function storeOptions(flags: Map<string, string>, env = process.env) {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl) return { databaseUrl };
  const dataDir = flags.get('data') ?? env.TANGGAP_DATA_DIR ?? DEFAULT_DATA_DIR;
  if (env.TANGGAP_MIN_FREE_DISK_MB === undefined) return { dataDir };
  const minFreeMb = Number(env.TANGGAP_MIN_FREE_DISK_MB);
  // Below one WAL segment (16 MB) PostgreSQL could fail its next WAL write before we refuse.
  if (!Number.isInteger(minFreeMb) || minFreeMb < 16) {
    throw new Error('TANGGAP_MIN_FREE_DISK_MB must be a whole number of MB, at least 16');
  }
  return { dataDir, minFreeBytes: minFreeMb * 1024 * 1024 };
}

export function describeStore(opts: { databaseUrl?: string; dataDir?: string }): string {
  if (opts.databaseUrl) {
    const url = new URL(opts.databaseUrl);
    return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  }
  return `PGlite in ${opts.dataDir}/`;
}

export function serverConfig(flags: Map<string, string>, env = process.env) {
  const port = Number(flags.get('port') ?? env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('PORT must be a port');
  const tokenHours = Number(env.TANGGAP_TOKEN_HOURS ?? 12);
  if (!(tokenHours > 0)) throw new Error('TANGGAP_TOKEN_HOURS must be a positive number');
  const streamLimits = {
    perLogin: positiveInteger(env, 'TANGGAP_MAX_STREAMS_PER_LOGIN', DEFAULT_STREAM_LIMITS.perLogin),
    total: positiveInteger(env, 'TANGGAP_MAX_STREAMS', DEFAULT_STREAM_LIMITS.total),
  };
  return {
    port,
    host: flags.get('host') ?? env.HOST ?? '127.0.0.1',
    allowedOrigins: (env.TANGGAP_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    tokenHours,
    trustProxy: env.TANGGAP_TRUST_PROXY === '1',
    streamLimits,
    ...(env.TANGGAP_METRICS_TOKEN ? { metricsToken: env.TANGGAP_METRICS_TOKEN } : {}),
    maxDatabaseWaitMs: positiveInteger(
      env,
      'TANGGAP_MAX_DATABASE_WAIT_MS',
      DEFAULT_MAX_DATABASE_WAIT_MS,
    ),
    retention: retentionRules(env),
    userLimits: {
      changesPerMinute: atLeastOnePush(
        env,
        'TANGGAP_PUSH_CHANGES_PER_MINUTE',
        DEFAULT_USER_LIMITS.changesPerMinute,
      ),
      refusalsPerUser: atLeastOnePush(
        env,
        'TANGGAP_MAX_REFUSALS_PER_USER',
        DEFAULT_USER_LIMITS.refusalsPerUser,
      ),
    },
    purgeIntervalMinutes: positiveInteger(
      env,
      'TANGGAP_PURGE_INTERVAL_MINUTES',
      DEFAULT_PURGE_INTERVAL_MINUTES,
    ),
  };
}

export function retentionRules(env = process.env): RetentionRules {
  return {
    syncHorizonDays: positiveInteger(
      env,
      'TANGGAP_SYNC_HORIZON_DAYS',
      DEFAULT_RETENTION.syncHorizonDays,
    ),
    refusalDays: positiveInteger(env, 'TANGGAP_REFUSAL_DAYS', DEFAULT_RETENTION.refusalDays),
  };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

/** A limit that one push of the most changes a browser sends at once must fit in. */
function atLeastOnePush(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = positiveInteger(env, name, fallback);
  if (value < MAX_PUSH_MUTATIONS) throw new Error(`${name} must be at least ${MAX_PUSH_MUTATIONS}`);
  return value;
}
