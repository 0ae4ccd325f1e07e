import { describe, expect, test } from 'vitest';
import { createAssignment, createLargestPost } from '../tests/factories';
import type { PullResponse } from '../utils/domain/sync-protocol';
import { BACKENDS, type Client, newWorld, useBackend } from './test/helpers';

/**
 * Items of the largest posts (about 71 kB each as JSON, 43 MB in all). Answered whole, four
 * pulls of them at once took the process 210 MB (PostgreSQL) to 510 MB (PGlite) higher.
 */
const ITEMS = 600;
const CONCURRENT_PULLS = 4;
const MAX_GROWTH_MB = 150;
const PU = 'dsdabm';

async function pullToTheEnd(client: Client): Promise<number> {
  let received = 0;
  let page: PullResponse;
  do {
    page = await client.pull(5_000);
    received += page.assignments.length;
  } while (page.more);
  return received;
}

/** The process's highest resident memory while `run` runs, above what it was before, in MB. */
async function rssGrowthMb(run: () => Promise<void>): Promise<number> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  try {
    await run();
  } finally {
    clearInterval(sample);
  }
  return (Math.max(peak, process.memoryUsage.rss()) - before) / 2 ** 20;
}

describe.each(BACKENDS)('a server answering pulls of the largest posts (%s)', (name) => {
  const backend = useBackend(name);

  test(`keeps its memory within ${MAX_GROWTH_MB} MB through ${CONCURRENT_PULLS} pulls at once`, async () => {
    const world = await newWorld(backend);
    // One item, copied under new ids by the database: far quicker than pushing them.
    const template = createAssignment({ departmentId: PU });
    template.post.text = createLargestPost().text;
    await world.store.query(
      `INSERT INTO assignments (team_id, tweet_id, department_id, data, version)
       SELECT $1, (1900000000000000000 + i)::text, $2,
              jsonb_set($3::jsonb, '{tweetId}', to_jsonb((1900000000000000000 + i)::text)), i
       FROM generate_series(1, $4::int) AS i`,
      [world.teamId, PU, JSON.stringify(template), ITEMS],
    );
    await world.store.query('UPDATE teams SET version = $2 WHERE id = $1', [world.teamId, ITEMS]);
    // One after the other: logins at once count as guesses against each other.
    const clients: Client[] = [];
    for (let i = 0; i < CONCURRENT_PULLS; i++) clients.push(await world.officer('triage'));

    let received: number[] = [];
    const growth = await rssGrowthMb(async () => {
      received = await Promise.all(clients.map(pullToTheEnd));
    });
    expect(received).toEqual(clients.map(() => ITEMS));
    console.log(`${name}: ${growth.toFixed(0)} MB more at most`);
    expect(growth).toBeLessThan(MAX_GROWTH_MB);
  }, 60_000);
});
