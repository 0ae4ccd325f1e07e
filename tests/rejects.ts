import { expect } from 'vitest';
import { TanggapError } from '../utils/domain/errors';

/** Asserts that a handler call failed with this TanggapError code and a message like this. */
export async function rejects(promise: unknown, code: TanggapError['code'], message: RegExp) {
  const error = await (promise as Promise<unknown>).then(
    () => expect.unreachable('should have failed'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TanggapError);
  expect((error as TanggapError).code).toBe(code);
  expect((error as TanggapError).message).toMatch(message);
}

/** The TanggapError a synchronous call throws; the test fails when it throws none. */
export function thrownBy(fn: () => unknown): TanggapError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TanggapError);
    return error as TanggapError;
  }
  return expect.unreachable('should have been refused');
}
