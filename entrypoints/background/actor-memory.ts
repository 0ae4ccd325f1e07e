/**
 * Who acts in this browser, kept in the worker's memory so that a right-click can show the
 * officer's menu items without waiting for IndexedDB: Chrome may open its native menu before a
 * slower update lands. Read once from the sync state (again by a restarted worker, whose memory
 * is gone), then told every sync status, which follows each login, logout and ended session.
 */
import type { Actor } from '../../utils/domain/actor';
import { sameActor } from '../../utils/domain/rights';

export interface ActorMemory {
  /** The actor if already known (null: working alone), undefined before the first read. */
  known(): Actor | null | undefined;
  /** The actor, read from storage the first time. */
  get(): Promise<Actor | null>;
  /** A status told who acts now; true when that changed what was known. */
  heard(actor: Actor | null): boolean;
}

export function createActorMemory(read: () => Promise<Actor | null>): ActorMemory {
  let current: Actor | null | undefined;
  let reading: Promise<Actor | null> | undefined;

  return {
    known: () => current,
    get() {
      if (current !== undefined) return Promise.resolve(current);
      reading ??= read()
        // A status heard while reading is newer than what was read.
        .then((actor) => (current === undefined ? (current = actor) : current))
        .finally(() => (reading = undefined));
      return reading;
    },
    heard(actor) {
      const changed = current === undefined || !sameActor(current, actor);
      current = actor;
      return changed;
    },
  };
}
