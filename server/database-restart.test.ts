import { describe, expect, test } from 'vitest';
import { createPost } from '../tests/factories';
import type { PushResponse } from '../utils/domain/sync-protocol';
import { DATABASE_RETRY_SECONDS } from './app';
import { type Answer, assignArgs, newWorld, openEvents, useBackend } from './test/helpers';

const OFFICERS = 4;
/** Pushes each officer gets acknowledged before the database goes, and again after it is back. */
const ACKS_EACH_SIDE = 3;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `ready` until it holds (or fails after `ms`, generous for a loaded machine). */
async function until(ready: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`Not in time: ${what}`);
    await pause(20);
  }
}

function expectDatabaseAway(res: Answer<unknown>) {
  expect(res.status).toBe(503);
  expect(res.headers.get('Retry-After')).toBe(String(DATABASE_RETRY_SECONDS));
  expect(res.body).toMatchObject({ error: { code: 'database-unavailable' } });
}

describe('the server while PostgreSQL restarts', () => {
  // Durable: an acknowledged commit must outlive a crash, as on a real server.
  const backend = useBackend('PostgreSQL', { durable: true });

  test.each(['fast', 'immediate'] as const)(
    'pg_ctl stop -m %s under load: 503 while away, then nothing lost or applied twice',
    async (mode) => {
      // The load is far beyond what one officer may push in a minute.
      const world = await newWorld(backend, { userLimits: { changesPerMinute: 1_000_000 } });
      const officers = await Promise.all(
        Array.from({ length: OFFICERS }, () => world.officer('triage')),
      );
      const watcher = await world.officer('admin');
      const events = await openEvents(world.url, watcher.token);
      backend.defer(async () => events.close());
      expect((await events.next()).event).toBe('ready');

      // Each officer pushes a new post and a note on it, again and again; a push that is not
      // acknowledged is sent again as it was (same ids), as the extension's outbox does.
      const acknowledged = new Set<string>();
      const refusals: Answer<unknown>[] = [];
      let loading = true;
      const load = Promise.all(
        officers.map(async (officer) => {
          while (loading) {
            const post = createPost();
            const mutations = [
              officer.mutation('assignPost', assignArgs('dlh', post)),
              officer.mutation('addNote', { tweetId: post.id, text: `catatan ${post.id}` }),
            ];
            for (;;) {
              const res = await officer.call<PushResponse>('POST', '/v1/push', {
                clientId: officer.clientId,
                mutations,
              });
              if (res.status === 200) {
                expect(res.body.refused).toEqual([]);
                acknowledged.add(post.id);
                break;
              }
              refusals.push(res);
              await pause(100);
            }
            await pause(20);
          }
        }),
      );

      await until(() => acknowledged.size >= OFFICERS * ACKS_EACH_SIDE, 'pushes before');
      await backend.restartDatabase!(mode, async () => {
        expectDatabaseAway(await watcher.call('GET', '/healthz'));
        expectDatabaseAway(
          await watcher.call('POST', '/v1/pull', { clientId: watcher.clientId, cursor: 0 }),
        );
        await until(() => refusals.length > 0, 'a push refused while the database is away');
      });
      const before = acknowledged.size;
      await until(() => acknowledged.size >= before + OFFICERS * ACKS_EACH_SIDE, 'pushes after');
      loading = false;
      await load;

      // Alive, and every refusal meanwhile said "try again", never "internal error".
      expect((await watcher.call('GET', '/healthz')).status).toBe(200);
      for (const res of refusals) expectDatabaseAway(res);

      const pulled = await watcher.pullEverything(100);
      expect(new Set(pulled.map((a) => a.tweetId))).toEqual(acknowledged);
      expect(pulled).toHaveLength(acknowledged.size);
      for (const item of pulled) {
        expect(item.notes).toEqual([`catatan ${item.tweetId}`]);
        expect(item.history.map((h) => h.action)).toEqual(['assign', 'note']);
      }

      // The stream opened before the restart hears the changes made after it.
      let heard = 0;
      while (heard < watcher.cursor) {
        const event = await events.next();
        if (event.event === 'changed') heard = (event.data as { cursor: number }).cursor;
      }
      expect(heard).toBe(watcher.cursor);
    },
    120_000,
  );
});
