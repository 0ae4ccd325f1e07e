/**
 * The admin API on the running server (`/v1/admin/...`): an admin lists and manages the
 * accounts of their own team. Another team's accounts are not there for them (404, as for a
 * name nobody has); anyone but an admin gets 403. The functions that change accounts are the
 * command line's (`admin.ts`), scoped to the admin's team; those that end an account's logins
 * announce it, so its event streams end within a second on every instance.
 */
import { type Context, Hono } from 'hono';
import {
  type AccountResponse,
  parseCreateUserRequest,
  parseResetPasswordRequest,
  parseSetRoleRequest,
  type RevokeResponse,
  type TeamAccounts,
} from '../utils/domain/admin-protocol';
import {
  createUser,
  listUsers,
  resetPassword,
  revokeTokens,
  setDisabled,
  setRole,
  teamOf,
} from './admin';
import { generatePassword, type Session } from './auth';
import { HttpError } from './errors';
import type { Store } from './store';

export interface AdminRouteDeps {
  store: Store;
  /** The request's login (401 without a valid one). */
  session(c: Context): Promise<Session>;
  /** The request's JSON body (400 when it is not JSON). */
  body(c: Context): Promise<unknown>;
}

export function adminRoutes({ store, session, body }: AdminRouteDeps): Hono {
  const app = new Hono();

  async function admin(c: Context): Promise<Session> {
    const s = await session(c);
    if (s.actor.role !== 'admin') {
      throw new HttpError(403, 'not-admin', "Only the team's admins manage its accounts");
    }
    return s;
  }
  const target = (c: Context) => c.req.param('username')!.toLowerCase();

  app.get('/users', async (c) => {
    const s = await admin(c);
    const answer: TeamAccounts = {
      team: await teamOf(store, s.team.id),
      users: await listUsers(store, { teamId: s.team.id }),
    };
    return c.json(answer);
  });

  app.post('/users', async (c) => {
    const s = await admin(c);
    const req = parseCreateUserRequest(await body(c));
    const password = req.password ?? generatePassword();
    const user = await createUser(store, { ...req, teamId: s.team.id, password });
    const answer: AccountResponse = { user, ...(req.password ? {} : { password }) };
    return c.json(answer, 201);
  });

  app.post('/users/:username/password', async (c) => {
    const s = await admin(c);
    const req = parseResetPasswordRequest(await body(c));
    const password = req.password ?? generatePassword();
    const username = target(c);
    const user = await resetPassword(store, { username, password, teamId: s.team.id });
    const answer: AccountResponse = { user, ...(req.password ? {} : { password }) };
    return c.json(answer);
  });

  app.post('/users/:username/role', async (c) => {
    const s = await admin(c);
    const req = parseSetRoleRequest(await body(c));
    const username = target(c);
    const user = await setRole(store, { ...req, username, teamId: s.team.id });
    return c.json({ user } satisfies AccountResponse);
  });

  for (const disabled of [true, false]) {
    app.post(`/users/:username/${disabled ? 'disable' : 'enable'}`, async (c) => {
      const s = await admin(c);
      const username = target(c);
      const user = await setDisabled(store, { username, disabled, teamId: s.team.id });
      return c.json({ user } satisfies AccountResponse);
    });
  }

  app.post('/users/:username/revoke-tokens', async (c) => {
    const s = await admin(c);
    const username = target(c);
    const answer: RevokeResponse = await revokeTokens(store, { username, teamId: s.team.id });
    return c.json(answer);
  });

  return app;
}
