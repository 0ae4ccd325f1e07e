/**
 * A database restored from an older backup: the team's epoch (`after-restore`), a push made
 * with an old one, and a cursor ahead of the team.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createPost } from '../tests/factories';
import { DEFAULT_DEPARTMENTS } from '../utils/domain/departments';
import type { PullResponse } from '../utils/domain/sync-protocol';
import { afterRestore, createTeam, runAdmin } from './admin';
import { migrate } from './migrations';
import { openStore, type Store } from './store';
import { assignArgs, BACKENDS, type Client, newWorld, useBackend } from './test/helpers';

const PU = 'dsdabm';

async function epochOf(store: Store, teamId: string): Promise<string> {
  const [row] = await store.query<{ epoch: string }>('SELECT epoch FROM teams WHERE id = $1', [
    teamId,
  ]);
  return row!.epoch;
}

/** The team as a backup taken at `version` holds it (for items first written after it). */
async function rollBack(store: Store, teamId: string, version: number): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.query('DELETE FROM assignments WHERE team_id = $1 AND version > $2', [
      teamId,
      version,
    ]);
    await tx.query(
      `DELETE FROM client_progress WHERE version > $2
       AND client_id IN (SELECT client_id FROM clients WHERE team_id = $1)`,
      [teamId, version],
    );
    await tx.query(
      `UPDATE clients SET last_mutation_id = coalesce((SELECT max(p.last_mutation_id)
       FROM client_progress p WHERE p.client_id = clients.client_id), 0) WHERE team_id = $1`,
      [teamId],
    );
    await tx.query('UPDATE teams SET version = $2 WHERE id = $1', [teamId, version]);
  });
}

function pushWithEpoch(client: Client, epoch: string, mutations: unknown[]) {
  return client.call<{ error?: { code: string } }>('POST', '/v1/push', {
    clientId: client.clientId,
    mutations,
    epoch,
  });
}

describe.each(BACKENDS)('a restored database on %s', (name) => {
  const backend = useBackend(name);

  test('after-restore gives the team a new epoch; a push made with the old one applies nothing', async () => {
    const world = await newWorld(backend);
    const other = await createTeam(world.store, { name: 'Kota Lain' });
    const triage = await world.officer('triage');
    const first = await triage.pull();
    expect(first).toMatchObject({ reset: false, epoch: await epochOf(world.store, world.teamId) });
    expect(first.epoch).not.toBe('');
    expect(first.epoch).not.toBe(await epochOf(world.store, other.id));
    const otherEpoch = await epochOf(world.store, other.id);

    const before = createPost();
    const ok = await pushWithEpoch(triage, first.epoch, [
      triage.mutation('assignPost', assignArgs(PU, before)),
    ]);
    expect(ok.status).toBe(200);

    const { epoch } = await afterRestore(world.store, { teamId: world.teamId });
    expect(epoch).not.toBe(first.epoch);
    expect(await epochOf(world.store, other.id)).toBe(otherEpoch);
    await expect(afterRestore(world.store, { teamId: 'nowhere' })).rejects.toThrow(
      /No team has the id "nowhere"/,
    );

    const late = createPost();
    const stale = await pushWithEpoch(triage, first.epoch, [
      triage.mutation('assignPost', assignArgs(PU, late)),
    ]);
    expect(stale.status).toBe(409);
    expect(stale.body.error?.code).toBe('epoch-changed');
    const after = await triage.pull();
    expect(after).toMatchObject({ epoch, reset: false, lastMutationId: 1 });
    expect(after.assignments.map((a) => a.tweetId)).toEqual([before.id]);

    // With the new epoch (or none, as an extension that never pulled) the same push applies.
    const fresh = await pushWithEpoch(triage, epoch, [
      { id: 2, name: 'assignPost', args: assignArgs(PU, late), at: new Date().toISOString() },
    ]);
    expect(fresh.status).toBe(200);
    expect((await triage.pull()).assignments.map((a) => a.tweetId)).toEqual([late.id]);
  });

  test('a cursor ahead of the team gets everything from 0 with reset, and lost mutations apply again once', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const posts = [createPost(), createPost(), createPost()];
    const mutations = posts.map((p) => triage.mutation('assignPost', assignArgs(PU, p)));
    await triage.push(mutations);
    const seen = await triage.pull();
    expect(seen).toMatchObject({ lastMutationId: 3, reset: false });
    const [kept] = await world.store.query<{ version: number }>(
      'SELECT version FROM assignments WHERE tweet_id = $1',
      [posts[0]!.id],
    );
    await rollBack(world.store, world.teamId, kept!.version);

    const again: PullResponse = await triage.pull();
    expect(again).toMatchObject({
      reset: true,
      epoch: seen.epoch,
      cursor: kept!.version,
      lastMutationId: 1,
      more: false,
    });
    expect(again.assignments.map((a) => a.tweetId)).toEqual([posts[0]!.id]);
    expect(again.directory).toHaveLength(DEFAULT_DEPARTMENTS.length);
    expect(again.settings).not.toBeNull();
    expect(await triage.pull()).toMatchObject({ reset: false, assignments: [] });

    // The same batch again: the mutations the restored database lost apply, each once.
    expect(await triage.push(mutations)).toEqual({ lastMutationId: 3, refused: [] });
    expect(await triage.push(mutations)).toEqual({ lastMutationId: 3, refused: [] });
    const back = await triage.pull();
    expect(back.assignments.map((a) => a.tweetId).sort()).toEqual(
      [posts[1]!.id, posts[2]!.id].sort(),
    );
    expect(back.assignments.every((a) => a.history.length === 1)).toBe(true);
  });

  test('the migration gives each existing team its own epoch', async () => {
    const world = await newWorld(backend);
    const other = await createTeam(world.store, { name: 'Kota Lain' });
    await world.store.query('ALTER TABLE teams DROP COLUMN epoch');
    await world.store.query('DELETE FROM schema_migrations WHERE id = 3');

    expect(await migrate(world.store)).toBe(1);

    const epochs = [await epochOf(world.store, world.teamId), await epochOf(world.store, other.id)];
    expect(epochs.every((e) => e.length >= 32)).toBe(true);
    expect(epochs[0]).not.toBe(epochs[1]);
  });
});

describe('the after-restore command', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  test('sets a new epoch and says so; an unknown team is an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tanggap-restore-'));
    dirs.push(dir);
    const data = join(dir, 'db');
    const out: string[] = [];
    const admin = (...args: string[]) =>
      runAdmin([...args, '--data', data], (line) => out.push(line));
    const epoch = async () => {
      const store = await openStore({ dataDir: data });
      try {
        return await epochOf(store, 'kota-contoh');
      } finally {
        await store.close();
      }
    };
    await admin('create-team', '--name', 'Kota Contoh');
    const before = await epoch();
    await admin('after-restore', '--team', 'kota-contoh');
    expect(await epoch()).not.toBe(before);
    expect(out.pop()).toBe(
      'Team kota-contoh has a new epoch: its browsers pull everything again at their next sync',
    );
    await expect(admin('after-restore', '--team', 'kota-lain')).rejects.toThrow(
      /No team has the id "kota-lain"/,
    );
    await expect(admin('after-restore')).rejects.toThrow(/--team is needed/);
    // It opens PGlite five times over: generous, for a machine busy with another run.
  }, 120_000);
});
