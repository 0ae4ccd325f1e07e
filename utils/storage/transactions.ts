/**
 * How a write transaction commits here: all of its requests, or none of them.
 */

/** Adds `request` to the ones `allOrNothing` waits for, and passes it on. */
export function track<T>(requests: Promise<unknown>[], request: Promise<T>): Promise<T> {
  requests.push(request);
  return request;
}

/**
 * Runs `write` and waits for the commit, or aborts. A bad key or value makes a request
 * throw synchronously: without the abort, the requests queued before it would commit.
 */
export async function allOrNothing(
  tx: { abort(): void; done: Promise<void> },
  write: (requests: Promise<unknown>[]) => void | Promise<void>,
): Promise<void> {
  const requests: Promise<unknown>[] = [];
  try {
    await write(requests);
    await Promise.all([...requests, tx.done]);
  } catch (error) {
    abortQuietly(tx);
    // Every request rejects once aborted: settle them all so none goes unhandled.
    await Promise.allSettled([...requests, tx.done]);
    throw error;
  }
}

export function abortQuietly(tx: { abort(): void }) {
  try {
    tx.abort();
  } catch {
    // Already committed or aborted.
  }
}
