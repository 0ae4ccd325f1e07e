/**
 * The database behind the sync server: one tiny interface with two implementations, PGlite
 * (embedded, in a folder or in memory) and PostgreSQL (`pg`). Both run the same SQL, so every
 * other module is written once. `openStore` also applies the migrations.
 */
import { readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { DISK_FULL_CODE, errorFields, storageFull } from './errors';
import { log } from './log';
import { databaseErrors } from './metrics';
import { migrate } from './migrations';
import { DurableNodeFS, DURABLE_START_PARAMS } from './pglite-files';

export type Row = Record<string, unknown>;

export interface Queryable {
  query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface TransactionOptions {
  readOnly?: boolean;
  repeatableRead?: boolean;
}

/** Statements that may also run in a transaction. */
export interface Connection extends Queryable {
  /** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, opts?: TransactionOptions): Promise<T>;
}

export interface Store extends Connection {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` on one connection, in one turn for the database: each of its statements is
   * committed on its own, without the round trips of BEGIN and COMMIT, unless it opens a
   * transaction. For work whose statements need no common snapshot (a statement that writes
   * only what it read unchanged, say).
   */
  connection<T>(fn: (db: Connection) => Promise<T>): Promise<T>;
  /**
   * Calls `fn` with each NOTIFY payload on `channel` (and `ANY_CHANGE` after a lost
   * connection came back); returns the function that stops it.
   */
  listen(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>>;
  /** Throws `storage-full` when a write would find no room (PostgreSQL says so itself). */
  checkWritable(): void;
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
  /** PGlite folder: the free space under which writes are refused (`DEFAULT_MIN_FREE_BYTES`). */
  minFreeBytes?: number;
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  const store = opts.databaseUrl ? postgresStore(opts.databaseUrl) : await pgliteStore(opts);
  try {
    await migrate(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

function transactionModes(opts: TransactionOptions): string {
  return [
    ...(opts.repeatableRead ? ['ISOLATION LEVEL REPEATABLE READ'] : []),
    ...(opts.readOnly ? ['READ ONLY'] : []),
  ].join(', ');
}

function setTransaction(opts: TransactionOptions): string | null {
  const modes = transactionModes(opts);
  return modes ? `SET TRANSACTION ${modes}` : null;
}

/** Free space under which a PGlite folder takes no more writes: room for a few WAL segments. */
export const DEFAULT_MIN_FREE_BYTES = 64 * 1024 * 1024;
/** How often a PGlite stopped by a fatal error looks whether it can start again. */
const RESTART_CHECK_MS = 1_000;
/** PostgreSQL's words when it gives up: after them its WASM instance must never run again. */
const FATAL = /\bPANIC: |^Aborted\(/;

/** One PGlite instance, and whether PostgreSQL died in it. */
interface PgliteInstance {
  db: PGlite;
  dead: boolean;
}

async function startPglite(dataDir?: string, loadDataDir?: Blob): Promise<PgliteInstance> {
  const instance = { dead: false } as PgliteInstance;
  instance.db = await PGlite.create({
    ...(dataDir ? { fs: new DurableNodeFS(dataDir), startParams: [...DURABLE_START_PARAMS] } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    onStderr: (text) => {
      if (FATAL.test(text)) instance.dead = true;
      return true;
    },
  });
  // After a PANIC (a WAL write that found the disk full) the next call into the instance
  // spins for good, blocking the whole process: no call gets there any more.
  const run = instance.db.execProtocolRawSync.bind(instance.db);
  instance.db.execProtocolRawSync = (message) => {
    if (instance.dead) throw new Error('PGlite stopped after a fatal error');
    return run(message);
  };
  return instance;
}

/**
 * PGlite, in a folder or in memory. In a folder, a write is refused (`storage-full`) while the
 * disk has less than `minFreeBytes` free, before PostgreSQL could fail to write its WAL and
 * stop; if it stops anyway (a disk filled by something else meanwhile), the instance is left
 * and a new one is started on the folder once there is room again: it replays the WAL, which
 * holds every acknowledged commit.
 */
async function pgliteStore(opts: StoreOptions): Promise<Store & { readonly db: PGlite }> {
  const { dataDir } = opts;
  const minFree = opts.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES;
  // Before PGlite opens the folder: opening it already writes to it.
  if (dataDir) refuseFolderInUse(dataDir);
  let current = await startPglite(dataDir, opts.loadDataDir);
  const unlock = dataDir ? lockFolder(dataDir) : () => {};
  const handlers = new Map<string, Set<(payload: string) => void>>();
  let restarting: NodeJS.Timeout | undefined;
  let closed = false;

  const diskFull = () => dataDir !== undefined && freeBytes(dataDir) < minFree;
  const checkWritable = () => {
    if (diskFull()) throw storageFull();
    if (current.dead) throw restartingError();
  };
  const listenOn = (db: PGlite, channel: string) =>
    db.listen(channel, (payload) => {
      for (const fn of handlers.get(channel) ?? []) fn(payload);
    });

  function restartWhenPossible() {
    if (restarting || closed || !dataDir) return;
    log.error('pglite.stopped', {
      msg: 'PGlite stopped after a fatal error; it starts again once the disk has room',
    });
    const attempt = async () => {
      restarting = undefined;
      if (closed) return;
      if (!diskFull()) {
        try {
          const next = await startPglite(dataDir);
          if (closed) return void (await next.db.close());
          for (const channel of handlers.keys()) await listenOn(next.db, channel);
          current = next;
          log.info('pglite.restarted');
          for (const set of handlers.values()) for (const fn of set) fn(ANY_CHANGE);
          return;
        } catch (error) {
          log.error('pglite.restart-failed', errorFields(error));
        }
      }
      restarting = setTimeout(() => void attempt(), RESTART_CHECK_MS);
    };
    restarting = setTimeout(() => void attempt(), RESTART_CHECK_MS);
  }

  /** Runs `fn` on the live instance; a write only when the disk has room. */
  async function guarded<T>(write: boolean, fn: (db: PGlite) => Promise<T>): Promise<T> {
    if (closed) throw storeClosed();
    const instance = current;
    if (write || instance.dead) checkWritable();
    try {
      return await fn(instance.db);
    } catch (error) {
      if (instance.dead) {
        restartWhenPossible();
        throw diskFull() ? storageFull() : restartingError();
      }
      if ((error as { code?: unknown }).code === DISK_FULL_CODE) throw storageFull();
      throw error;
    }
  }

  type Raw = { query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }> };
  const run = async <T>(q: Raw, sql: string, params?: unknown[]) =>
    (await q.query(sql, params)).rows as T[];
  // A lone SELECT writes no file (pg_notify's queue is in memory): it runs on a full disk.
  const query: Queryable['query'] = (sql, params) =>
    guarded(!/^\s*SELECT\b/i.test(sql), (db) => run(db, sql, params));
  const transaction: Store['transaction'] = (fn, opts = {}) =>
    guarded(!opts.readOnly, (db) =>
      db.transaction(async (tx) => {
        const set = setTransaction(opts);
        if (set) await tx.query(set);
        return fn({ query: (sql, params) => run(tx, sql, params) });
      }),
    );
  return {
    kind: 'pglite',
    get db() {
      return current.db;
    },
    query,
    // PGlite is one connection: its transactions run one after the other, never interleaved.
    transaction,
    connection: (fn) => fn({ query, transaction }),
    checkWritable,
    async listen(channel, fn) {
      if (!handlers.has(channel)) {
        await guarded(false, (db) => listenOn(db, channel));
        handlers.set(channel, new Set());
      }
      handlers.get(channel)!.add(fn);
      return async () => {
        handlers.get(channel)?.delete(fn);
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(restarting);
      // A full disk may not take the shutdown checkpoint: the next start replays the WAL.
      if (!current.dead && !current.db.closed && !diskFull()) await current.db.close();
      unlock();
    },
  };
}

/**
 * The store was closed (the server is stopping): what still waited in the line for the
 * database is answered like a database that is away (503 with Retry-After), not as a fault.
 */
function storeClosed(): Error {
  return Object.assign(new Error('The database connection is closed: the server is stopping'), {
    code: '57P01',
  });
}

/** PGlite died and starts again shortly: answered like a database that is away. */
function restartingError(): Error {
  return Object.assign(new Error('PGlite stopped after a fatal error and starts again'), {
    code: '57P02',
  });
}

/**
 * A PGlite folder is one process's: a second one (an admin command while the server runs)
 * would corrupt it. The lock file names the process holding it.
 */
function lockFile(dataDir: string): string {
  return join(dataDir, 'tanggap.lock');
}

/** Throws, having touched nothing, when another live process holds the folder. */
function refuseFolderInUse(dataDir: string): void {
  let holder = 0;
  try {
    holder = Number(readFileSync(lockFile(dataDir), 'utf8'));
  } catch {
    // No lock yet.
  }
  if (holder && holder !== process.pid && alive(holder)) throw new FolderInUse(dataDir, holder);
}

export class FolderInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: number,
  ) {
    super(
      `The data folder ${dataDir} is in use by process ${holder} (the server?): run admin ` +
        'commands through it with --server URL, or stop it first',
    );
    this.name = 'FolderInUse';
  }
}

function lockFolder(dataDir: string): () => void {
  writeFileSync(lockFile(dataDir), String(process.pid));
  return () => rmSync(lockFile(dataDir), { force: true });
}

function freeBytes(dir: string): number {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
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

/**
 * Statement texts the PostgreSQL store keeps prepared on each connection: PostgreSQL then
 * parses and plans a statement the server sends again and again once per connection rather
 * than every time (the push's and the page's are long). Bounded: a text past the bound, one
 * only an admin task sends say, goes unprepared.
 */
export const PREPARED_STATEMENTS = 200;
const preparedNames = new Map<string, string>();

/**
 * `sql` with `params`, named when it is one of the texts kept prepared. Only a statement with
 * parameters: one without (BEGIN, a migration's several statements) goes as simple text.
 */
function statement(sql: string, params?: unknown[]): pg.QueryConfig {
  if (!params?.length) return { text: sql };
  let name = preparedNames.get(sql);
  if (name === undefined && preparedNames.size < PREPARED_STATEMENTS) {
    name = `tanggap_${preparedNames.size + 1}`;
    preparedNames.set(sql, name);
  }
  return name === undefined ? { text: sql, values: params } : { name, text: sql, values: params };
}

/**
 * Connections whose prepared statement went stale: a migration changed the rows it selects
 * under a running server (another instance upgraded first). Closed when given back, so the
 * next holder prepares it again.
 */
const stale = new WeakMap<pg.PoolClient, Error>();

/** Sends `sql` on `client`, as a prepared statement when it is one (`statement`). */
async function send<T>(client: pg.PoolClient, sql: string, params?: unknown[]): Promise<T[]> {
  try {
    return (await client.query(statement(sql, params))).rows as T[];
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const stalePlan =
      code === '26000' ||
      (code === '0A000' && /cached plan must not change result type/.test(String(message)));
    if (stalePlan) stale.set(client, error as Error);
    throw error;
  }
}

/** How long getting a connection may take before the database counts as unreachable. */
const CONNECT_TIMEOUT_MS = 5_000;
/** Connections an instance holds to PostgreSQL: transactions it runs at once. */
export const POSTGRES_POOL_SIZE = 10;

function postgresStore(connectionString: string): Store {
  const config = { connectionString, types, connectionTimeoutMillis: CONNECT_TIMEOUT_MS };
  const pool = new pg.Pool({ ...config, max: POSTGRES_POOL_SIZE });
  // An idle connection the database closed (a restart): the pool drops it and makes a new one.
  pool.on('error', (error) => connectionLost('database.pool-connection-lost', error));
  const listener = postgresListener(config);
  let closed = false;

  /** Runs `fn` with a connection of the pool, given back when it ends (closed if it broke). */
  async function onOneConnection<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (closed) throw storeClosed();
    const client = await pool.connect();
    // A connection lost while checked out is reported to its holder, not to the pool; with
    // no listener the 'error' event would end the process.
    let lost: Error | undefined;
    const onError = (error: Error) => (lost = error);
    client.on('error', onError);
    let failed: unknown;
    try {
      return await fn(client);
    } catch (error) {
      failed = error;
      throw error;
    } finally {
      client.off('error', onError);
      // A connection that broke is closed, never handed to the next request.
      client.release(
        lost ??
          stale.get(client) ??
          (isDatabaseUnreachable(failed) ? (failed as Error) : undefined),
      );
    }
  }

  return {
    kind: 'postgres',
    async query<T>(sql: string, params?: unknown[]) {
      if (closed) throw storeClosed();
      return (await pool.query(statement(sql, params))).rows as T[];
    },
    transaction(fn, opts = {}) {
      return onOneConnection((client) => inTransaction(client, fn, opts));
    },
    connection(fn) {
      return onOneConnection((client) =>
        fn({
          query: <T>(sql: string, params?: unknown[]) => send<T>(client, sql, params),
          transaction: (inner, opts = {}) => inTransaction(client, inner, opts),
        }),
      );
    },
    listen: (channel, fn) => listener.listen(channel, fn),
    checkWritable() {},
    async close() {
      if (closed) return;
      closed = true;
      await listener.close();
      await pool.end();
    },
  };
}

async function inTransaction<T>(
  client: pg.PoolClient,
  fn: (tx: Queryable) => Promise<T>,
  opts: TransactionOptions,
): Promise<T> {
  // The modes with BEGIN, not in a SET TRANSACTION after it: one round trip less for every
  // page a pull reads, each costing the server a socket write under load.
  await client.query(`BEGIN ${transactionModes(opts)}`.trim());
  try {
    const result = await fn({
      query: <T>(sql: string, params?: unknown[]) => send<T>(client, sql, params),
    });
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** A connection's error says nothing of the data: its code and message are logged. */
function connectionError(error: Error & { code?: unknown }) {
  return { code: typeof error.code === 'string' ? error.code : undefined, reason: error.message };
}

function connectionLost(event: string, error: Error): void {
  databaseErrors.inc({ kind: 'connection-lost' });
  log.warn(event, connectionError(error));
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
      connectionLost('database.listener-lost', error);
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
          wait = Math.min(wait * 2, RECONNECT_MAX_MS);
          log.warn('database.listener-reconnect-failed', {
            ...connectionError(error),
            retryMs: wait,
          });
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
/**
 * pg's words for a connection it lost or could not get in time, or for a pool already ended
 * (the server stopping while a request still ran): they carry no code.
 */
const PG_LOST =
  /^Connection terminated|is not queryable|timeout exceeded when trying to connect|^Cannot use a pool after calling end/;

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
