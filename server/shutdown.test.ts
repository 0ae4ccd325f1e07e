/**
 * A server stopping: its database closes while requests may still wait in the line for it.
 * They are answered as while the database is away (503 with Retry-After: the browser keeps
 * its changes and comes back), not as a fault of the server.
 */
import { describe, expect, test } from 'vitest';
import { assignArgs, BACKENDS, newWorld, useBackend } from './test/helpers';

describe.each(BACKENDS)('a stopping server on %s', (name) => {
  const backend = useBackend(name);

  test('a request after its database closed answers 503 with Retry-After', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    await world.store.close();
    const res = await triage.call<{ error: { code: string } }>('POST', '/v1/push', {
      clientId: triage.clientId,
      mutations: [triage.mutation('assignPost', assignArgs('dlh'))],
    });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('database-unavailable');
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await triage.call('GET', '/healthz')).status).toBe(503);
  });
});
