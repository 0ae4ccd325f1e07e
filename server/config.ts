import { DEFAULT_MAX_DATABASE_WAIT_MS } from './admission';

/** Command-line flags and environment variables of the server and admin commands. */
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

export const DEFAULT_DATA_DIR = 'server-data';

/** Where the data lives: `DATABASE_URL` (PostgreSQL), else the PGlite folder. */
export function storeOptions(flags: Map<string, string>, env = process.env) {
  const databaseUrl = env.DATABASE_URL || undefined;
  return databaseUrl
    ? { databaseUrl }
    : { dataDir: flags.get('data') ?? env.TANGGAP_DATA_DIR ?? DEFAULT_DATA_DIR };
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
    maxDatabaseWaitMs: positiveInteger(
      env,
      'TANGGAP_MAX_DATABASE_WAIT_MS',
      DEFAULT_MAX_DATABASE_WAIT_MS,
    ),
  };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}
