import { describe, expect, test } from 'vitest';
import { isDatabaseUnreachable } from './store';
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
