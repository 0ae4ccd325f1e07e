import { describe, expect, test } from 'vitest';
import { createUser, resetPassword, revokeTokens, setDisabled } from './admin';
import { startServer } from './app';
import {
  hashPassword,
  MAX_CONCURRENT_VERIFICATIONS,
  verificationLoad,
  verifyPassword,
} from './auth';
import { BACKENDS, Client, newWorld, PASSWORD, TEST_ORIGIN, useBackend } from './test/helpers';

test('passwords are stored as salted scrypt hashes that verify only the right password', async () => {
  const a = await hashPassword('kata-sandi-rahasia');
  const b = await hashPassword('kata-sandi-rahasia');
  expect(a).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  expect(a).not.toBe(b);
  expect(await verifyPassword('kata-sandi-rahasia', a)).toBe(true);
  expect(await verifyPassword('kata-sandi-rahasiA', a)).toBe(false);
  expect(await verifyPassword('kata-sandi-rahasia', 'md5$abc')).toBe(false);
});

test('at most 4 passwords are hashed at once; the others wait their turn and still verify', async () => {
  const stored = await hashPassword('kata-sandi-rahasia');
  const checks = Array.from({ length: 10 }, (_, i) =>
    verifyPassword(i % 2 ? 'kata-sandi-rahasia' : 'salah-salah-salah', stored),
  );
  expect(verificationLoad()).toEqual({ running: MAX_CONCURRENT_VERIFICATIONS, waiting: 6 });
  expect(MAX_CONCURRENT_VERIFICATIONS).toBe(4);
  const results = await Promise.all(checks);
  expect(results).toEqual(Array.from({ length: 10 }, (_, i) => i % 2 === 1));
  expect(verificationLoad()).toEqual({ running: 0, waiting: 0 });
});

describe.each(BACKENDS)('accounts and origins on %s', (name) => {
  const backend = useBackend(name);

  test('login: an unknown name and a wrong password get the same 401; the right one a token', async () => {
    const world = await newWorld(backend);
    const officer = await world.officer('triage');
    const wrong = await new Client(world.url, officer.username).call('POST', '/v1/login', {
      username: officer.username,
      password: 'salah-salah-salah',
    });
    const unknown = await new Client(world.url, 'nobody').call('POST', '/v1/login', {
      username: 'nobody',
      password: PASSWORD,
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ error: { code: 'bad-login', message: expect.any(String) } });

    const login = await new Client(world.url, '').call('POST', '/v1/login', {
      username: ` ${officer.username.toUpperCase()} `,
      password: PASSWORD,
    });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      actor: { username: officer.username, role: 'triage', departmentId: '' },
      team: { id: world.teamId, name: 'Kota Contoh' },
    });
    const me = await officer.call('GET', '/v1/me');
    expect(me.body).toEqual({
      actor: { username: officer.username, role: 'triage', departmentId: '' },
      team: { id: world.teamId, name: 'Kota Contoh' },
    });
    // Only the token's hash is stored.
    const rows = await world.store.query<{ hash: string }>('SELECT hash FROM tokens');
    expect(rows.map((r) => r.hash)).not.toContain(officer.token);
  });

  test('a token expires after the configured hours, and logout or the admin revoke it', async () => {
    const start = Date.now();
    const hours = (h: number) => new Date(start + h * 3_600_000);
    let clock = hours(0);
    const world = await newWorld(backend, { now: () => clock, tokenHours: 12 });
    const officer = await world.officer('department', 'dlh');
    const login = await officer.call<{ expiresAt: string }>('POST', '/v1/login', {
      username: officer.username,
      password: PASSWORD,
    });
    expect(login.body.expiresAt).toBe(hours(12).toISOString());
    clock = hours(11.99);
    expect((await officer.call('GET', '/v1/me')).status).toBe(200);
    clock = hours(12.01);
    const expired = await officer.call('POST', '/v1/pull', {
      clientId: officer.clientId,
      cursor: 0,
    });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ error: { code: 'token-expired' } });

    clock = hours(0);
    await officer.login();
    expect((await officer.call('POST', '/v1/logout')).status).toBe(204);
    expect((await officer.call('GET', '/v1/me')).body).toMatchObject({
      error: { code: 'unauthorized' },
    });

    await officer.login();
    const second = await new Client(world.url, officer.username).login();
    // Four logins are live: the two from the start (the clock is back), these two.
    expect(await revokeTokens(world.store, { username: officer.username })).toEqual({ revoked: 4 });
    for (const c of [officer, second]) expect((await c.call('GET', '/v1/me')).status).toBe(401);

    await officer.login();
    await resetPassword(world.store, {
      username: officer.username,
      password: 'sandi-baru-yang-panjang',
    });
    expect((await officer.call('GET', '/v1/me')).status).toBe(401);
    await expect(officer.login()).rejects.toThrow(/bad-login/);
    await officer.login('sandi-baru-yang-panjang');
    expect((await officer.call('GET', '/v1/me')).status).toBe(200);

    const none = await new Client(world.url, 'x').call('GET', '/v1/me', undefined, {
      Authorization: 'Bearer nonsense-token-of-good-length',
    });
    expect(none.body).toMatchObject({ error: { code: 'unauthorized' } });
  });

  test('five failed logins for a name, or twenty from an address, are answered 429 until the window ends', async () => {
    let clock = new Date('2026-03-10T08:00:00Z');
    const world = await newWorld(backend, { now: () => clock });
    const officer = await world.officer('triage');
    const attempt = (username: string, password: string) =>
      new Client(world.url, username).call('POST', '/v1/login', { username, password });
    for (let i = 0; i < 5; i += 1) {
      expect((await attempt(officer.username, `salah-salah-${i}`)).status).toBe(401);
      clock = new Date(clock.getTime() + 60_000);
    }
    const limited = await attempt(officer.username, PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'too-many-attempts' } });
    // The first failure (08:00) leaves the window at 08:15: 10 minutes from now (08:05).
    expect(Number(limited.headers.get('Retry-After'))).toBe(10 * 60);
    // Refused again a minute later, the wait is still counted from the failures alone.
    clock = new Date('2026-03-10T08:06:00Z');
    const again = await attempt(officer.username, PASSWORD);
    expect(Number(again.headers.get('Retry-After'))).toBe(9 * 60);

    // Retrying when told to, the officer gets in.
    clock = new Date('2026-03-10T08:15:00Z');
    expect((await attempt(officer.username, PASSWORD)).status).toBe(200);

    // From one address: twenty failures over many names block the next name too.
    for (let i = 0; i < 20; i += 1) await attempt(`tebak${i}`, 'salah-salah-salah');
    const other = await world.officer('admin').catch((e: Error) => e);
    expect(String(other)).toMatch(/too-many-attempts/);
  });

  test('/v1 refuses a web page’s origin and takes extension origins, with CORS for them; /healthz needs none', async () => {
    const world = await newWorld(backend);
    const call = (path: string, init: RequestInit) => fetch(world.url + path, init);
    const post = (origin?: string) =>
      call('/v1/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(origin ? { Origin: origin } : {}) },
        body: JSON.stringify({ username: 'siapa', password: 'salah-salah-salah' }),
      });
    for (const origin of ['https://x.com', 'null', 'http://127.0.0.1', 'chrome-extension://a/b']) {
      const res = await post(origin);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'origin-not-allowed' } });
    }
    const ok = await post('moz-extension://4b1f7a2e-3a0d-4b7c-9d1e-0f2a5c6b7d8e');
    expect(ok.status).toBe(401);
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe(
      'moz-extension://4b1f7a2e-3a0d-4b7c-9d1e-0f2a5c6b7d8e',
    );

    const preflight = await call('/v1/push', {
      method: 'OPTIONS',
      headers: {
        Origin: TEST_ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe(TEST_ORIGIN);
    expect(preflight.headers.get('Access-Control-Allow-Headers')).toMatch(
      /Authorization, Content-Type/,
    );
    expect(preflight.headers.get('Vary')).toBe('Origin');

    // A POST without Origin is no browser's: refused. A GET without one (Chrome sends none on
    // the GETs of an extension with a host permission) is taken, with its token; no CORS.
    const noOrigin = await post();
    expect(noOrigin.status).toBe(403);
    expect(await noOrigin.json()).toMatchObject({ error: { code: 'origin-not-allowed' } });
    const officer = await world.officer('triage');
    const auth = { Authorization: `Bearer ${officer.token}` };
    const me = await call('/v1/me', { headers: auth });
    expect(me.status).toBe(200);
    expect(me.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect(await me.json()).toMatchObject({ actor: { username: officer.username } });
    const events = await call('/v1/events', { headers: auth, signal: AbortSignal.timeout(5_000) });
    expect(events.status).toBe(200);
    await events.body?.cancel();
    const fromPage = await call('/v1/me', { headers: { ...auth, Origin: 'https://x.com' } });
    expect(fromPage.status).toBe(403);

    const health = await call('/healthz', {});
    expect(await health.json()).toEqual({ ok: true });

    // A list of allowed origins narrows it down to those.
    const narrow = await startServer({
      store: world.store,
      allowedOrigins: ['chrome-extension://onlythisone'],
    });
    backend.defer(() => narrow.close());
    const refused = await fetch(`${narrow.url}/v1/me`, { headers: { Origin: TEST_ORIGIN } });
    expect(refused.status).toBe(403);
    const allowed = await fetch(`${narrow.url}/v1/me`, {
      headers: { Origin: 'chrome-extension://onlythisone' },
    });
    expect(allowed.status).toBe(401);
  });

  test('a burst of 30 parallel wrong logins for one name: at most 5 check a password, the rest get 429', async () => {
    const world = await newWorld(backend, { trustProxy: true });
    const officer = await world.officer('triage');
    const from = { 'X-Forwarded-For': '203.0.113.7' };
    const wrongLogin = async (i: number) =>
      (
        await new Client(world.url, officer.username).call(
          'POST',
          '/v1/login',
          { username: officer.username, password: `salah-salah-${i}` },
          from,
        )
      ).status;
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => wrongLogin(i)));
    const wrong = statuses.filter((s) => s === 401).length;
    expect(wrong).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30 - wrong);
    // A refused attempt is not a failure (a burst may even refuse all of its own): one at a
    // time, the name takes wrong passwords up to its limit of 5, and no more.
    for (let i = wrong; i < 5; i++) expect(await wrongLogin(100 + i)).toBe(401);
    expect(await wrongLogin(200)).toBe(429);
    // Also from another address: the limit is the name's.
    const right = await new Client(world.url, officer.username).call('POST', '/v1/login', {
      username: officer.username,
      password: PASSWORD,
    });
    expect(right.status).toBe(429);
    // Another officer from another address still logs in.
    await world.officer('admin');
  });

  test('a disabled account cannot log in and its tokens stop working; enabled, it logs in anew', async () => {
    const world = await newWorld(backend);
    const officer = await world.officer('department', 'dlh');
    const token = officer.token;
    await setDisabled(world.store, { username: officer.username, disabled: true });
    expect((await officer.call('GET', '/v1/me')).status).toBe(401);
    await expect(officer.login()).rejects.toThrow(/bad-login/);
    await setDisabled(world.store, { username: officer.username, disabled: false });
    await officer.login();
    expect((await officer.call('GET', '/v1/me')).status).toBe(200);
    // The login from before it was disabled stays ended.
    officer.token = token;
    expect((await officer.call('GET', '/v1/me')).status).toBe(401);
  });

  test('accounts: usernames are unique, department officers need a department of the team', async () => {
    const world = await newWorld(backend);
    const base = { teamId: world.teamId, password: PASSWORD };
    await createUser(world.store, { ...base, username: 'siti', role: 'triage' });
    await expect(
      createUser(world.store, { ...base, username: 'SITI', role: 'admin' }),
    ).rejects.toThrow(/taken/);
    await expect(
      createUser(world.store, { ...base, username: 'budi', role: 'department' }),
    ).rejects.toThrow(/--department/);
    await expect(
      createUser(world.store, {
        ...base,
        username: 'budi',
        role: 'department',
        departmentId: 'dinas-tidak-ada',
      }),
    ).rejects.toThrow(/no department/);
    await expect(
      createUser(world.store, { ...base, username: 'budi', role: 'triage', password: 'pendek' }),
    ).rejects.toThrow(/10/);
    expect(
      await createUser(world.store, {
        ...base,
        username: 'budi',
        role: 'department',
        departmentId: 'pdam',
      }),
    ).toEqual({
      teamId: world.teamId,
      username: 'budi',
      role: 'department',
      departmentId: 'pdam',
    });
  });
});

if (BACKENDS.includes('PostgreSQL')) {
  describe('login limits on PostgreSQL', () => {
    const backend = useBackend('PostgreSQL');

    test('failures counted by one instance limit logins on another', async () => {
      const world = await newWorld(backend);
      const officer = await world.officer('triage');
      const second = await startServer({ store: await backend.sameDatabase!() });
      backend.defer(() => second.close());
      for (let i = 0; i < 5; i += 1) {
        const url = i % 2 ? world.url : second.url;
        await new Client(url, officer.username).call('POST', '/v1/login', {
          username: officer.username,
          password: 'salah-salah-salah',
        });
      }
      const res = await new Client(second.url, officer.username).call('POST', '/v1/login', {
        username: officer.username,
        password: PASSWORD,
      });
      expect(res.status).toBe(429);
    });
  });
}
