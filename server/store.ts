/**
 * The database behind the sync server: one tiny interface with two implementations, PGlite
 * (embedded, in a folder or in memory) and PostgreSQL (`pg`). Both run the same SQL, so every
 * other module is written once. `openStore` also applies the migrations.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrate } from './migrations';

export type Row = Record<string, unknown>;

export interface Queryable {
  query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface TransactionOptions {
  readOnly?: boolean;
  repeatableRead?: boolean;
}

export interface Store extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  /**
   * Calls `fn` with each NOTIFY payload on `channel` (and `ANY_CHANGE` after a lost
   * connection came back); returns the function that stops it.
   */
  listen(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The payload a listener gets after its connection came back: anything may have changed. */
export const ANY_CHANGE = '*';

export interface StoreOptions {
  databaseUrl?: string;
  /** PGlite folder; omitted = in memory. */
  dataDir?: string;
  /** A PGlite data-folder dump to start from (tests start each database from a migrated one). */
  loadDataDir?: Blob;
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  const store = opts.databaseUrl
    ? postgresStore(opts.databaseUrl)
    : await pgliteStore(opts.dataDir, opts.loadDataDir);
  try {
    await migrate(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

function setTransaction(opts: TransactionOptions): string | null {
  const parts = [
    ...(opts.repeatableRead ? ['ISOLATION LEVEL REPEATABLE READ'] : []),
    ...(opts.readOnly ? ['READ ONLY'] : []),
  ];
  return parts.length > 0 ? `SET TRANSACTION ${parts.join(', ')}` : null;
}

async function pgliteStore(dataDir?: string, loadDataDir?: Blob): Promise<Store & { db: PGlite }> {
  const db = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  const unlock = dataDir ? await lockFolder(db, dataDir) : () => {};
  type Raw = { query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }> };
  const run = async <T>(q: Raw, sql: string, params?: unknown[]) =>
    (await q.query(sql, params)).rows as T[];
  return {
    kind: 'pglite',
    db,
    query: (sql, params) => run(db, sql, params),
    // PGlite is one connection: its transactions run one after the other, never interleaved.
    transaction: (fn, opts = {}) =>
      db.transaction(async (tx) => {
        const set = setTransaction(opts);
        if (set) await tx.query(set);
        return fn({ query: (sql, params) => run(tx, sql, params) });
      }),
    async listen(channel, fn) {
      const stop = await db.listen(channel, fn);
      return async () => {
        if (!db.closed) await stop();
      };
    },
    async close() {
      if (!db.closed) await db.close();
      unlock();
    },
  };
}

/**
 * A PGlite folder is one process's: a second one (an admin command while the server runs)
 * would corrupt it. The lock file names the process holding it.
 */
async function lockFolder(db: PGlite, dataDir: string): Promise<() => void> {
  const file = join(dataDir, 'tanggap.lock');
  let holder = 0;
  try {
    holder = Number(readFileSync(file, 'utf8'));
  } catch {
    // No lock yet.
  }
  if (holder && holder !== process.pid && alive(holder)) {
    await db.close();
    throw new Error(
      `The data folder ${dataDir} is in use by process ${holder} (the server?): stop it first, ` +
        'or start the server with --bootstrap-admin, or use PostgreSQL (DATABASE_URL)',
    );
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// bigint (versions, ids, counts) as numbers: they stay far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as never,
};

/** How long getting a connection may take before the database counts as unreachable. */
const CONNECT_TIMEOUT_MS = 5_000;
/** Connections an instance holds to PostgreSQL: transactions it runs at once. */
export const POSTGRES_POOL_SIZE = 10;

function postgresStore(connectionString: string): Store {
  const config = { connectionString, types, connectionTimeoutMillis: CONNECT_TIMEOUT_MS };
  const pool = new pg.Pool({ ...config, max: POSTGRES_POOL_SIZE });
  // An idle connection the database closed (a restart): the pool drops it and makes a new one.
  pool.on('error', (error) => console.error('PostgreSQL pool error:', error.message));
  const listener = postgresListener(config);

  return {
    kind: 'postgres',
    query: async <T>(sql: string, params?: unknown[]) =>
      (await pool.query(sql, params)).rows as T[],
    async transaction(fn, opts = {}) {
      const client = await pool.connect();
      // A connection lost while checked out is reported to its holder, not to the pool; with
      // no listener the 'error' event would end the process.
      let lost: Error | undefined;
      const onError = (error: Error) => (lost = error);
      client.on('error', onError);
      let failed: unknown;
      try {
        await client.query('BEGIN');
        const set = setTransaction(opts);
        if (set) await client.query(set);
        const result = await fn({
          query: async <T>(sql: string, params?: unknown[]) =>
            (await client.query(sql, params)).rows as T[],
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        failed = error;
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.off('error', onError);
        // A connection that broke is closed, never handed to the next request.
        client.release(lost ?? (isDatabaseUnreachable(failed) ? (failed as Error) : undefined));
      }
    },
    listen: (channel, fn) => listener.listen(channel, fn),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 5_000;

/**
 * The one connection that LISTENs for the whole instance. When it drops (the database
 * restarted, crashed, or closed it), a new one is tried with a doubling wait, every channel
 * is listened to again, and each handler hears `ANY_CHANGE`: notifications sent meanwhile
 * are lost.
 */
function postgresListener(config: pg.ClientConfig) {
  const handlers = new Map<string, Set<(payload: string) => void>>();
  let connecting: Promise<pg.Client> | null = null;
  let connected: pg.Client | null = null;
  let retry: NodeJS.Timeout | undefined;
  let wait = RECONNECT_FIRST_MS;
  let closed = false;

  const connection = () => (connecting ??= open());

  async function open(): Promise<pg.Client> {
    const client = new pg.Client(config);
    client.on('notification', (n) => {
      for (const fn of handlers.get(n.channel) ?? []) fn(n.payload ?? '');
    });
    client.on('error', (error) => {
      if (client !== connected) return;
      console.error('PostgreSQL listener lost its connection:', error.message);
      connected = null;
      connecting = null;
      client.end().catch(() => {});
      reconnect();
    });
    try {
      await client.connect();
      for (const channel of handlers.keys()) await client.query(`LISTEN ${ident(channel)}`);
    } catch (error) {
      connecting = null;
      client.end().catch(() => {});
      throw error;
    }
    if (closed) await client.end();
    else connected = client;
    return client;
  }

  function reconnect() {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connection().then(
        () => {
          wait = RECONNECT_FIRST_MS;
          for (const set of handlers.values()) for (const fn of set) fn(ANY_CHANGE);
        },
        (error: Error) => {
          console.error('PostgreSQL listener could not reconnect:', error.message);
          wait = Math.min(wait * 2, RECONNECT_MAX_MS);
          reconnect();
        },
      );
    }, wait);
  }

  return {
    async listen(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>> {
      const client = await connection();
      let set = handlers.get(channel);
      if (!set) {
        await client.query(`LISTEN ${ident(channel)}`);
        set = handlers.get(channel) ?? new Set();
        handlers.set(channel, set);
      }
      set.add(fn);
      return async () => {
        set.delete(fn);
      };
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const client = connected;
      connected = null;
      connecting = null;
      await client?.end().catch(() => {});
    },
  };
}

/** Node's codes for a connection that could not be made or was cut. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/**
 * PostgreSQL's codes for the same: class 08 (connection exception), and the server shutting
 * down (57P01), crashing (57P02) or not yet taking connections (57P03).
 */
const SERVER_CODES = /^(08...|57P0[123])$/;
/** pg's words for a connection it lost or could not get in time (they carry no code). */
const PG_LOST = /^Connection terminated|is not queryable|timeout exceeded when trying to connect/;

/** Whether `error` says the database is away (down, restarting, out of reach), not a fault. */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.test(code))) {
    return true;
  }
  if (PG_LOST.test(error.message)) return true;
  // Node tries every address of a host name: each attempt's failure is in the aggregate.
  if (error instanceof AggregateError && error.errors.some(isDatabaseUnreachable)) return true;
  return error.cause !== undefined && isDatabaseUnreachable(error.cause);
}

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Bad channel name ${name}`);
  return name;
}
