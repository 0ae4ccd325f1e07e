/**
 * The options page's team-sync requests, answered by the sync engine. The password is only
 * passed through to the server; nothing here stores it.
 */
import { type BackgroundProtocol, type Handlers } from '../../../utils/messaging/protocol';
import { TanggapError } from '../../../utils/domain/errors';
import type { SyncEngine } from './engine';

type SyncNames = 'teamLogin' | 'teamLogout' | 'syncStatus' | 'syncNow';

export interface SyncHandlerDeps {
  /** Absent where sync is not wired (some tests). */
  sync?: SyncEngine;
  request: (req: unknown, allowed: readonly string[]) => Record<string, unknown>;
}

function flag(x: unknown, path: string): boolean {
  if (x !== undefined && typeof x !== 'boolean') {
    throw new TanggapError('bad-request', `${path} must be true or false`);
  }
  return x === true;
}

export function createSyncHandlers({
  sync,
  request,
}: SyncHandlerDeps): Pick<Handlers<BackgroundProtocol>, SyncNames> {
  const engine = () => {
    if (!sync) throw new TanggapError('internal', 'Team sync is not available here');
    return sync;
  };
  return {
    async teamLogin(req) {
      const r = request(req, ['serverUrl', 'username', 'password', 'discardWaiting']);
      return engine().login({
        serverUrl: r.serverUrl as string,
        username: r.username as string,
        password: r.password as string,
        discardWaiting: flag(r.discardWaiting, 'request.discardWaiting'),
      });
    },
    async teamLogout(req) {
      const r = request(req, ['discardWaiting']);
      return engine().logout({ discardWaiting: flag(r.discardWaiting, 'request.discardWaiting') });
    },
    async syncStatus(req) {
      request(req, []);
      return engine().status();
    },
    async syncNow(req) {
      request(req, []);
      return engine().syncNow();
    },
  };
}
