import { afterEach, describe, expect, test, vi } from 'vitest';
import { createPost } from '../tests/factories';
import type { Store } from './store';
import { assignArgs, BACKENDS, newWorld, useBackend } from './test/helpers';

const POST_MARKER = 'RAHASIA-WARGA-7731';
const NOTE_MARKER = 'CATATAN-PETUGAS-4419';

/**
 * The store, except that writing an assignment whose data holds the note fails the way a
 * database does: with an error that quotes the value it refused (and, in PGlite, carries the
 * query's parameters).
 */
function failingOnNote(store: Store): Store {
  return {
    ...store,
    query: (sql, params) => store.query(sql, params),
    transaction: (fn, opts) =>
      store.transaction(
        (tx) =>
          fn({
            async query(sql, params) {
              const note = params?.find((p) => typeof p === 'string' && p.includes(NOTE_MARKER));
              if (sql.includes('INSERT INTO assignments') && note !== undefined) {
                await tx.query('SELECT $1::int', [note]);
              }
              return tx.query(sql, params);
            },
          }),
        opts,
      ),
  };
}

function captureLogs(): () => string {
  const lines: string[] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(
        args
          .map((a) => (a instanceof Error ? `${a.stack} ${JSON.stringify({ ...a })}` : String(a)))
          .join(' '),
      );
    });
  }
  return () => lines.join('\n');
}

afterEach(() => {
  vi.restoreAllMocks();
});

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
    const logged = logs();
    // What an operator needs to find the fault: the request, the team, who, which mutation, why.
    expect(logged).toContain(`ref=${reference} POST /v1/push`);
    expect(logged).toContain(`team=${world.teamId}`);
    expect(logged).toContain(`mutations=${resolve.id}:resolve`);
    expect(logged).toMatch(/code=22P02/);
    expect(logged).not.toContain(NOTE_MARKER);
    expect(logged).not.toContain(POST_MARKER);
  });
});
