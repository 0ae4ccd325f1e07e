/**
 * The options page's team-sync requests, and an admin's account requests, answered by the
 * sync engine. The password is only
 * passed through to the server; nothing here stores it.
 */
import { type BackgroundProtocol, type Handlers } from '../../../utils/messaging/protocol';
import { browser } from 'wxt/browser';
import { TanggapError } from '../../../utils/domain/errors';
import type { SyncEngine } from './engine';
import { noFields, parseRequest, requests } from '../requests';

type SyncNames =
  | 'teamLogin'
  | 'teamLogout'
  | 'syncStatus'
  | 'syncNow'
  | 'teamAccounts'
  | 'teamCreateAccount'
  | 'teamChangeAccount';

export interface SyncHandlerDeps {
  /** Absent where sync is not wired (some tests). */
  sync?: SyncEngine;
}

export function createSyncHandlers({
  sync,
}: SyncHandlerDeps): Pick<Handlers<BackgroundProtocol>, SyncNames> {
  const engine = () => {
    if (!sync) throw new TanggapError('internal', 'Team sync is not available here');
    return sync;
  };
  /**
   * Accounts and their new passwords are for the options page, never for a tab on X. The
   * options page itself may be in a tab: what tells them apart is whose page sent it.
   */
  const fromExtensionPage = (sender: { tab?: unknown; url?: string }) => {
    if (sender.tab && !sender.url?.startsWith(browser.runtime.getURL('/'))) {
      throw new TanggapError('forbidden', 'Accounts are managed in the options page');
    }
  };
  return {
    async teamLogin(req) {
      const r = parseRequest(requests.teamLogin, req);
      return engine().login({
        serverUrl: r.serverUrl as string,
        username: r.username as string,
        password: r.password as string,
        discardWaiting: r.discardWaiting,
      });
    },
    async teamLogout(req) {
      const { discardWaiting } = parseRequest(requests.teamLogout, req);
      return engine().logout({ discardWaiting });
    },
    async syncStatus(req) {
      parseRequest(noFields, req);
      return engine().status();
    },
    async syncNow(req) {
      parseRequest(noFields, req);
      return engine().syncNow();
    },
    async teamAccounts(req, sender) {
      fromExtensionPage(sender);
      parseRequest(noFields, req);
      return engine().accounts.accounts();
    },
    async teamCreateAccount(req, sender) {
      fromExtensionPage(sender);
      return engine().accounts.create(parseRequest(requests.teamCreateAccount, req));
    },
    async teamChangeAccount(req, sender) {
      fromExtensionPage(sender);
      return engine().accounts.change(parseRequest(requests.teamChangeAccount, req));
    },
  };
}
