import { describe, expect, test } from 'vitest';
import { createUser, resetPassword, revokeTokens, setDisabled } from './admin';
import { startServer } from './app';
import {
  hashPassword,
  MAX_CONCURRENT_VERIFICATIONS,
  verificationLoad,
  verifyPassword,
} from './auth';
import {
  assignArgs,
  BACKENDS,
  Client,
  newWorld,
  PASSWORD,
  TEST_ORIGIN,
  useBackend,
  type World,
} from './test/helpers';

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

  test('a push is read with its login: an ended, expired or unknown one is refused and applies nothing', async () => {
    const start = Date.now();
    let clock = new Date(start);
    const world = await newWorld(backend, { now: () => clock, tokenHours: 12 });
    const officer = await world.officer('triage');
    const pushAnswer = async (client: Client) => {
      const res = await client.call<{ error?: { code: string } }>('POST', '/v1/push', {
        clientId: client.clientId,
        mutations: [client.mutation('assignPost', assignArgs('dlh'))],
      });
      return [res.status, res.body.error?.code];
    };
    const stored = async () =>
      (await world.store.query<{ n: number }>('SELECT count(*) AS n FROM assignments'))[0]!.n;

    expect(await pushAnswer(officer)).toEqual([200, undefined]);
    clock = new Date(start + 12.01 * 3_600_000);
    expect(await pushAnswer(officer)).toEqual([401, 'token-expired']);
    clock = new Date(start);
    await officer.login();
    await revokeTokens(world.store, { username: officer.username });
    expect(await pushAnswer(officer)).toEqual([401, 'unauthorized']);
    await officer.login();
    await setDisabled(world.store, { username: officer.username, disabled: true });
    expect(await pushAnswer(officer)).toEqual([401, 'unauthorized']);
    const stranger = new Client(world.url, 'x');
    stranger.token = 'nonsense-token-of-good-length';
    expect(await pushAnswer(stranger)).toEqual([401, 'unauthorized']);
    expect(Number(await stored())).toBe(1);
  });

  test('wrong passwords from one address slow that pair with Retry-After, not the right password from another', async () => {
    let clock = new Date('2026-03-10T08:00:00Z');
    const world = await newWorld(backend, { now: () => clock, trustProxy: true });
    const officer = await world.officer('triage');
    const attempt = (address: string, password: string) =>
      loginFrom(world, address, officer.username, password);
    for (let i = 0; i < 3; i += 1) {
      expect((await attempt('198.51.100.1', `salah-salah-${i}`)).status).toBe(401);
    }
    const limited = await attempt('198.51.100.1', PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'too-many-attempts' } });
    expect(limited.headers.get('Retry-After')).toBe('2');
    // The officer at the office is not held back by a stranger's guesses.
    expect((await attempt('203.0.113.9', PASSWORD)).status).toBe(200);

    // Each further failure of the pair doubles its wait.
    const waits: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      clock = new Date(clock.getTime() + 3_600_000);
      expect((await attempt('198.51.100.1', 'salah-salah-salah')).status).toBe(401);
      waits.push((await attempt('198.51.100.1', PASSWORD)).headers.get('Retry-After')!);
    }
    expect(waits).toEqual(['4', '8', '16', '32']);

    // Retrying when told to, the officer gets in, and the backoff starts over.
    clock = new Date(clock.getTime() + 32_000);
    expect((await attempt('198.51.100.1', PASSWORD)).status).toBe(200);
    for (let i = 0; i < 3; i += 1) {
      expect((await attempt('198.51.100.1', `salah-salah-${i}`)).status).toBe(401);
    }
    expect((await attempt('198.51.100.1', PASSWORD)).headers.get('Retry-After')).toBe('2');
  });

  test('addresses of one IPv6 /64 share a backoff; the next /64 is another address', async () => {
    const world = await newWorld(backend, { trustProxy: true });
    const officer = await world.officer('triage');
    for (const host of ['a', 'b', 'c']) {
      const res = await loginFrom(world, `2001:db8:0:1::${host}`, officer.username, 'salah-salah');
      expect(res.status).toBe(401);
    }
    const res = await loginFrom(world, '2001:db8:0:1::d', officer.username, PASSWORD);
    expect(res.status).toBe(429);
    expect((await loginFrom(world, '2001:db8:0:2::1', officer.username, PASSWORD)).status).toBe(
      200,
    );
  });

  test('failures of many names behind one address hold back only the names that failed', async () => {
    const clock = new Date('2026-03-10T08:00:00Z');
    const world = await newWorld(backend, { now: () => clock, trustProxy: true });
    const [siti, budi] = [await world.officer('triage'), await world.officer('admin')];
    const office = '203.0.113.50';
    for (let i = 0; i < 20; i += 1) {
      expect((await loginFrom(world, office, `tebak${i}`, 'salah-salah')).status).toBe(401);
    }
    expect((await loginFrom(world, office, siti.username, PASSWORD)).status).toBe(200);

    // Past 100 failures in 15 minutes, a name that failed from the office waits for the window.
    expect((await loginFrom(world, office, budi.username, 'salah-salah')).status).toBe(401);
    for (let i = 20; i < 99; i += 1) await loginFrom(world, office, `tebak${i}`, 'salah-salah');
    const held = await loginFrom(world, office, budi.username, PASSWORD);
    expect(held.status).toBe(429);
    expect(held.headers.get('Retry-After')).toBe(String(15 * 60));
    // One without failures from it still logs in, and the name that failed does elsewhere.
    expect((await loginFrom(world, office, siti.username, PASSWORD)).status).toBe(200);
    expect((await loginFrom(world, '198.51.100.2', budi.username, PASSWORD)).status).toBe(200);
  });

  test('guessing a name from many addresses is slowed to 10 failures an hour; its own addresses are not', async () => {
    let clock = new Date('2026-03-10T08:00:00Z');
    const world = await newWorld(backend, { now: () => clock, trustProxy: true });
    const officer = await world.officer('department', 'dlh');
    const attempt = (address: string, password: string) =>
      loginFrom(world, address, officer.username, password);
    expect((await attempt('203.0.113.9', PASSWORD)).status).toBe(200);
    for (let i = 0; i < 10; i += 1) {
      expect((await attempt(`198.51.100.${i}`, 'salah-salah-salah')).status).toBe(401);
    }
    const stranger = await attempt('198.51.100.200', 'salah-salah-salah');
    expect(stranger.status).toBe(429);
    expect(stranger.headers.get('Retry-After')).toBe(String(60 * 60));
    // The office it logged in from before still gets in; a new place waits for the hour.
    expect((await attempt('203.0.113.9', PASSWORD)).status).toBe(200);
    expect((await attempt('192.0.2.7', PASSWORD)).status).toBe(429);
    clock = new Date(clock.getTime() + 60 * 60_000 + 1_000);
    expect((await attempt('192.0.2.7', PASSWORD)).status).toBe(200);
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

    // A POST without Origin is no browser's: refused, but for the login, logout and admin API
    // the admin command line uses. A GET without one (Chrome sends none on the GETs of an
    // extension with a host permission) is taken, with its token; no CORS.
    const officer = await world.officer('triage');
    const auth = { Authorization: `Bearer ${officer.token}` };
    const noOriginPush = await call('/v1/push', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ clientId: officer.clientId, mutations: [] }),
    });
    expect(noOriginPush.status).toBe(403);
    expect(await noOriginPush.json()).toMatchObject({ error: { code: 'origin-not-allowed' } });
    const noOriginLogin = await post();
    expect(noOriginLogin.status).toBe(401);
    expect(noOriginLogin.headers.get('Access-Control-Allow-Origin')).toBeNull();
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

  test('a burst of 30 parallel wrong logins from one address: at most 3 check a password, the rest get 429', async () => {
    const world = await newWorld(backend, { trustProxy: true });
    const officer = await world.officer('triage');
    const statuses = await Promise.all(
      Array.from(
        { length: 30 },
        async (_, i) =>
          (await loginFrom(world, '203.0.113.7', officer.username, `salah-salah-${i}`)).status,
      ),
    );
    const wrong = statuses.filter((s) => s === 401).length;
    expect(wrong).toBeLessThanOrEqual(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30 - wrong);
    // The burst slows its own address only: the officer elsewhere logs in.
    expect((await loginFrom(world, '198.51.100.3', officer.username, PASSWORD)).status).toBe(200);
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
    ).rejects.toThrow(/needs a department/);
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
      username: 'budi',
      role: 'department',
      departmentId: 'pdam',
      disabled: false,
      lastLoginAt: null,
    });
  });
});

/** A login attempt from `address` (the server trusts X-Forwarded-For in these tests). */
function loginFrom(world: World, address: string, username: string, password: string) {
  return new Client(world.url, username).call(
    'POST',
    '/v1/login',
    { username, password },
    { 'X-Forwarded-For': address },
  );
}

if (BACKENDS.includes('PostgreSQL')) {
  describe('login limits on PostgreSQL', () => {
    const backend = useBackend('PostgreSQL');

    test('failures counted by one instance limit logins on another', async () => {
      const world = await newWorld(backend);
      const officer = await world.officer('triage');
      const second = await startServer({ store: await backend.sameDatabase!() });
      backend.defer(() => second.close());
      for (let i = 0; i < 3; i += 1) {
        const url = i % 2 ? world.url : second.url;
        const res = await new Client(url, officer.username).call('POST', '/v1/login', {
          username: officer.username,
          password: 'salah-salah-salah',
        });
        expect(res.status).toBe(401);
      }
      const res = await new Client(second.url, officer.username).call('POST', '/v1/login', {
        username: officer.username,
        password: PASSWORD,
      });
      expect(res.status).toBe(429);
    });
  });
}
