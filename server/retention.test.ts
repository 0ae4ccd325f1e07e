/**
 * The retention purge: each rule deletes what it should, a browser behind the sync horizon
 * pulls everything again (and one pulling from nothing is never sent back to the start), and
 * nothing a browser still needs goes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createPost } from '../tests/factories';
import { mentionOf, seenMention } from '../utils/domain/mentions';
import type { PullResponse } from '../utils/domain/sync-protocol';
import type { Assignment } from '../utils/domain/types';
import { runAdmin } from './admin';
import { DEFAULT_RETENTION } from './config';
import { PURGE_LOCK_KEY, purge, startPurging } from './retention';
import type { Store } from './store';
import {
  assignArgs,
  BACKENDS,
  type Client,
  newWorld,
  pushWithPage,
  useBackend,
} from './test/helpers';

const PU = 'dsdabm';
const DAY_MS = 86_400_000;
const AT = '2025-03-10T01:00:00.000Z';
const later = (from: Date, days: number) => new Date(from.getTime() + days * DAY_MS);

/** Pulls to the end in pages of `limit`; every page must go on from the last one. */
async function pullToEnd(client: Client, limit?: number) {
  const pages: PullResponse[] = [];
  const items = new Map<string, Assignment>();
  for (let i = 0; i < 100; i += 1) {
    const page = await client.pull(limit);
    pages.push(page);
    for (const id of page.removedAssignmentIds) items.delete(id);
    for (const a of page.assignments) items.set(a.tweetId, a);
    if (!page.more) return { pages, items };
  }
  throw new Error('the pull never ended');
}

async function count(store: Store, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await store.query<{ n: number | string }>(
    `SELECT count(*) AS n FROM ${sql}`,
    params,
  );
  return Number(row!.n);
}

describe.each(BACKENDS)('the retention purge on %s', (name) => {
  const backend = useBackend(name);

  test('received mentions last changed behind the horizon go; a later one stays', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const seen = () =>
      seenMention(mentionOf(createPost({ text: '@PemkotBdg banjir' }), ['PemkotBdg'], AT)!);
    const [old, dismissedLater, recent] = [seen(), seen(), seen()];
    await triage.push([triage.mutation('receiveMentions', { mentions: [old, dismissedLater] })]);
    const marked = new Date();
    await purge(world.store, DEFAULT_RETENTION, marked);
    await triage.push([
      triage.mutation('receiveMentions', { mentions: [recent] }),
      triage.mutation('dismissMention', { tweetId: dismissedLater.tweetId }),
    ]);

    const purged = await purge(world.store, DEFAULT_RETENTION, later(marked, 31));
    expect(purged?.mentions).toBe(1);
    const fresh = await world.officer('admin');
    const ids = new Set<string>();
    for (let page = await fresh.pull(); ; page = await fresh.pull()) {
      for (const m of page.mentions) ids.add(m.tweetId);
      if (!page.more) break;
    }
    expect([...ids].sort()).toEqual([dismissedLater.tweetId, recent.tweetId].sort());
  });

  test('removals and progress behind the horizon go; a browser behind it pulls everything again', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const away = await world.officer('admin');
    await pullToEnd(away);
    // Its cursor stays here: the browser is away for a month.
    const [kept, refused] = [createPost(), createPost()];
    const before = [
      triage.mutation('assignPost', assignArgs(PU, kept)),
      triage.mutation('assignPost', assignArgs('dinas-karangan', refused)),
      triage.mutation('addNote', { tweetId: kept.id, text: 'Sudah dicek' }),
    ];
    expect((await triage.push(before)).refused.map((r) => r.id)).toEqual([2]);
    await pullToEnd(triage);

    const marked = new Date();
    const nothing = { tombstones: 0, mentions: 0, progress: 0, refusals: 0, tokens: 0 };
    expect(await purge(world.store, DEFAULT_RETENTION, marked)).toEqual(nothing);

    // After the mark: within the horizon a month later.
    const [recent, refusedLater] = [createPost(), createPost()];
    await triage.push([
      triage.mutation('assignPost', assignArgs(PU, recent)),
      triage.mutation('assignPost', assignArgs('dinas-karangan', refusedLater)),
    ]);

    const month = later(marked, 31);
    expect(await purge(world.store, DEFAULT_RETENTION, month)).toEqual({
      tombstones: 1,
      mentions: 0,
      // Ids 1 and 2; the last one before the mark (3) stays.
      progress: 2,
      refusals: 2,
      // Both logins ended long ago.
      tokens: 2,
    });
    const tombstones = await world.store.query<{ tweet_id: string }>(
      'SELECT tweet_id FROM assignments WHERE data IS NULL',
    );
    expect(tombstones.map((t) => t.tweet_id)).toEqual([refusedLater.id]);
    expect(await purge(world.store, DEFAULT_RETENTION, month)).toEqual(nothing);
    await triage.login();
    await away.login();

    // Behind the horizon: everything again, and a pull from nothing in pages of one is never
    // sent back to the start, though its cursor is behind the horizon for a while.
    expect(await away.pull()).toMatchObject({ reset: true });
    away.cursor = 0;
    const again = await pullToEnd(away, 1);
    expect(again.pages.length).toBeGreaterThan(2);
    expect(again.pages.every((p) => !p.reset)).toBe(true);
    expect([...again.items.keys()].sort()).toEqual([kept.id, recent.id].sort());

    // Up to date at the mark: it goes on, and still hears of the later removal.
    const onward = await pullToEnd(triage);
    expect(onward.pages[0]).toMatchObject({ reset: false, lastMutationId: 5 });
    expect(onward.pages[0]!.removedAssignmentIds).toEqual([refusedLater.id]);

    // Its own pull from nothing: every change before the horizon counts as confirmed on every
    // page, and the last page confirms them all.
    triage.cursor = 0;
    const fromNothing = await pullToEnd(triage, 1);
    expect(fromNothing.pages.every((p) => p.lastMutationId >= 3)).toBe(true);
    expect(fromNothing.pages.at(-1)!.lastMutationId).toBe(5);

    // The first changes sent again (an answer lost a month ago) apply nothing twice.
    expect(await triage.push(before)).toEqual({ lastMutationId: 5, refused: [] });
    triage.cursor = 0;
    const { items } = await pullToEnd(triage);
    expect(items.get(kept.id)!.notes).toEqual(['Sudah dicek']);
  });

  test('the page a push answer carries follows the horizon as a pull does', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const away = await world.officer('admin');
    await pullToEnd(away);
    await triage.push([
      triage.mutation('assignPost', assignArgs(PU)),
      triage.mutation('assignPost', assignArgs('dinas-karangan')),
    ]);
    const marked = new Date();
    await purge(world.store, DEFAULT_RETENTION, marked);
    await triage.push([triage.mutation('assignPost', assignArgs(PU))]);
    expect((await purge(world.store, DEFAULT_RETENTION, later(marked, 31)))?.tombstones).toBe(1);
    await away.login();

    // Behind the horizon: the answer's page is everything again, as a pull would be.
    const behind = await pushWithPage(away, [away.mutation('assignPost', assignArgs(PU))]);
    expect(behind.page).toMatchObject({ reset: true, more: false, lastMutationId: 1 });
    expect(behind.page!.assignments).toHaveLength(3);

    // Pulling from nothing since the purge, its cursor still behind the horizon: it goes on.
    away.cursor = 0;
    const first = await away.pull(1);
    expect(first).toMatchObject({ reset: false, more: true });
    const onward = await pushWithPage(
      away,
      [away.mutation('addNote', { tweetId: first.assignments[0]!.tweetId, text: 'Dicek' })],
      1,
    );
    expect(onward.page).toMatchObject({ reset: false, more: true });
    expect(onward.page!.cursor).toBeGreaterThan(first.cursor);
  });

  test('refusals are kept for their days, and logins for a week past their end', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    await triage.push([triage.mutation('assignPost', assignArgs('dinas-karangan'))]);
    const now = new Date();
    const rules = { ...DEFAULT_RETENTION, refusalDays: 10 };

    expect(await purge(world.store, rules, later(now, 6))).toMatchObject({
      refusals: 0,
      tokens: 0,
    });
    expect(await count(world.store, 'refusals')).toBe(1);
    expect(await count(world.store, 'tokens')).toBe(1);
    expect(await purge(world.store, rules, later(now, 11))).toMatchObject({
      refusals: 1,
      tokens: 1,
    });
    expect(await count(world.store, 'refusals')).toBe(0);
    expect(await count(world.store, 'tokens')).toBe(0);
  });

  test('the server purges shortly after it starts, then at its interval', async () => {
    const world = await newWorld(backend);
    await world.officer('triage');
    let runs = 0;
    // A clock well past the login's end, one millisecond further at each run.
    const base = later(new Date(), 40).getTime();
    const stop = startPurging(world.store, {
      rules: DEFAULT_RETENTION,
      firstAfterMs: 10,
      intervalMs: 20,
      now: () => new Date(base + runs++),
    });
    backend.defer(stop);
    for (let i = 0; i < 200 && runs < 3; i += 1) await new Promise((r) => setTimeout(r, 25));
    await stop();
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(await count(world.store, 'tokens')).toBe(0);
  });
});

describe('instances purging side by side', () => {
  const backend = useBackend('PostgreSQL');

  test('while one purges, another skips its run', async () => {
    const store = await backend.newStore();
    const other = await backend.sameDatabase!();
    let holding!: () => void;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const done = new Promise<void>((resolve) => (release = resolve));
    const purging = other.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [PURGE_LOCK_KEY]);
      holding();
      await done;
    });
    await held;
    expect(await purge(store, DEFAULT_RETENTION, new Date())).toBeNull();
    release();
    await purging;
    expect(await purge(store, DEFAULT_RETENTION, new Date())).not.toBeNull();
  });
});

test('npm run admin -- purge runs it once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tanggap-purge-'));
  try {
    const out: string[] = [];
    await runAdmin(['purge', '--data', join(dir, 'db')], (line) => out.push(line));
    expect(out).toEqual(['Purged tombstones=0 mentions=0 progress=0 refusals=0 tokens=0']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
