/**
 * A push reads without the team's lock and writes only if nothing came between. These tests
 * put another push exactly between the two and check that the one overtaken is still applied
 * once, in order, on top of the other. On PostgreSQL only: PGlite runs one transaction at a
 * time, so nothing ever comes between.
 */
import { describe, expect, test } from 'vitest';
import { createPost } from '../tests/factories';
import { tokenHash } from './auth';
import { push } from './push';
import type { Store } from './store';
import { eachStatement } from './test/counting-store';
import { assignArgs, type Client, newWorld, useBackend } from './test/helpers';

/** Recognizes a push's read (its first statement, and the read again under the lock). */
const PUSH_READ = /AS earliest/;

/**
 * `store`, in which the next push read is followed, before its answer is returned, by
 * `between` (another push made straight on the database). Counts the pushes made again under
 * the team's lock.
 */
function interleaving(store: Store) {
  let between: (() => Promise<unknown>) | null = null;
  const seen = { lockedAgain: 0 };
  const wrapped = eachStatement(store, async (sql, params, send) => {
    if (/FOR UPDATE/.test(sql)) seen.lockedAgain += 1;
    const rows = await send(sql, params);
    const run = between;
    if (run && PUSH_READ.test(sql)) {
      between = null;
      await run();
    }
    return rows;
  });
  return { store: wrapped, seen, next: (fn: () => Promise<unknown>) => (between = fn) };
}

/** `client`'s push, made on the database directly (not through the server's line). */
async function pushDirectly(store: Store, client: Client, mutations: unknown[]) {
  return push(
    store,
    tokenHash(client.token),
    { clientId: client.clientId, mutations: mutations as never },
    new Date(),
  );
}

describe('a push overtaken between its read and its write', () => {
  const backend = useBackend('PostgreSQL');

  test('another officer’s change comes first; the overtaken one applies on top of it', async () => {
    const raw = await backend.newStore();
    const { store, seen, next } = interleaving(raw);
    const world = await newWorld(backend, {}, store);
    const [a, b] = [await world.officer('triage'), await world.officer('triage')];
    const post = createPost();
    await a.push([a.mutation('assignPost', assignArgs('dsdabm', post))]);
    const note = b.mutation('addNote', { tweetId: post.id, text: 'Dicek petugas B' });
    next(() => pushDirectly(raw, b, [note]));
    const answer = await a.push([
      a.mutation('assignPost', assignArgs('dlh', post)),
      a.mutation('addNote', { tweetId: post.id, text: 'Dipindah ke DLH' }),
    ]);
    expect(answer).toEqual({ lastMutationId: 3, refused: [] });
    expect(seen.lockedAgain).toBe(1);
    const [item] = await a.pullEverything();
    expect(item!.history.map((h) => [h.action, h.by])).toEqual([
      ['assign', a.username],
      ['note', b.username],
      ['reassign', a.username],
      ['note', a.username],
    ]);
    expect(item!.departmentId).toBe('dlh');
    expect(item!.notes).toEqual(['Dicek petugas B', 'Dipindah ke DLH']);
    // The other officer's browser confirms its note, and gets the same item.
    expect((await b.pull()).lastMutationId).toBe(note.id);
    expect((await b.pullEverything())[0]).toEqual(item);
  });

  test('the same push sent again comes first; the overtaken one applies nothing twice', async () => {
    const raw = await backend.newStore();
    const { store, seen, next } = interleaving(raw);
    const world = await newWorld(backend, {}, store);
    const a = await world.officer('triage');
    const post = createPost();
    const batch = [
      a.mutation('assignPost', assignArgs('dsdabm', post)),
      a.mutation('addNote', { tweetId: post.id, text: 'Sudah dicek' }),
      a.mutation('setStatus', { tweetId: createPost().id, status: 'responded' }),
    ];
    // The browser's first try is still on its way when its retry (after a time-out) is made.
    next(() => pushDirectly(raw, a, batch));
    const answer = await a.push(batch);
    expect(seen.lockedAgain).toBe(1);
    expect(answer).toEqual({
      lastMutationId: 3,
      refused: [
        { id: 3, code: 'not-found', message: expect.stringMatching(/never been assigned/) },
      ],
    });
    const [item] = await a.pullEverything();
    expect(item!.history.map((h) => h.action)).toEqual(['assign', 'note']);
    expect(item!.notes).toEqual(['Sudah dicek']);
  });
});
