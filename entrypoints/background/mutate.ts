/**
 * The background's one write path for shared changes: the request is checked as a mutation
 * (`parseMutation`), applied and, when logged in to a team, queued in the outbox in the same
 * transaction (`commitMutation`); the pages hear of it once it has committed.
 */
import { commitMutation, type CommitResult } from '../../utils/storage/outbox';
import type { TanggapDb } from '../../utils/storage/schema';
import { parseMutation, type MutationName } from '../../utils/domain/sync-mutations';
import type { Assignment } from '../../utils/domain/types';
import { notifyAfterCommit } from './after-commit';

export interface MutateDeps {
  db: () => Promise<TanggapDb>;
  now: () => Date;
  /** The officer's name, recorded as `by` while not logged in to a team. */
  officer: () => Promise<string>;
  onChanged: (assignments: Assignment[]) => void | Promise<void>;
  /** A change waits in the outbox: push it now (not awaited: it has committed already). */
  onQueued?: () => void;
}

export type Mutate = (name: MutationName, req: unknown) => Promise<CommitResult>;

export function createMutate(deps: MutateDeps): Mutate {
  return async (name, req) => {
    const m = parseMutation(name, req);
    const [db, by] = await Promise.all([deps.db(), deps.officer()]);
    const result = await commitMutation(db, m, { by, at: deps.now().toISOString() });
    if (result.effect.assignment)
      await notifyAfterCommit(deps.onChanged, [result.effect.assignment]);
    if (result.queued) deps.onQueued?.();
    return result;
  };
}

/** The item a mutation leaves: changed, or as it was when nothing changed. */
export function itemAfter({ effect, before }: CommitResult): Assignment | undefined {
  return effect.assignment ?? before.assignment;
}
