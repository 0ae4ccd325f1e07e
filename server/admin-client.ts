/**
 * The admin command line's way to a running server (`--server URL`): it logs in as an admin,
 * calls the admin API and logs out, so nothing needs stopping (a PGlite folder belongs to the
 * server's process). The commands see the same `AccountCommands` as on the database.
 */
import { normaliseServerUrl } from '../utils/domain/server-origins';
import { createInterface } from 'node:readline';
import type { Role } from '../utils/domain/actor';
import {
  ADMIN_PREFIX,
  parseAccountResponse,
  parseRevokeResponse,
  parseTeamAccounts,
  type TeamAccount,
} from '../utils/domain/admin-protocol';
import { API_PREFIX, errorOf, parseLoginResponse } from '../utils/domain/sync-protocol';

/** The account commands, on the database (the operator's) or through a running server. */
export interface AccountCommands {
  /** The team an admin manages through the server; null on the database (any team). */
  readonly ownTeamId: string | null;
  createUser(o: {
    teamId: string;
    username: string;
    role: Role;
    departmentId?: string;
    password?: string;
  }): Promise<{ user: TeamAccount; password?: string }>;
  resetPassword(o: { username: string; password?: string }): Promise<{ password?: string }>;
  revokeTokens(o: { username: string }): Promise<{ revoked: number }>;
  setDisabled(o: { username: string; disabled: boolean }): Promise<unknown>;
  setRole(o: { username: string; role: Role; departmentId?: string }): Promise<unknown>;
  listUsers(o: { teamId: string }): Promise<TeamAccount[]>;
  close(): Promise<void>;
}

const TIMEOUT_MS = 30_000;

/** The password from `TANGGAP_ADMIN_PASSWORD`, else asked at the terminal without echo. */
export async function adminPassword(env: NodeJS.ProcessEnv, username: string): Promise<string> {
  if (env.TANGGAP_ADMIN_PASSWORD) return env.TANGGAP_ADMIN_PASSWORD;
  if (!process.stdin.isTTY) {
    throw new Error('Set TANGGAP_ADMIN_PASSWORD, or run the command in a terminal to type it');
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  process.stderr.write(`Password of ${username}: `);
  // The typed characters are not echoed.
  (rl as unknown as { _writeToOutput(s: string): void })._writeToOutput = () => {};
  try {
    return await new Promise<string>((resolve) => rl.question('', resolve));
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

/** Logs in to the server at `serverUrl` as the admin `username`; refused unless an admin. */
export async function throughServer(
  serverUrl: string,
  username: string,
  password: string,
): Promise<AccountCommands> {
  // As the extension: HTTPS, or plain HTTP only to this machine (a password in the clear).
  const base = normaliseServerUrl(serverUrl) + API_PREFIX;
  let token = '';
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new Error(`The server at ${serverUrl} cannot be reached: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const error = errorOf(json);
      throw new Error(error ? error.message : `The server answered HTTP ${res.status}`);
    }
    return json;
  }
  const login = parseLoginResponse(await call('POST', '/login', { username, password }));
  token = login.token;
  if (login.actor.role !== 'admin') {
    await call('POST', '/logout');
    throw new Error(`${login.actor.username} is no admin of ${login.team.name}`);
  }
  const user = (name: string, action: string) =>
    `${ADMIN_PREFIX}/users/${encodeURIComponent(name.trim().toLowerCase())}/${action}`;
  return {
    ownTeamId: login.team.id,
    async createUser({ teamId, ...o }) {
      if (teamId !== login.team.id) {
        throw new Error(`${username} administers the team ${login.team.id}, not ${teamId}`);
      }
      return parseAccountResponse(await call('POST', `${ADMIN_PREFIX}/users`, o));
    },
    async resetPassword({ username: name, password: chosen }) {
      const body = chosen === undefined ? {} : { password: chosen };
      return parseAccountResponse(await call('POST', user(name, 'password'), body));
    },
    async revokeTokens({ username: name }) {
      return parseRevokeResponse(await call('POST', user(name, 'revoke-tokens')));
    },
    async setDisabled({ username: name, disabled }) {
      return parseAccountResponse(await call('POST', user(name, disabled ? 'disable' : 'enable')));
    },
    async setRole({ username: name, ...role }) {
      return parseAccountResponse(await call('POST', user(name, 'role'), role));
    },
    async listUsers({ teamId }) {
      const answer = parseTeamAccounts(await call('GET', `${ADMIN_PREFIX}/users`));
      if (teamId !== answer.team.id) {
        throw new Error(`${username} administers the team ${answer.team.id}, not ${teamId}`);
      }
      return answer.users;
    },
    async close() {
      await call('POST', '/logout').catch(() => {});
    },
  };
}
