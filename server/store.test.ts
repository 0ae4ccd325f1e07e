import { describe, expect, test } from 'vitest';
import { isDatabaseUnreachable, PREPARED_STATEMENTS, type Queryable } from './store';
import { BACKENDS, useBackend } from './test/helpers';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnreachable', () => {
  test('a database that is down, restarting or cut off is unreachable', () => {
    expect(
      isDatabaseUnreachable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')),
    ).toBe(true);
    expect(
      isDatabaseUnreachable(
        withCode('terminating connection due to administrator command', '57P01'),
      ),
    ).toBe(true);
    expect(isDatabaseUnreachable(withCode('the database system is starting up', '57P03'))).toBe(
      true,
    );
    expect(isDatabaseUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnreachable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(
      isDatabaseUnreachable(
        new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')]),
      ),
    ).toBe(true);
    expect(
      isDatabaseUnreachable(
        new Error('push failed', { cause: withCode('read ECONNRESET', 'ECONNRESET') }),
      ),
    ).toBe(true);
  });

  test('a fault of the request or the code is not: it stays an internal error', () => {
    expect(
      isDatabaseUnreachable(withCode('duplicate key value violates unique constraint', '23505')),
    ).toBe(false);
    expect(isDatabaseUnreachable(withCode('could not serialize access', '40001'))).toBe(false);
    expect(isDatabaseUnreachable(new TypeError('Cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseUnreachable('ECONNREFUSED')).toBe(false);
  });
});

describe.each(BACKENDS)('a transaction’s modes on %s', (name) => {
  const backend = useBackend(name);

  test('a read-only repeatable-read transaction is both, and a write in it is refused', async () => {
    const store = await backend.newStore();
    const modes = await store.transaction(
      async (tx) => {
        const [isolation] = await tx.query<{ transaction_isolation: string }>(
          'SHOW transaction_isolation',
        );
        const [readOnly] = await tx.query<{ transaction_read_only: string }>(
          'SHOW transaction_read_only',
        );
        return [isolation?.transaction_isolation, readOnly?.transaction_read_only];
      },
      { readOnly: true, repeatableRead: true },
    );
    expect(modes).toEqual(['repeatable read', 'on']);
    await expect(
      store.transaction((tx) => tx.query("INSERT INTO teams (id, name) VALUES ('t', 'T')"), {
        readOnly: true,
      }),
    ).rejects.toThrow(/read-only transaction/);
    const [plain] = await store.transaction((tx) =>
      tx.query<{ transaction_isolation: string }>('SHOW transaction_isolation'),
    );
    expect(plain?.transaction_isolation).toBe('read committed');
  });
});

describe('statements on PostgreSQL', () => {
  const backend = useBackend('PostgreSQL');
  const prepared = (db: Queryable, text: string) =>
    db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1',
      [text],
    );

  test('a statement a migration made stale fails once; its connection is closed, not reused', async () => {
    const store = await backend.newStore();
    const read = 'SELECT * FROM scratch WHERE x > $1';
    await store.connection(async (db) => {
      await db.query('CREATE TABLE scratch (x int)');
      await db.query(read, [0]);
      // Another instance's upgrade changes the rows the prepared statement returns.
      await db.query('ALTER TABLE scratch ADD COLUMN y int');
      await db.query('INSERT INTO scratch VALUES (1, 2)');
      await expect(db.query(read, [0])).rejects.toThrow(/cached plan must not change result type/);
    });
    // The pool hands out its most recently returned connection first.
    expect(await store.connection((db) => db.query(read, [0]))).toEqual([{ x: 1, y: 2 }]);
  });

  // Last: it fills the texts kept prepared for the rest of this file.
  test('a statement sent again is parsed once per connection, however many texts come', async () => {
    const store = await backend.newStore();
    const text = 'SELECT $1::int + 1 AS n -- sent again';
    await store.connection(async (db) => {
      expect(await db.query(text, [41])).toEqual([{ n: 42 }]);
      expect(await db.query(text, [1])).toEqual([{ n: 2 }]);
      expect(await prepared(db, text)).toEqual([{ n: 1 }]);
      // Texts an admin task sends once, past the bound: answered, never kept.
      for (let i = 0; i < PREPARED_STATEMENTS + 20; i += 1) {
        expect(await db.query(`SELECT $1::int + ${i} AS n`, [0])).toEqual([{ n: i }]);
      }
      const [all] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_prepared_statements',
      );
      expect(all!.n).toBeLessThanOrEqual(PREPARED_STATEMENTS);
      // A text without parameters may hold several statements.
      await db.query('CREATE TEMP TABLE a (x int); DROP TABLE a');
    });
  });
});
