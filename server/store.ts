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

function postgresStore(connectionString: string): Store {
  const pool = new pg.Pool({ connectionString, types, max: 10 });
  pool.on('error', (error) => console.error('PostgreSQL pool error:', error.message));
  let listener: pg.Client | null = null;
  const handlers = new Map<string, Set<(payload: string) => void>>();
  let closed = false;

  // One connection LISTENs for the whole instance; reconnected when it drops.
  async function connectListener(): Promise<pg.Client> {
    if (listener) return listener;
    const client = new pg.Client({ connectionString, types });
    await client.connect();
    client.on('notification', (n) => {
      for (const fn of handlers.get(n.channel) ?? []) fn(n.payload ?? '');
    });
    client.on('error', (error) => {
      console.error('PostgreSQL listener error:', error.message);
      listener = null;
      client.end().catch(() => {});
      if (!closed) setTimeout(() => void relisten(), 1_000);
    });
    listener = client;
    return client;
  }
  async function relisten() {
    try {
      const client = await connectListener();
      for (const channel of handlers.keys()) await client.query(`LISTEN ${ident(channel)}`);
      // Notifications sent while the connection was down are lost: say anything may have changed.
      for (const set of handlers.values()) for (const fn of set) fn(ANY_CHANGE);
    } catch (error) {
      console.error('PostgreSQL listener reconnect failed:', (error as Error).message);
      if (!closed) setTimeout(() => void relisten(), 5_000);
    }
  }

  return {
    kind: 'postgres',
    query: async <T>(sql: string, params?: unknown[]) =>
      (await pool.query(sql, params)).rows as T[],
    async transaction(fn, opts = {}) {
      const client = await pool.connect();
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
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, fn) {
      const client = await connectListener();
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        await client.query(`LISTEN ${ident(channel)}`);
      }
      set.add(fn);
      return async () => {
        set.delete(fn);
      };
    },
    async close() {
      closed = true;
      const l = listener;
      listener = null;
      await l?.end().catch(() => {});
      await pool.end();
    },
  };
}

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Bad channel name ${name}`);
  return name;
}
