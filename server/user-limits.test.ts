/**
 * What one officer may write: changes per minute (429 with Retry-After past them, nothing
 * applied) and the refusals kept for their browsers, which a flood of refused changes cannot
 * grow past the cap.
 */
import { describe, expect, test } from 'vitest';
import { createPost } from '../tests/factories';
import type { Store } from './store';
import { assignArgs, BACKENDS, Client, newWorld, useBackend } from './test/helpers';

const PU = 'dsdabm';

async function refusalsOf(store: Store, client: Client): Promise<number> {
  const [row] = await store.query<{ n: number | string }>(
    'SELECT count(*) AS n FROM refusals WHERE client_id = $1',
    [client.clientId],
  );
  return Number(row!.n);
}

function assigns(client: Client, n: number, departmentId = PU) {
  return Array.from({ length: n }, () =>
    client.mutation('assignPost', assignArgs(departmentId, createPost())),
  );
}

describe.each(BACKENDS)('per-user limits on %s', (name) => {
  const backend = useBackend(name);

  test('past a minute’s changes a push is answered 429 with Retry-After and applies nothing', async () => {
    let clock = Date.now();
    const world = await newWorld(backend, {
      now: () => new Date(clock),
      userLimits: { changesPerMinute: 12 },
    });
    const siti = await world.officer('triage');
    const budi = await world.officer('triage');
    expect((await siti.push(assigns(siti, 10))).lastMutationId).toBe(10);

    const next = assigns(siti, 4);
    const refused = await siti.call<{ error: { code: string } }>('POST', '/v1/push', {
      clientId: siti.clientId,
      mutations: next,
    });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too-many-changes');
    // 2 left, one more every 5 s: 2 more take 10 s.
    expect(refused.headers.get('Retry-After')).toBe('10');
    // Another officer has an allowance of their own.
    expect((await budi.push(assigns(budi, 10))).lastMutationId).toBe(10);

    clock += 10_000;
    expect(await siti.push(next)).toEqual({ lastMutationId: 14, refused: [] });
    let items = 0;
    for (;;) {
      const page = await siti.pull();
      items += page.assignments.length;
      if (!page.more) break;
    }
    expect(items).toBe(24);
  });

  test('a flood of refused changes keeps at most the cap of refusals, over all the officer’s browsers', async () => {
    const world = await newWorld(backend, {
      userLimits: { refusalsPerUser: 30 },
    });
    const flooder = await world.officer('triage');
    // A second browser of the same officer.
    const other = await new Client(world.url, flooder.username).login();
    const colleague = await world.officer('triage');
    await colleague.push(assigns(colleague, 3, 'dinas-karangan'));

    for (const client of [flooder, other, flooder, other]) {
      const answer = await client.push(assigns(client, 20, 'dinas-karangan'));
      // Each answer still names every refusal of its push.
      expect(answer.refused).toHaveLength(20);
      const total =
        (await refusalsOf(world.store, flooder)) + (await refusalsOf(world.store, other));
      expect(total).toBeLessThanOrEqual(30);
    }
    // The newest stay: the last push's 20 and 10 of the one before it.
    expect(await refusalsOf(world.store, other)).toBe(20);
    expect(await refusalsOf(world.store, flooder)).toBe(10);
    expect(await refusalsOf(world.store, colleague)).toBe(3);
  });
});
