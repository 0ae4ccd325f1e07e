import { describe, expect, test } from 'vitest';
import { createPost } from '../tests/factories';
import type { Store } from './store';
import { eachStatement } from './test/counting-store';
import { assignArgs, BACKENDS, newWorld, useBackend } from './test/helpers';
import { captureLogs } from './test/logs';

const POST_MARKER = 'RAHASIA-WARGA-7731';
const NOTE_MARKER = 'CATATAN-PETUGAS-4419';

/**
 * The store, except that writing an assignment whose data holds the note fails the way a
 * database does: with an error that quotes the value it refused (and, in PGlite, carries the
 * query's parameters).
 */
function failingOnNote(store: Store): Store {
  return eachStatement(store, async (sql, params, send) => {
    const note = params?.find((p) => typeof p === 'string' && p.includes(NOTE_MARKER));
    if (sql.includes('INSERT INTO assignments') && note !== undefined) {
      await send('SELECT $1::int', [note]);
    }
    return send(sql, params);
  });
}

describe.each(BACKENDS)('failure logs on %s', (name) => {
  const backend = useBackend(name);

  test('an internal error logs ids and reasons, never the post or the note', async () => {
    const store = await backend.newStore();
    const world = await newWorld(backend, { store: failingOnNote(store) }, store);
    const officer = await world.officer('triage');
    const post = createPost({ text: `Banjir di depan rumah saya ${POST_MARKER}` });
    await officer.push([officer.mutation('assignPost', assignArgs('dlh', post))]);
    const logs = captureLogs();

    const resolve = officer.mutation('resolve', {
      tweetId: post.id,
      reason: 'handled',
      note: `Sudah ditangani, hubungi ${NOTE_MARKER}`,
    });
    const res = await officer.call<{ error: { code: string; message: string } }>(
      'POST',
      '/v1/push',
      { clientId: officer.clientId, mutations: [resolve] },
    );

    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('internal');
    const reference = /reference ([0-9a-f]+)/.exec(res.body.error.message)?.[1];
    expect(reference).toBeDefined();
    const lines = logs.records();
    const failure = lines.find((l) => l.event === 'http.internal-error');
    // What an operator needs to find the fault: the request, the team, who, which mutation, why.
    expect(failure).toMatchObject({
      level: 'error',
      request: reference,
      method: 'POST',
      route: '/v1/push',
      team: world.teamId,
      mutations: `${resolve.id}:resolve`,
      code: '22P02',
    });
    expect(res.headers.get('X-Request-Id')).toBe(reference);
    expect(logs.text()).not.toContain(NOTE_MARKER);
    expect(logs.text()).not.toContain(POST_MARKER);
  });

  test('each request logs one line: its route, status and time, and whose it was', async () => {
    const world = await newWorld(backend);
    const officer = await world.officer('triage');
    const logs = captureLogs();

    const post = createPost({ text: `Jalan berlubang ${POST_MARKER}` });
    await officer.push([officer.mutation('assignPost', assignArgs('dlh', post))]);
    const missing = await officer.call('GET', `/v1/items/${POST_MARKER}`);

    const requests = logs.records().filter((l) => l.event === 'http.request');
    expect(requests).toHaveLength(2);
    const [pushed, notFound] = requests;
    expect(pushed).toMatchObject({
      level: 'info',
      method: 'POST',
      route: '/v1/push',
      status: 200,
      team: world.teamId,
    });
    expect(pushed!.ms).toEqual(expect.any(Number));
    expect(pushed!.time).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    expect(pushed!.user).toEqual(expect.any(String));
    // A path nothing answers is logged as the pattern that caught it, not as typed.
    expect(missing.status).toBe(404);
    expect(notFound).toMatchObject({ method: 'GET', route: '/v1/*', status: 404 });
    expect(notFound!.request).toBe(missing.headers.get('X-Request-Id'));
    expect(logs.text()).not.toContain(POST_MARKER);
    expect(logs.text()).not.toContain(officer.token);
  });
});
