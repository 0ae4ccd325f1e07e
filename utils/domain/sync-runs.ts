/**
 * What a browser's sync run is asked to do, one run at a time, and how asks made during a run
 * fold into the one after it. The extension's engine and the load bench's simulated browsers
 * share it, so the simulation cannot drift from the engine. `P` is an event's page.
 */

/** A whole sync, a push of a change queued, or an event's page. */
export type SyncAsk<P> = 'sync' | 'push' | { page: P };

/** A push of what waits, if asked, else the event pages in the order they came. */
export interface SyncChanges<P> {
  push: boolean;
  pages: P[];
}

export type SyncRun<P> = 'sync' | SyncChanges<P>;

/** A run that does what was asked so far and `ask` too: a sync covers all. */
export function foldSyncAsk<P>(run: SyncRun<P> | undefined | null, ask: SyncAsk<P>): SyncRun<P> {
  if (run === 'sync' || ask === 'sync') return 'sync';
  const changes = run ?? { push: false, pages: [] };
  return ask === 'push'
    ? { ...changes, push: true }
    : { ...changes, pages: [...changes.pages, ask.page] };
}
