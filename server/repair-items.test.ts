import { describe, expect, test } from 'vitest';
import { createAssignment, createPost } from '../tests/factories';
import { MAX_HISTORY } from '../utils/domain/schemas/assignment';
import { parsePullResponse, type PullResponse } from '../utils/domain/sync-protocol';
import type { Assignment } from '../utils/domain/types';
import { migrate, REPAIR_MIGRATION } from './migrations';
import { assignArgs, BACKENDS, type Client, newWorld, useBackend } from './test/helpers';
import { captureLogs } from './test/logs';

const PU = 'dsdabm';

/** What an older server stored from a browser whose clock said 1999. */
function datedByAWrongClock(): Assignment {
  return createAssignment({ departmentId: PU, assignedAt: '1999-12-31T16:00:00.000Z' });
}

/** What an older server stored of an item toggled 2,100 times. */
function toggledTooOften(): Assignment {
  const a = createAssignment({ departmentId: PU });
  const toggles = Array.from({ length: 2_100 }, (_, i) => ({
    at: new Date(Date.parse(a.assignedAt) + (i + 1) * 60_000).toISOString(),
    by: 'budi',
    action: i % 2 === 0 ? ('respond' as const) : ('reopen' as const),
  }));
  return { ...a, status: 'open', history: [...a.history, ...toggles] };
}

/** Every page a browser would take, checked as the browser checks them. */
async function pullAll(client: Client, limit?: number): Promise<Map<string, Assignment>> {
  const items = new Map<string, Assignment>();
  let page: PullResponse;
  do {
    const raw = await client.call('POST', '/v1/pull', {
      clientId: client.clientId,
      cursor: client.cursor,
      ...(limit ? { limit } : {}),
    });
    page = parsePullResponse(raw.body);
    client.cursor = page.cursor;
    for (const a of page.assignments) items.set(a.tweetId, a);
  } while (page.more);
  return items;
}

describe.each(BACKENDS)('items an older server stored that browsers refuse (%s)', (name) => {
  const backend = useBackend(name);

  test('are repaired at the upgrade, and every browser takes every item again', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const good = createPost();
    await triage.push([triage.mutation('assignPost', assignArgs(PU, good))]);
    const bad = [datedByAWrongClock(), toggledTooOften()];
    for (const a of bad) {
      const [team] = await world.store.query<{ version: number }>(
        'UPDATE teams SET version = version + 1 WHERE id = $1 RETURNING version',
        [world.teamId],
      );
      await world.store.query(
        `INSERT INTO assignments (team_id, tweet_id, department_id, data, version)
         VALUES ($1, $2, $3, $4, $5)`,
        [world.teamId, a.tweetId, a.departmentId, JSON.stringify(a), team!.version],
      );
    }
    // A browser that went past them (it set them aside) and one that signs in afresh.
    const past = await world.officer('admin');
    past.cursor = (
      await world.store.query<{ version: number }>('SELECT version FROM teams')
    )[0]!.version;
    const fresh = await world.officer('triage');
    await expect(pullAll(fresh)).rejects.toThrow(/out of range|at most 2000 events/);
    fresh.cursor = 0;

    const logs = captureLogs();
    await world.store.query('DELETE FROM schema_migrations WHERE id = $1', [REPAIR_MIGRATION]);
    expect(await migrate(world.store)).toBe(1);

    const items = await pullAll(fresh, 2);
    expect([...items.keys()].sort()).toEqual([good.id, ...bad.map((a) => a.tweetId)].sort());
    const [wrongClock, toggled] = bad.map((a) => items.get(a.tweetId)!);
    expect(wrongClock).toMatchObject({
      assignedAt: '2000-01-01T00:00:00.000Z',
      updatedAt: '2000-01-01T00:00:00.000Z',
      history: [{ action: 'assign', at: '2000-01-01T00:00:00.000Z' }],
      post: bad[0]!.post,
    });
    expect(toggled!.history).toHaveLength(MAX_HISTORY);
    expect(toggled!.history[0]).toEqual(bad[1]!.history[0]);
    expect(toggled!.history.at(-1)).toEqual(bad[1]!.history.at(-1));
    // The repaired items come again to a browser whose cursor was past them.
    expect([...(await pullAll(past)).keys()].sort()).toEqual(bad.map((a) => a.tweetId).sort());

    const repairLines = () => logs.records().filter((r) => String(r.event).startsWith('upgrade.'));
    expect(repairLines()).toEqual([
      expect.objectContaining({
        event: 'upgrade.item-repaired',
        team: world.teamId,
        post: bad[0]!.tweetId,
        reasons: 'times out of range',
      }),
      expect.objectContaining({
        event: 'upgrade.item-repaired',
        team: world.teamId,
        post: bad[1]!.tweetId,
        reasons: 'a history of 2101 events',
      }),
      expect.objectContaining({ event: 'upgrade.items-repaired', count: 2 }),
    ]);
    // Run again, it finds nothing left to repair.
    await world.store.query('DELETE FROM schema_migrations WHERE id = $1', [REPAIR_MIGRATION]);
    await migrate(world.store);
    expect(repairLines()).toHaveLength(3);
  }, 60_000);
});
