import { describe, expect, test } from 'vitest';
import { isDatabaseUnreachable } from './store';

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
