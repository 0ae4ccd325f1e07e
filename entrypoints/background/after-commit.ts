/**
 * Tells the pages about a write that has already committed. A failed broadcast (no page open,
 * a page closing) is logged, never thrown: the caller must not report a saved change as failed.
 */
export async function notifyAfterCommit<A extends unknown[]>(
  callback: ((...args: A) => unknown) | undefined,
  ...args: A
): Promise<void> {
  try {
    await callback?.(...args);
  } catch (error) {
    console.error('Tanggap: change notification failed', error);
  }
}
