import { describe, expect, test } from 'vitest';
import {
  parseAccountResponse,
  parseTeamAccounts,
  type TeamAccounts,
} from '../utils/domain/admin-protocol';
import { createTeam, createUser, listUsers, setDisabled } from './admin';
import {
  BACKENDS,
  Client,
  newWorld,
  openEvents,
  PASSWORD,
  useBackend,
  type World,
} from './test/helpers';

/**
 * How long a stream may outlive its login: the server ends it within a second, this bound is
 * for a loaded machine.
 */
const ENDED_MS = 5_000;

describe.each(BACKENDS)('the admin API on %s', (name) => {
  const backend = useBackend(name);

  async function teamWithAdmin(): Promise<{ world: World; admin: Client }> {
    const world = await newWorld(backend);
    return { world, admin: await world.officer('admin') };
  }
  const users = async (admin: Client) => {
    const res = await admin.call('GET', '/v1/admin/users');
    expect(res.status).toBe(200);
    return parseTeamAccounts(res.body);
  };
  const account = (list: TeamAccounts, username: string) =>
    list.users.find((u) => u.username === username);

  test('only an admin of the team gets in: 401 without a login, 403 for other roles', async () => {
    const { world, admin } = await teamWithAdmin();
    const triage = await world.officer('triage');
    const department = await world.officer('department', 'dlh');
    const routes: [string, string, unknown?][] = [
      ['GET', '/v1/admin/users'],
      ['POST', '/v1/admin/users', { username: 'budi', role: 'triage' }],
      ['POST', `/v1/admin/users/${admin.username}/disable`],
      ['POST', `/v1/admin/users/${admin.username}/enable`],
      ['POST', `/v1/admin/users/${admin.username}/revoke-tokens`],
      ['POST', `/v1/admin/users/${admin.username}/password`, {}],
      ['POST', `/v1/admin/users/${admin.username}/role`, { role: 'triage' }],
    ];
    const nobody = new Client(world.url, 'nobody');
    for (const [method, path, body] of routes) {
      expect((await nobody.call(method, path, body)).status).toBe(401);
      for (const officer of [triage, department]) {
        const res = await officer.call(method, path, body);
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ error: { code: 'not-admin' } });
      }
    }
    // Nothing was done: the admin is still an active admin, and nobody called budi exists.
    const list = await users(admin);
    expect(account(list, admin.username)).toMatchObject({ role: 'admin', disabled: false });
    expect(account(list, 'budi')).toBeUndefined();
    expect((await admin.call('GET', '/v1/me')).status).toBe(200);
  });

  test("lists the team and its accounts with their last login; another team's are not there", async () => {
    const { world, admin } = await teamWithAdmin();
    const officer = await world.officer('department', 'pdam');
    const other = await createTeam(world.store, { name: 'Kabupaten Lain' });
    await createUser(world.store, {
      teamId: other.id,
      username: 'orang-lain',
      password: PASSWORD,
      role: 'admin',
    });
    await createUser(world.store, {
      teamId: world.teamId,
      username: 'belum-masuk',
      password: PASSWORD,
      role: 'triage',
    });
    const before = Date.now();
    await new Client(world.url, officer.username).login();

    const list = await users(admin);
    expect(list.team).toEqual({ id: world.teamId, name: 'Kota Contoh' });
    expect(list.users.map((u) => u.username)).toEqual(
      [admin.username, officer.username, 'belum-masuk'].sort(),
    );
    expect(account(list, officer.username)).toMatchObject({
      role: 'department',
      departmentId: 'pdam',
      disabled: false,
    });
    const lastLogin = Date.parse(account(list, officer.username)!.lastLoginAt!);
    expect(lastLogin).toBeGreaterThanOrEqual(before - 1_000);
    expect(account(list, 'belum-masuk')!.lastLoginAt).toBeNull();

    // The other team's admin: the same 404 as for a name nobody has.
    for (const action of ['disable', 'enable', 'revoke-tokens', 'password', 'role']) {
      const body = action === 'role' ? { role: 'triage' } : action === 'password' ? {} : undefined;
      for (const username of ['orang-lain', 'tidak-ada']) {
        const res = await admin.call('POST', `/v1/admin/users/${username}/${action}`, body);
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ error: { code: 'no-such-user' } });
      }
    }
    expect((await new Client(world.url, 'orang-lain').login()).token).not.toBe('');
  });

  test('creates accounts: a generated password is answered once and logs in', async () => {
    const { world, admin } = await teamWithAdmin();
    const created = await admin.call('POST', '/v1/admin/users', {
      username: ' Budi.Santoso ',
      role: 'department',
      departmentId: 'dlh',
    });
    expect(created.status).toBe(201);
    const answer = parseAccountResponse(created.body);
    expect(answer.user).toEqual({
      username: 'budi.santoso',
      role: 'department',
      departmentId: 'dlh',
      disabled: false,
      lastLoginAt: null,
    });
    expect(answer.password).toMatch(/^\S{18}$/);
    const budi = await new Client(world.url, 'budi.santoso').login(answer.password);
    expect((await budi.call('GET', '/v1/me')).body).toMatchObject({
      actor: { role: 'department', departmentId: 'dlh' },
      team: { id: world.teamId },
    });
    // The list never shows a password.
    expect(JSON.stringify((await admin.call('GET', '/v1/admin/users')).body)).not.toContain(
      answer.password!,
    );

    const given = await admin.call('POST', '/v1/admin/users', {
      username: 'rina',
      role: 'triage',
      password: 'sandi-rina-panjang',
    });
    expect(given.status).toBe(201);
    expect(given.body).not.toHaveProperty('password');
    await new Client(world.url, 'rina').login('sandi-rina-panjang');

    const refusals: [unknown, number, string, RegExp][] = [
      [{ username: 'rina', role: 'triage' }, 409, 'username-taken', /taken/],
      [{ username: 'x', role: 'triage' }, 400, 'bad-request', /^user\.username must be 2 to/],
      [{ username: 'dedi', role: 'boss' }, 400, 'bad-request', /^user\.role must be one of/],
      [{ username: 'dedi', role: 'department' }, 400, 'bad-request', /departmentId is needed/],
      [
        { username: 'dedi', role: 'triage', departmentId: 'dlh' },
        400,
        'bad-request',
        /only for department officers/,
      ],
      [
        { username: 'dedi', role: 'department', departmentId: 'dinas-bulan' },
        400,
        'no-such-department',
        /no department "dinas-bulan"/,
      ],
      [{ username: 'dedi', role: 'triage', password: 'pendek' }, 400, 'bad-request', /password/],
      [{ username: 'dedi', role: 'triage', admin: true }, 400, 'bad-request', /unknown field/],
    ];
    for (const [body, status, code, message] of refusals) {
      const res = await admin.call('POST', '/v1/admin/users', body);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ error: { code, message: expect.stringMatching(message) } });
    }
    expect(account(await users(admin), 'dedi')).toBeUndefined();
  });

  test('a new password is answered once, ends the logins and replaces the old one', async () => {
    const { world, admin } = await teamWithAdmin();
    const officer = await world.officer('triage');
    const events = await openEvents(world.url, officer.token);
    backend.defer(async () => events.close());
    expect((await events.next()).event).toBe('ready');

    const res = await admin.call('POST', `/v1/admin/users/${officer.username}/password`, {});
    expect(res.status).toBe(200);
    const { password } = parseAccountResponse(res.body);
    expect(password).toMatch(/^\S{18}$/);
    await expect(events.next(ENDED_MS)).rejects.toThrow('the stream ended');
    expect((await officer.call('GET', '/v1/me')).status).toBe(401);
    await expect(new Client(world.url, officer.username).login(PASSWORD)).rejects.toThrow(
      /bad-login/,
    );
    await new Client(world.url, officer.username).login(password);

    const chosen = await admin.call('POST', `/v1/admin/users/${officer.username}/password`, {
      password: 'sandi-pilihan-admin',
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body).not.toHaveProperty('password');
    await new Client(world.url, officer.username).login('sandi-pilihan-admin');
  });

  test('disabling ends the streams and refuses logins; enabling lets the account in again', async () => {
    const { world, admin } = await teamWithAdmin();
    const officer = await world.officer('department', 'dlh');
    const events = await openEvents(world.url, officer.token);
    backend.defer(async () => events.close());
    expect((await events.next()).event).toBe('ready');

    const disabled = await admin.call('POST', `/v1/admin/users/${officer.username}/disable`);
    expect(disabled.status).toBe(200);
    expect(parseAccountResponse(disabled.body).user).toMatchObject({ disabled: true });
    await expect(events.next(ENDED_MS)).rejects.toThrow('the stream ended');
    await expect(new Client(world.url, officer.username).login()).rejects.toThrow(/bad-login/);

    const enabled = await admin.call('POST', `/v1/admin/users/${officer.username}/enable`);
    expect(parseAccountResponse(enabled.body).user).toMatchObject({ disabled: false });
    // Enabling brings back no old login, but a new one works.
    expect((await officer.call('GET', '/v1/me')).status).toBe(401);
    await new Client(world.url, officer.username).login();
  });

  test('revoking the tokens ends every stream of the account within a second', async () => {
    const { world, admin } = await teamWithAdmin();
    const officer = await world.officer('triage');
    const second = await new Client(world.url, officer.username).login();
    const streams = await Promise.all([officer, second].map((c) => openEvents(world.url, c.token)));
    backend.defer(async () => streams.forEach((s) => s.close()));
    for (const s of streams) expect((await s.next()).event).toBe('ready');

    const res = await admin.call('POST', `/v1/admin/users/${officer.username}/revoke-tokens`);
    expect(res.body).toEqual({ revoked: 2 });
    for (const s of streams) await expect(s.next(ENDED_MS)).rejects.toThrow('the stream ended');
    expect((await second.call('GET', '/v1/me')).status).toBe(401);
    // The admin's own login is untouched; the account logs in again.
    expect((await admin.call('GET', '/v1/me')).status).toBe(200);
    await new Client(world.url, officer.username).login();
  });

  test('a new role ends the logins; the next login has it', async () => {
    const { world, admin } = await teamWithAdmin();
    const officer = await world.officer('triage');
    const res = await admin.call('POST', `/v1/admin/users/${officer.username}/role`, {
      role: 'department',
      departmentId: 'dinkes',
    });
    expect(res.status).toBe(200);
    expect(parseAccountResponse(res.body).user).toMatchObject({
      role: 'department',
      departmentId: 'dinkes',
    });
    expect((await officer.call('GET', '/v1/me')).status).toBe(401);
    const again = await new Client(world.url, officer.username).login();
    expect((await again.call('GET', '/v1/me')).body).toMatchObject({
      actor: { role: 'department', departmentId: 'dinkes' },
    });
    const bad = await admin.call('POST', `/v1/admin/users/${officer.username}/role`, {
      role: 'department',
    });
    expect(bad.status).toBe(400);
  });

  test('the last active admin can be neither disabled nor given another role', async () => {
    const { world, admin } = await teamWithAdmin();
    const lastAdmin = async (path: string, body?: unknown) => {
      const res = await admin.call('POST', `/v1/admin/users/${admin.username}/${path}`, body);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        error: { code: 'last-admin', message: expect.stringMatching(/last active admin/) },
      });
    };
    await lastAdmin('disable');
    await lastAdmin('role', { role: 'triage' });

    // A disabled admin is no admin who can log in: still the last one.
    const second = await world.officer('admin');
    expect((await admin.call('POST', `/v1/admin/users/${second.username}/disable`)).status).toBe(
      200,
    );
    await lastAdmin('disable');

    // With another active admin, the first may step down; then the other is the last.
    await admin.call('POST', `/v1/admin/users/${second.username}/enable`);
    const down = await admin.call('POST', `/v1/admin/users/${admin.username}/role`, {
      role: 'triage',
    });
    expect(down.status).toBe(200);
    const secondAgain = await new Client(world.url, second.username).login();
    const res = await secondAgain.call('POST', `/v1/admin/users/${second.username}/disable`);
    expect(res.status).toBe(409);
    expect(account(await users(secondAgain), second.username)).toMatchObject({
      role: 'admin',
      disabled: false,
    });
  });

  test('two admins disabling each other at once: one is refused, an admin remains', async () => {
    const store = await backend.newStore();
    // Each on its own connection, as two requests are on PostgreSQL (PGlite has one).
    const second = backend.sameDatabase ? await backend.sameDatabase() : store;
    for (let round = 1; round <= 5; round += 1) {
      const team = await createTeam(store, { name: `Kota ${round}` });
      const [a, b] = [`admin-a${round}`, `admin-b${round}`];
      for (const username of [a, b]) {
        await createUser(store, { teamId: team.id, username, password: PASSWORD, role: 'admin' });
      }
      const results = await Promise.allSettled([
        setDisabled(store, { username: b, disabled: true, teamId: team.id }),
        setDisabled(second, { username: a, disabled: true, teamId: team.id }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(
        String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason),
      ).toMatch(/last active admin/);
      const accounts = await listUsers(store, { teamId: team.id });
      expect(accounts.filter((u) => !u.disabled)).toHaveLength(1);
    }
  });
});
