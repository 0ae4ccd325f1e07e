/**
 * An admin's requests to the admin API of the server this browser is logged in to, with the
 * login's token. The server decides who may: anyone but an admin is refused there.
 */
import {
  ADMIN_PREFIX,
  type AccountAction,
  parseAccountResponse,
  parseCreateUserRequest,
  parseRevokeResponse,
  parseSetRoleRequest,
  parseTeamAccounts,
  type TeamAccounts,
} from '../../../utils/domain/admin-protocol';
import type { Role } from '../../../utils/domain/actor';
import type { AccountChanged } from '../../../utils/messaging/protocol';
import { checked, type ServerCall, SyncFault } from './http';

export interface NewAccount {
  username: string;
  role: Role;
  departmentId?: string;
}

export interface AccountChange {
  username: string;
  action: AccountAction;
  /** For `role`: the new role and its department. */
  role?: Role;
  departmentId?: string;
}

export interface TeamAccountCalls {
  accounts(): Promise<TeamAccounts>;
  /** With a generated password, answered once. */
  create(req: NewAccount): Promise<AccountChanged>;
  change(req: AccountChange): Promise<AccountChanged>;
}

export function createTeamAccountCalls(deps: {
  call: ServerCall;
  /** The server and token of the login; null when logged out. */
  connection(): Promise<{ serverUrl: string; token: string } | null>;
}): TeamAccountCalls {
  async function admin(path: string, body?: unknown, method = 'POST'): Promise<unknown> {
    const c = await deps.connection();
    if (!c) throw new SyncFault('session-ended');
    return deps.call(c.serverUrl, `${ADMIN_PREFIX}${path}`, { token: c.token, body, method });
  }
  return {
    async accounts() {
      return checked(parseTeamAccounts, await admin('/users', undefined, 'GET'));
    },
    async create(req) {
      const body = parseCreateUserRequest(req);
      return checked(parseAccountResponse, await admin('/users', body));
    },
    async change({ username, action, role, departmentId }) {
      const path = `/users/${encodeURIComponent(username)}/${action}`;
      if (action === 'revoke-tokens') return checked(parseRevokeResponse, await admin(path));
      const body =
        action === 'role'
          ? parseSetRoleRequest({ role, ...(departmentId ? { departmentId } : {}) })
          : action === 'password'
            ? {}
            : undefined;
      return checked(parseAccountResponse, await admin(path, body));
    },
  };
}
