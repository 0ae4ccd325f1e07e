import { describe, expect, test, vi } from 'vitest';
import { type EventStream, EventHub } from './events';
import { log } from './log';
import { PageCache } from './page-cache';
import { changedEvent, readChangedNotice } from './sync';
import { changedEventCounts } from './test/changed-event-counts';
import { counting } from './test/counting-store';
import { assignArgs, BACKENDS, newWorld, useBackend } from './test/helpers';

/** A page cache whose every page fails to build, as a query the database refuses would. */
class FailingPages extends PageCache {
  override page(): never {
    throw new Error('canceling statement due to statement timeout');
  }
}

test('a commit’s notice says its team, and the team’s head when a push sent it', () => {
  // A bare id: a server from before heads were sent; the announcement reads the head.
  expect(readChangedNotice('kota-bandung')).toEqual({ teamId: 'kota-bandung' });
  expect(readChangedNotice('{"team":"kota","version":12,"epoch":"e1","purged":3}')).toEqual({
    teamId: 'kota',
    head: { version: 12, epoch: 'e1', purgedVersion: 3 },
  });
});

describe.each(BACKENDS)('the changed event on %s', (name) => {
  const backend = useBackend(name);

  /** A team whose version went from `before` to `after` with two assignments. */
  async function team() {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    await triage.pull();
    const before = triage.cursor;
    await triage.push([triage.mutation('assignPost', assignArgs('dlh'))]);
    await triage.push([triage.mutation('assignPost', assignArgs('dinkes'))]);
    const after = (await triage.pull()).cursor;
    return { world, before, after };
  }

  const parsed = (json: string) => JSON.parse(json) as { cursor: number; page?: unknown };

  test('carries the page from the version the streams were told', async () => {
    const { world, before, after } = await team();
    const event = await changedEvent(world.store, new PageCache(), world.teamId, before);
    expect(event?.cursor).toBe(after);
    expect(parsed(event!.json)).toMatchObject({ cursor: after, from: before });
  });

  test.each<[string, (v: { before: number; after: number }) => number | undefined]>([
    ['nothing told yet', () => undefined],
    ['told of a later version, as before a restore', ({ after }) => after + 5],
  ])('only the cursor when %s', async (_, since) => {
    const { world, before, after } = await team();
    const event = await changedEvent(
      world.store,
      new PageCache(),
      world.teamId,
      since({ before, after }),
    );
    expect(event).toEqual({
      cursor: after,
      json: JSON.stringify({ cursor: after }),
      pageLeftOut: 'none',
    });
  });

  test('nothing when the streams were told of the version already', async () => {
    const { world, after } = await team();
    expect(await changedEvent(world.store, new PageCache(), world.teamId, after)).toBeNull();
  });

  test('only the cursor when retention purged removals after the version told', async () => {
    const { world, before, after } = await team();
    await world.store.query('UPDATE teams SET purged_version = $2 WHERE id = $1', [
      world.teamId,
      before + 1,
    ]);
    const event = await changedEvent(world.store, new PageCache(), world.teamId, before);
    expect(event).toEqual({
      cursor: after,
      json: JSON.stringify({ cursor: after }),
      pageLeftOut: 'none',
    });
  });

  test('from the head its commit’s notice said: the page alone, and no read when it is kept', async () => {
    const { world, before, after } = await team();
    const { store, sent } = counting(world.store);
    const [head] = await world.store.query<{ epoch: string }>(
      'SELECT epoch FROM teams WHERE id = $1',
      [world.teamId],
    );
    const heard = { version: after, epoch: head!.epoch, purgedVersion: 0 };
    const pages = new PageCache();

    const event = await changedEvent(store, pages, world.teamId, before, heard);
    expect(parsed(event!.json)).toMatchObject({ cursor: after, from: before });
    expect(sent.statements).toBe(1);
    // Another instance's announcement, or the same page asked again: from the cache.
    expect(await changedEvent(store, pages, world.teamId, before, heard)).toEqual(event);
    expect(sent.statements).toBe(1);
  });

  test('a notice from before a purge past the version told: only the cursor', async () => {
    const { world, before, after } = await team();
    const [head] = await world.store.query<{ epoch: string }>(
      'SELECT epoch FROM teams WHERE id = $1',
      [world.teamId],
    );
    // The retention purges after the commit's notice, before the announcement reads its page.
    await world.store.query('UPDATE teams SET purged_version = $2 WHERE id = $1', [
      world.teamId,
      before + 1,
    ]);
    const heard = { version: after, epoch: head!.epoch, purgedVersion: 0 };
    const event = await changedEvent(world.store, new PageCache(), world.teamId, before, heard);
    expect(event).toEqual({
      cursor: after,
      json: JSON.stringify({ cursor: after }),
      pageLeftOut: 'none',
    });
  });

  test('a page that fails to build leaves the cursor-only event, logged without content', async () => {
    const { world, before, after } = await team();
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => {});
    try {
      const event = await changedEvent(world.store, new FailingPages(), world.teamId, before);
      expect(event).toEqual({
        cursor: after,
        json: JSON.stringify({ cursor: after }),
        pageLeftOut: 'failed',
      });
      expect(warn).toHaveBeenCalledWith(
        'events.page-failed',
        expect.objectContaining({ team: world.teamId, from: before, version: after }),
      );
    } finally {
      warn.mockRestore();
    }
  });

  test('an announcement is encoded once for all the team’s streams, its page optional', async () => {
    const counted = await changedEventCounts();
    const { world, after } = await team();
    const hub = new EventHub(world.store, { perLogin: 5, total: 10 }, undefined, 0);
    await hub.start();
    backend.defer(() => hub.close());
    const sent: [Uint8Array, Uint8Array | undefined][][] = [[], []];
    for (const [i, got] of sent.entries()) {
      const stream: EventStream = {
        teamId: world.teamId,
        userId: `u${i}`,
        tokenHash: `t${i}`,
        expiresAt: new Date(Date.now() + 60_000),
        // The second stream has no room for the page: it is sent the cursor alone.
        send: (frame, instead) => {
          got.push([frame, instead]);
          return i === 0 ? 'frame' : 'instead';
        },
        comment: () => {},
        close: () => {},
      };
      hub.add(stream);
    }
    hub.toldReady(world.teamId, after);
    const triage = await world.officer('triage');
    await triage.push([triage.mutation('assignPost', assignArgs('dlh'))]);

    await vi.waitFor(() => expect(sent.map((s) => s.length)).toEqual([1, 1]), { timeout: 10_000 });
    const [frame, instead] = sent[0]![0]!;
    expect(sent[1]![0]![0]).toBe(frame);
    expect(sent[1]![0]![1]).toBe(instead);
    const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
    expect(text(frame)).toContain(
      `event: changed\ndata: {"cursor":${after + 1},"from":${after},"page":{`,
    );
    expect(text(instead)).toBe(`event: changed\ndata: {"cursor":${after + 1}}\n\n`);
    // What an operator reads in /metrics: one stream had its page, one pulls for want of room.
    expect(await counted()).toEqual({ carried: 1, 'slow-reader': 1 });
  });

  test('streams told different versions in their ready get a page from the lowest', async () => {
    const { world, before, after } = await team();
    const hub = new EventHub(world.store, { perLogin: 5, total: 10 }, undefined, 0);
    await hub.start();
    backend.defer(() => hub.close());
    const got: string[] = [];
    hub.add({
      teamId: world.teamId,
      userId: 'u0',
      tokenHash: 't0',
      expiresAt: new Date(Date.now() + 60_000),
      send: (frame) => {
        got.push(new TextDecoder().decode(frame));
        return 'frame';
      },
      comment: () => {},
      close: () => {},
    });
    // Read in one order, told in the other: the stream told `before` lacks what came after it.
    hub.toldReady(world.teamId, after);
    hub.toldReady(world.teamId, before);
    const triage = await world.officer('triage');
    await triage.push([triage.mutation('assignPost', assignArgs('dlh'))]);

    await vi.waitFor(() => expect(got).toHaveLength(1), { timeout: 10_000 });
    expect(got[0]).toContain(`"cursor":${after + 1},"from":${before},"page":{`);
  });
});
