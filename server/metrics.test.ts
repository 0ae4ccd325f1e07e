import { describe, expect, test } from 'vitest';
import { createPost } from '../tests/factories';
import { isLoopback } from './app';
import type { Store } from './store';
import { assignArgs, BACKENDS, newWorld, openEvents, useBackend } from './test/helpers';
import { parseExposition, valueOf } from './test/prometheus';

async function scrape(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/metrics`, { headers });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('Content-Type'), text };
}

/** The metrics as numbers; `delta` says how far each moved since this call. */
async function metricsOf(url: string) {
  const before = parseExposition((await scrape(url)).text);
  return async () => {
    const after = parseExposition((await scrape(url)).text);
    return (name: string, labels: Record<string, string> = {}) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);
  };
}

/** The store, except that while `away` is set it fails as an unreachable database does. */
function unreachableWhen(store: Store, away: { now: boolean }): Store {
  const refuse = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  return {
    ...store,
    query: (sql, params) => (away.now ? Promise.reject(refuse()) : store.query(sql, params)),
  };
}

describe.each(BACKENDS)('/metrics on %s', (name) => {
  const backend = useBackend(name);

  test('its counters move with pushes, pulls, refusals, streams and logins', async () => {
    const world = await newWorld(backend);
    const officer = await world.officer('triage');
    const moved = await metricsOf(world.url);

    const post = createPost();
    const batch = [
      officer.mutation('assignPost', assignArgs('dlh', post)),
      officer.mutation('setStatus', { tweetId: createPost().id, status: 'responded' }),
    ];
    const answer = await officer.push(batch);
    await officer.push(batch); // sent again after a lost answer: nothing applies twice
    const page = await officer.pull();
    const events = await openEvents(world.url, officer.token);
    await events.next();
    const delta = await moved();
    events.close();
    await officer.call('POST', '/v1/login', {
      username: officer.username,
      password: 'salah-sekali',
    });

    expect(delta('tanggap_pushes_total')).toBe(2);
    expect(delta('tanggap_mutations_total', { outcome: 'applied' })).toBe(1);
    expect(answer.refused).toEqual([expect.objectContaining({ id: 2, code: 'not-found' })]);
    expect(delta('tanggap_mutations_total', { outcome: 'refused', code: 'not-found' })).toBe(1);
    expect(delta('tanggap_mutations_total', { outcome: 'repeated' })).toBe(2);
    expect(delta('tanggap_pulls_total')).toBe(1);
    expect(delta('tanggap_pulled_rows_total')).toBe(
      page.assignments.length + page.removedAssignmentIds.length,
    );
    expect(page.assignments.length).toBeGreaterThan(0);
    expect(delta('tanggap_event_streams')).toBe(1);
    expect(delta('tanggap_event_streams_opened_total')).toBe(1);
    const route = { method: 'POST', route: '/v1/push', status: '2xx' };
    expect(delta('tanggap_http_request_duration_seconds_count', route)).toBe(2);
    expect(delta('tanggap_http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(2);
    // Two pushes, each on one connection, and the pull's page built on one; the pull's head, a
    // login's check and the stream's version are single queries.
    const ran = (operation: string) =>
      delta('tanggap_database_duration_seconds_count', { operation });
    expect(ran('connection')).toBe(3);
    expect(ran('transaction')).toBe(0);
    expect(ran('query')).toBeGreaterThan(0);
    // Every operation that ran passed the line for the database, and its wait was measured.
    const waited = (kind: string) => delta('tanggap_database_wait_seconds_count', { for: kind });
    expect(waited('request') + waited('server')).toBe(
      ran('connection') + ran('transaction') + ran('query'),
    );

    // The stream's end and the failed login show at the next scrape.
    await expect.poll(async () => (await moved())('tanggap_event_streams')).toBe(0);
    expect((await moved())('tanggap_logins_total', { outcome: 'failed' })).toBe(1);
    const samples = parseExposition((await scrape(world.url)).text);
    expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(valueOf(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  test('a database that is away shows as errors and 503 answers', async () => {
    const away = { now: false };
    const store = await backend.newStore();
    const world = await newWorld(backend, { store: unreachableWhen(store, away) }, store);
    const moved = await metricsOf(world.url);

    away.now = true;
    const health = await fetch(`${world.url}/healthz`);
    away.now = false;

    expect(health.status).toBe(503);
    const delta = await moved();
    expect(
      delta('tanggap_http_errors_total', { status: '503', code: 'database-unavailable' }),
    ).toBe(1);
    expect(delta('tanggap_database_errors_total', { kind: 'unreachable' })).toBe(1);
    expect(
      delta('tanggap_http_request_duration_seconds_count', { route: '/healthz', status: '5xx' }),
    ).toBe(1);
  });
});

describe('who may read /metrics', () => {
  const backend = useBackend('PGlite');

  test('without a token: this machine, not through a proxy', async () => {
    const world = await newWorld(backend);
    const direct = await scrape(world.url);
    expect(direct.status).toBe(200);
    expect(direct.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(parseExposition(direct.text).length).toBeGreaterThan(0);
    for (const header of ['X-Forwarded-For', 'Forwarded', 'X-Real-IP']) {
      const proxied = await scrape(world.url, { [header]: '203.0.113.9' });
      expect(proxied.status).toBe(403);
      expect(proxied.text).toContain('TANGGAP_METRICS_TOKEN');
    }
  });

  test('with a token: whoever has it, from anywhere', async () => {
    const world = await newWorld(backend, { metricsToken: 'rahasia-prometheus-1234' });
    expect((await scrape(world.url)).status).toBe(401);
    expect((await scrape(world.url, { Authorization: 'Bearer salah' })).status).toBe(401);
    const ok = await scrape(world.url, {
      Authorization: 'Bearer rahasia-prometheus-1234',
      'X-Forwarded-For': '203.0.113.9',
    });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('tanggap_pushes_total');
  });

  test('this machine is the loopback addresses only', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopback(address)).toBe(true);
    }
    for (const address of ['10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', 'fe80::1', undefined]) {
      expect(isLoopback(address)).toBe(false);
    }
  });
});
