import { describe, expect, test } from 'vitest';
import { createPost } from '../tests/factories';
import type { PushedMutation } from '../utils/domain/sync-protocol';
import type { Assignment } from '../utils/domain/types';
import { assignArgs, newWorld, useBackend } from './test/helpers';

const CLIENTS = 20;
const MUTATIONS = 50;
const DEPTS = ['dsdabm', 'dlh', 'dishub', 'dinkes'];

describe('many officers at once on PostgreSQL', () => {
  const backend = useBackend('PostgreSQL');

  test(`${CLIENTS} clients × ${MUTATIONS} mutations while a watcher pulls: the watcher sees every change`, async () => {
    const world = await newWorld(backend);
    const officers = await Promise.all(
      Array.from({ length: CLIENTS }, () => world.officer('triage')),
    );
    const watcher = await world.officer('admin');
    const shared = Array.from({ length: 5 }, () => createPost());

    // Each officer: 20 own posts, a note on each, and 10 assigns of the posts everyone fights over.
    const plans = officers.map((o, n) => {
      const own = Array.from({ length: 20 }, () => createPost());
      const list: PushedMutation[] = [];
      own.forEach((p, i) => {
        list.push(o.mutation('assignPost', assignArgs(DEPTS[i % DEPTS.length]!, p)));
        list.push(o.mutation('addNote', { tweetId: p.id, text: `catatan ${o.username} ${i}` }));
      });
      for (let i = 0; i < 10; i += 1) {
        list.splice(
          i * 5,
          0,
          o.mutation('assignPost', assignArgs(DEPTS[(n + i) % DEPTS.length]!, shared[i % 5]!)),
        );
      }
      // Ids must rise in push order.
      list.sort((a, b) => a.id - b.id);
      return { officer: o, own, list };
    });
    expect(plans.every((p) => p.list.length === MUTATIONS)).toBe(true);

    const seen = new Map<string, Assignment>();
    const cursors: number[] = [];
    let pushing = true;
    const watch = (async () => {
      while (pushing) {
        const page = await watcher.pull(100);
        if (page.assignments.length > 0) cursors.push(page.cursor);
        for (const a of page.assignments) seen.set(a.tweetId, a);
      }
    })();
    await Promise.all(
      plans.map(async ({ officer, list }) => {
        for (let i = 0; i < list.length; i += 10) {
          const res = await officer.push(list.slice(i, i + 10));
          expect(res.refused).toEqual([]);
          expect(res.lastMutationId).toBe(list[Math.min(i + 9, list.length - 1)]!.id);
        }
      }),
    );
    pushing = false;
    await watch;
    let last;
    do {
      last = await watcher.pull(100);
      if (last.assignments.length > 0) cursors.push(last.cursor);
      for (const a of last.assignments) seen.set(a.tweetId, a);
    } while (last.more);

    const rows = await world.store.query<{ data: Assignment }>('SELECT data FROM assignments');
    expect(rows).toHaveLength(CLIENTS * 20 + 5);
    expect(Object.fromEntries(seen)).toEqual(
      Object.fromEntries(rows.map((r) => [r.data.tweetId, r.data])),
    );
    for (let i = 1; i < cursors.length; i += 1) expect(cursors[i]).toBeGreaterThan(cursors[i - 1]!);
    for (const { officer, own } of plans) {
      own.forEach((p, i) => {
        const item = seen.get(p.id)!;
        expect(item.history.map((h) => [h.action, h.by])).toEqual([
          ['assign', officer.username],
          ['note', officer.username],
        ]);
        expect(item.notes).toEqual([`catatan ${officer.username} ${i}`]);
      });
    }
    // Every shared post's history is a chain: each step starts where the one before ended.
    for (const p of shared) {
      const history = seen.get(p.id)!.history;
      expect(history[0]!.action).toBe('assign');
      history.slice(1).forEach((h, i) => expect(h.from).toBe(history[i]!.to));
    }
  }, 120_000);
});
