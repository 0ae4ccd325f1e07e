/**
 * How a page learns who acts here, and when that changes: asked once, then followed through
 * `syncStatusChanged` (a login, a logout, a session ended when an admin changed the role). A
 * page offers only what `domain/rights.ts` says this actor may do.
 */
import type { Actor } from '../domain/actor';
import { actorOfStatus, sameActor } from '../domain/rights';
import { onBroadcast, sendToBackground } from './transport';

/**
 * Calls `onActor` with the actor once known, and again each time it changes (null while this
 * browser works alone). A page that cannot ask offers everything: the background still refuses
 * what the team's rules do not allow. Returns the unsubscribe.
 */
export function watchActor(
  onActor: (actor: Actor | null) => void,
  onError: (error: unknown) => void = () => {},
): () => void {
  let known = false;
  let current: Actor | null = null;
  const tell = (next: Actor | null) => {
    if (known && sameActor(current, next)) return;
    known = true;
    current = next;
    onActor(next);
  };
  let heard = false;
  const stop = onBroadcast('syncStatusChanged', ({ status }) => {
    heard = true;
    tell(actorOfStatus(status));
  });
  sendToBackground('getActor', {}).then(
    // A broadcast heard meanwhile is newer than this answer.
    (actor) => heard || tell(actor),
    (error: unknown) => {
      onError(error);
      if (!heard) tell(null);
    },
  );
  return stop;
}
