import { describe, expect, test } from 'vitest';
import { createAssignment, createLargestPost } from '../tests/factories';
import { MAX_NOTE_LENGTH } from '../utils/domain/schemas/assignment';
import { parsePullResponse, type PullResponse } from '../utils/domain/sync-protocol';
import { PULL_PAGE_BYTES } from './sync';
import {
  assignArgs,
  BACKENDS,
  type Client,
  newWorld,
  TEST_ORIGIN,
  useBackend,
} from './test/helpers';

const PU = 'dsdabm';

/** Every page to the end, as the browser checks it, with its size on the wire. */
async function pullPages(client: Client) {
  const pages: { page: PullResponse; bytes: number }[] = [];
  do {
    const res = await fetch(`${client.url}/v1/pull`, {
      method: 'POST',
      headers: {
        Origin: TEST_ORIGIN,
        Authorization: `Bearer ${client.token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ clientId: client.clientId, cursor: client.cursor, limit: 5_000 }),
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    const page = parsePullResponse(JSON.parse(text));
    pages.push({ page, bytes: Buffer.byteLength(text) });
    client.cursor = page.cursor;
  } while (pages.at(-1)!.page.more);
  return pages;
}

describe.each(BACKENDS)('pull pages bounded by bytes (%s)', (name) => {
  const backend = useBackend(name);

  test('largest posts come in pages within the bound, every one exactly once', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const posts = Array.from({ length: 48 }, () => createLargestPost());
    // As many as a push body holds.
    for (let i = 0; i < posts.length; i += 12) {
      const batch = posts.slice(i, i + 12);
      await triage.push(batch.map((p) => triage.mutation('assignPost', assignArgs(PU, p))));
    }
    const reader = await world.officer('admin');
    const pages = await pullPages(reader);

    expect(pages.length).toBeGreaterThan(2);
    for (const { bytes } of pages) expect(bytes).toBeLessThanOrEqual(PULL_PAGE_BYTES);
    const received = pages.flatMap(({ page }) => page.assignments.map((a) => a.tweetId));
    expect(received).toEqual(posts.map((p) => p.id));
    expect(pages[0]!.page.assignments[0]!.post.text).toBe(posts[0]!.text);
    // The directory and settings come once, on the first page from cursor 0.
    expect(pages.map(({ page }) => page.directory !== null)).toEqual(pages.map((_, i) => i === 0));
    expect(pages.at(-1)!.page.cursor).toBe(
      (await world.store.query<{ version: number }>('SELECT version FROM teams'))[0]!.version,
    );
  }, 60_000);

  test('an item larger than the bound comes alone in its page, and the pull goes on', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const before = createLargestPost();
    await triage.push([triage.mutation('assignPost', assignArgs(PU, before))]);
    // A long life of notes, stored as the server stores them.
    const huge = createAssignment({
      departmentId: PU,
      notes: Array.from({ length: 120 }, () => 'ꦕꦠꦠꦤ꧀'.repeat(MAX_NOTE_LENGTH / 5)),
    });
    const [team] = await world.store.query<{ version: number }>(
      'UPDATE teams SET version = version + 1 WHERE id = $1 RETURNING version',
      [world.teamId],
    );
    await world.store.query(
      `INSERT INTO assignments (team_id, tweet_id, department_id, data, version)
       VALUES ($1, $2, $3, $4, $5)`,
      [world.teamId, huge.tweetId, PU, JSON.stringify(huge), team!.version],
    );
    const after = createLargestPost();
    await triage.push([triage.mutation('assignPost', assignArgs(PU, after))]);

    const pages = await pullPages(await world.officer('admin'));
    expect(pages.map(({ page }) => page.assignments.map((a) => a.tweetId))).toEqual([
      [before.id],
      [huge.tweetId],
      [after.id],
    ]);
    expect(pages[1]!.bytes).toBeGreaterThan(PULL_PAGE_BYTES);
    expect(pages[1]!.page.assignments[0]).toEqual(huge);
  }, 60_000);
});
