/**
 * The store, timed and its failures counted for `/metrics`: each query, and each transaction
 * and each turn on one connection as a whole. A failure counts as the database's only when it
 * came from the database (it was unreachable, or answered with an SQLSTATE code); a request
 * refused inside a transaction (an HttpError, a refused mutation) is not one.
 */
import { databaseDuration, databaseErrors } from './metrics';
import { isDatabaseUnreachable, type Store } from './store';

const SQLSTATE = /^[0-9A-Z]{5}$/;

export function databaseFailureKind(error: unknown): 'unreachable' | 'statement' | null {
  if (isDatabaseUnreachable(error)) return 'unreachable';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SQLSTATE.test(code) ? 'statement' : null;
}

/** Counts `error` in `/metrics` when it came from the database. */
export function countDatabaseFailure(error: unknown): void {
  const kind = databaseFailureKind(error);
  if (kind) databaseErrors.inc({ kind });
}

async function timed<T>(
  operation: 'query' | 'transaction' | 'connection',
  fn: () => Promise<T>,
): Promise<T> {
  const end = databaseDuration.startTimer({ operation });
  try {
    return await fn();
  } catch (error) {
    countDatabaseFailure(error);
    throw error;
  } finally {
    end();
  }
}

export function measuredStore(store: Store): Store {
  return {
    ...store,
    query: (sql, params) => timed('query', () => store.query(sql, params)),
    transaction: (fn, opts) => timed('transaction', () => store.transaction(fn, opts)),
    connection: (fn) => timed('connection', () => store.connection(fn)),
  };
}
