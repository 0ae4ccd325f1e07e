import { request } from 'node:http';
import { describe, expect, test } from 'vitest';
import { createDepartment, createPost } from '../tests/factories';
import { DEFAULT_DEPARTMENTS } from '../utils/domain/departments';
import { MAX_HISTORY } from '../utils/domain/schemas/assignment';
import {
  parsePullResponse,
  type PullResponse,
  type PushedMutation,
} from '../utils/domain/sync-protocol';
import type { Assignment } from '../utils/domain/types';
import { createTeam, createUser } from './admin';
import {
  assignArgs,
  BACKENDS,
  Client,
  newWorld,
  PASSWORD,
  TEST_ORIGIN,
  useBackend,
} from './test/helpers';

const [PU, DLH, DISHUB] = ['dsdabm', 'dlh', 'dishub'];

/** Pulls until `more` is false; every assignment received, by id (the last copy wins). */
async function pullAll(client: Client, limit?: number) {
  const items = new Map<string, Assignment>();
  const pages: PullResponse[] = [];
  do {
    pages.push(await client.pull(limit));
    for (const a of pages.at(-1)!.assignments) items.set(a.tweetId, a);
  } while (pages.at(-1)!.more);
  return { items, pages };
}

/**
 * Sends `size` bytes of a push body with chunked transfer encoding and leaves the body open
 * until the answer comes (fails after 15 s without one).
 */
function sendChunked(url: string, token: string, size: number) {
  return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('no answer while the body was still open'));
    }, 15_000);
    const req = request(`${url}/v1/push`, {
      method: 'POST',
      headers: {
        Origin: TEST_ORIGIN,
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        'Transfer-Encoding': 'chunked',
      },
    });
    req.on('response', (res) => {
      answered = true;
      clearTimeout(timer);
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
      });
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(65_536, 'x');
    const write = () => {
      while (!answered && sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
    };
    req.write('{"pad":"');
    write();
  });
}

describe.each(BACKENDS)('sync on %s', (name) => {
  const backend = useBackend(name);

  test('an assignment pushed by one officer reaches another with the directory and settings', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const other = await world.officer('department', PU);
    const post = createPost();
    const res = await triage.push([triage.mutation('assignPost', assignArgs(PU, post))]);
    expect(res).toEqual({ lastMutationId: 1, refused: [] });

    const first = await other.pull();
    expect(first.lastMutationId).toBe(0);
    expect(first.directory?.map((d) => d.id)).toEqual(DEFAULT_DEPARTMENTS.map((d) => d.id));
    expect(first.removedAssignmentIds).toEqual([]);
    expect(first.settings?.dueSoonHours).toBe(6);
    expect(first.assignments).toHaveLength(1);
    expect(first.assignments[0]).toMatchObject({
      tweetId: post.id,
      departmentId: PU,
      assignedBy: triage.username,
      status: 'open',
    });
    expect(first.more).toBe(false);

    const again = await other.pull();
    expect(again).toMatchObject({
      cursor: first.cursor,
      assignments: [],
      removedAssignmentIds: [],
      directory: null,
      settings: null,
    });
    expect((await triage.pull()).lastMutationId).toBe(1);
  });

  test('a retried push is applied once and reports the same refusals', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const post = createPost();
    const batch = [
      triage.mutation('assignPost', assignArgs(PU, post)),
      triage.mutation('addNote', { tweetId: post.id, text: 'Sudah dicek ke lokasi' }),
      triage.mutation('setStatus', { tweetId: createPost().id, status: 'responded' }),
    ];
    const first = await triage.push(batch);
    const retry = await triage.push(batch);
    expect(retry).toEqual(first);
    expect(first.lastMutationId).toBe(3);
    expect(first.refused).toEqual([
      { id: 3, code: 'not-found', message: expect.stringMatching(/never been assigned/) },
    ]);
    const { items } = await pullAll(triage);
    const item = items.get(post.id)!;
    expect(item.notes).toEqual(['Sudah dicek ke lokasi']);
    expect(item.history.map((h) => h.action)).toEqual(['assign', 'note']);
  });

  test('two officers assigning the same post at once: both applied in order, everyone converges', async () => {
    const world = await newWorld(backend);
    const [a, b, watcher] = await Promise.all([
      world.officer('triage'),
      world.officer('triage'),
      world.officer('admin'),
    ]);
    const post = createPost();
    const at = new Date().toISOString();
    await Promise.all([
      a.push([a.mutation('assignPost', assignArgs(PU, post), at)]),
      b.push([b.mutation('assignPost', assignArgs(DLH, post), at)]),
    ]);
    const states = await Promise.all(
      [a, b, watcher].map(async (c) => (await pullAll(c)).items.get(post.id)!),
    );
    expect(states[1]).toEqual(states[0]);
    expect(states[2]).toEqual(states[0]);
    const item = states[0]!;
    expect(item.history.map((h) => h.action)).toEqual(['assign', 'reassign']);
    const [first, second] = item.history;
    expect(new Set([first!.by, second!.by])).toEqual(new Set([a.username, b.username]));
    // The later one in server order is the item's department now.
    expect(item.departmentId).toBe(second!.to);
    expect(second!.from).toBe(first!.to);
  });

  test('an officer replaying hours of offline changes: applied with their times, stale steps refused alone', async () => {
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    // Logged in and assigned six hours ago, then offline until now.
    let clock: Date | null = new Date(hoursAgo(6));
    const world = await newWorld(backend, { now: () => clock ?? new Date() });
    const triage = await world.officer('triage');
    const officer = await world.officer('department', PU);
    const [mine, moved] = [createPost(), createPost()];
    await triage.push([
      triage.mutation('assignPost', assignArgs(PU, mine), hoursAgo(6)),
      triage.mutation('assignPost', assignArgs(PU, moved), hoursAgo(6)),
    ]);
    await pullAll(officer);
    clock = null;
    const queue = [
      officer.mutation('addNote', { tweetId: mine.id, text: 'Tim sudah ke lokasi' }, hoursAgo(5)),
      officer.mutation('addNote', { tweetId: moved.id, text: 'Dicek besok' }, hoursAgo(4)),
      officer.mutation('setStatus', { tweetId: mine.id, status: 'responded' }, hoursAgo(3)),
      // A clock running ahead: the server never takes a time in the future.
      officer.mutation(
        'addNote',
        { tweetId: mine.id, text: 'Selesai' },
        new Date(Date.now() + 86_400_000).toISOString(),
      ),
    ];
    // Meanwhile the second post went to another department.
    await triage.push([triage.mutation('assignPost', assignArgs(DLH, moved))]);
    const before = Date.now();
    const res = await officer.push(queue);
    expect(res.lastMutationId).toBe(4);
    expect(res.refused).toEqual([
      { id: 2, code: 'forbidden', message: expect.stringContaining(DLH) },
    ]);

    const { items } = await pullAll(officer);
    const item = items.get(mine.id)!;
    expect(item.status).toBe('responded');
    expect(item.respondedAt).toBe(queue[2]!.at);
    expect(item.notes).toEqual(['Tim sudah ke lokasi', 'Selesai']);
    const last = item.history.at(-1)!;
    expect(Date.parse(last.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(last.at)).toBeLessThanOrEqual(Date.now());
    // The refused step's item comes back as the server has it.
    expect(items.get(moved.id)).toMatchObject({ departmentId: DLH, notes: [] });
  });

  test('a reassignment ordered before a department’s "responded": the respond is refused and reported', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const officer = await world.officer('department', PU);
    const post = createPost();
    await triage.push([triage.mutation('assignPost', assignArgs(PU, post))]);
    await pullAll(officer);
    await triage.push([triage.mutation('assignPost', assignArgs(DISHUB, post))]);
    const res = await officer.push([
      officer.mutation('setStatus', { tweetId: post.id, status: 'responded' }),
    ]);
    expect(res.refused).toEqual([{ id: 1, code: 'forbidden', message: expect.any(String) }]);
    const { items } = await pullAll(officer);
    expect(items.get(post.id)).toMatchObject({
      departmentId: DISHUB,
      status: 'open',
      respondedAt: '',
    });
  });

  test('a "responded" ordered before the reassignment: both apply and the history shows both', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const officer = await world.officer('department', PU);
    const post = createPost();
    await triage.push([triage.mutation('assignPost', assignArgs(PU, post))]);
    expect(
      (
        await officer.push([
          officer.mutation('setStatus', { tweetId: post.id, status: 'responded' }),
        ])
      ).refused,
    ).toEqual([]);
    expect(
      (await triage.push([triage.mutation('assignPost', assignArgs(DISHUB, post))])).refused,
    ).toEqual([]);
    const item = (await pullAll(officer)).items.get(post.id)!;
    expect(item.history.map((h) => [h.action, h.by])).toEqual([
      ['assign', triage.username],
      ['respond', officer.username],
      ['reassign', triage.username],
    ]);
    expect(item).toMatchObject({ departmentId: DISHUB, status: 'open' });
  });

  test('a department in use cannot be removed; an assign to a removed department is refused', async () => {
    const world = await newWorld(backend);
    const admin = await world.officer('admin');
    const triage = await world.officer('triage');
    await triage.push([triage.mutation('assignPost', assignArgs(PU))]);
    await pullAll(admin);
    const res = await admin.push([
      admin.mutation('removeDepartment', { id: PU }),
      admin.mutation('removeDepartment', { id: DISHUB }),
    ]);
    expect(res.refused).toEqual([
      { id: 1, code: 'department-in-use', message: expect.stringMatching(/1/) },
    ]);
    const after = await admin.pull();
    // The whole directory: without the removed one, and with the one whose removal was
    // refused (it comes back to the admin who removed it locally).
    expect(after.directory?.map((d) => d.id)).toEqual(
      DEFAULT_DEPARTMENTS.map((d) => d.id).filter((id) => id !== DISHUB),
    );

    const late = await triage.push([triage.mutation('assignPost', assignArgs(DISHUB))]);
    expect(late.refused).toEqual([
      { id: 2, code: 'unknown-department', message: expect.stringContaining(DISHUB) },
    ]);
    const fresh = await world.officer('triage');
    const all = await fresh.pull();
    expect(all.directory?.map((d) => d.id)).not.toContain(DISHUB);
    expect(all.assignments).toHaveLength(1);
  });

  test('rights: department officers change only their items, triage assigns, admins edit the directory', async () => {
    const world = await newWorld(backend);
    const admin = await world.officer('admin');
    const triage = await world.officer('triage');
    const officer = await world.officer('department', PU);
    const [ours, theirs] = [createPost(), createPost()];
    await triage.push([
      triage.mutation('assignPost', assignArgs(PU, ours)),
      triage.mutation('assignPost', assignArgs(DLH, theirs)),
    ]);
    const dept = { ...DEFAULT_DEPARTMENTS[1]!, handle: 'dlh_kota' };
    const byOfficer = await officer.push([
      officer.mutation('assignPost', assignArgs(PU)),
      officer.mutation('resolve', { tweetId: ours.id, reason: 'handled' }),
      officer.mutation('addNote', { tweetId: theirs.id, text: 'bukan kami' }),
      officer.mutation('saveDepartment', { department: dept }),
    ]);
    expect(byOfficer.refused.map((r) => [r.id, r.code])).toEqual([
      [1, 'forbidden'],
      [3, 'forbidden'],
      [4, 'forbidden'],
    ]);
    const byTriage = await triage.push([
      triage.mutation('saveDepartment', { department: dept }),
      triage.mutation('saveTeamSettings', { settings: { dueSoonHours: 3 } }),
      triage.mutation('setStatus', { tweetId: theirs.id, status: 'responded' }),
    ]);
    expect(byTriage.refused.map((r) => [r.id, r.code])).toEqual([
      [3, 'forbidden'],
      [4, 'forbidden'],
    ]);
    const byAdmin = await admin.push([
      admin.mutation('saveDepartment', { department: dept }),
      admin.mutation('saveTeamSettings', { settings: { dueSoonHours: 3 } }),
    ]);
    expect(byAdmin.refused).toEqual([]);

    const { items, pages } = await pullAll(officer);
    expect(items.get(ours.id)?.status).toBe('resolved');
    expect(items.get(theirs.id)?.status).toBe('responded');
    expect(pages[0]!.directory?.find((d) => d.id === 'dlh')?.handle).toBe('dlh_kota');
    expect(pages[0]!.settings?.dueSoonHours).toBe(3);
    // Nothing the officer was refused shows up: one item assigned by the officer would be a third.
    expect(items.size).toBe(2);
  });

  test('another team’s account cannot use a client id and learns nothing', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    await triage.push([triage.mutation('assignPost', assignArgs(PU))]);
    const other = await createTeam(world.store, { name: 'Kota Lain' });
    await createUser(world.store, {
      teamId: other.id,
      username: 'luar',
      password: PASSWORD,
      role: 'admin',
    });
    const intruder = await new Client(world.url, 'luar').login();
    for (const [path, body] of [
      ['/v1/pull', { clientId: triage.clientId, cursor: 0 }],
      [
        '/v1/push',
        { clientId: triage.clientId, mutations: [intruder.mutation('reopen', { tweetId: '1' })] },
      ],
    ] as const) {
      const res = await intruder.call('POST', path, body);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
      expect(JSON.stringify(res.body)).not.toMatch(
        new RegExp(`${world.teamId}|${triage.username}`),
      );
    }
    // Its own client sees its own team only.
    const own = await intruder.pull();
    expect(own.assignments).toEqual([]);
    expect((await triage.pull()).lastMutationId).toBe(1);
  });

  test('pull pages: at most limit assignments each, in version order, every one exactly once', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const posts = Array.from({ length: 25 }, () => createPost());
    await triage.push(
      posts.map((p, i) => triage.mutation('assignPost', assignArgs(i % 2 ? PU : DLH, p))),
    );
    const reader = await world.officer('admin');
    const { items, pages } = await pullAll(reader, 10);
    expect(pages.map((p) => [p.assignments.length, p.more])).toEqual([
      [10, true],
      [10, true],
      [5, false],
    ]);
    expect([...items.keys()].sort()).toEqual(posts.map((p) => p.id).sort());
    const cursors = pages.map((p) => p.cursor);
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(new Set(cursors).size).toBe(3);
    expect(pages[0]!.directory).toHaveLength(DEFAULT_DEPARTMENTS.length);
    expect(pages.slice(1).map((p) => p.directory)).toEqual([null, null]);

    // A cursor the server never gave (its database was restored from an older backup) gets
    // everything again rather than nothing until the team catches up.
    const restored = await world.officer('triage');
    restored.cursor = cursors.at(-1)! + 1_000;
    const again = await restored.pull(100);
    expect(again.assignments).toHaveLength(25);
    expect(again.directory).toHaveLength(DEFAULT_DEPARTMENTS.length);
    expect(again.cursor).toBe(cursors.at(-1));
  });

  test('bad requests are answered 400 or 413 and change nothing; a bad mutation is refused alone', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const bad = [
      await triage.call('POST', '/v1/push', '{"clientId": '),
      await triage.call('POST', '/v1/push', {
        clientId: triage.clientId,
        mutations: [{ id: 1, name: 'dropTables', args: {}, at: 'x' }],
      }),
      await triage.call('POST', '/v1/pull', { clientId: 'short', cursor: 0 }),
      await triage.call('POST', '/v1/pull', { clientId: triage.clientId, cursor: -1 }),
    ];
    expect(bad.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect(bad[1]!.body).toEqual({
      error: { code: 'bad-request', message: expect.stringMatching(/name must be one of/) },
    });
    const huge = await triage.call('POST', '/v1/push', {
      clientId: triage.clientId,
      mutations: [],
      pad: 'x'.repeat(1_100_000),
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error: { code: 'too-large' } });
    // Sent chunked, without a length, and never finished: refused once past the limit (a
    // server that read the whole body first would wait for an end that never comes).
    const chunked = await sendChunked(world.url, triage.token, 2_000_000);
    expect(chunked.status).toBe(413);
    expect(chunked.body).toMatchObject({ error: { code: 'too-large' } });
    expect((await triage.pull()).lastMutationId).toBe(0);

    const post = createPost();
    const res = await triage.push([
      triage.mutation('assignPost', { post: { ...post, id: 'not-a-number' }, departmentId: PU }),
      triage.mutation('assignPost', assignArgs(PU, post)),
    ]);
    expect(res.refused.map((r) => [r.id, r.code])).toEqual([[1, 'bad-request']]);
    expect((await triage.pull()).assignments.map((a) => a.tweetId)).toEqual([post.id]);
  });

  test('text the database cannot store is refused for its change alone; the rest of the push applies', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const post = createPost();
    const res = await triage.push([
      triage.mutation('assignPost', assignArgs(PU, post)),
      triage.mutation('addNote', { tweetId: post.id, text: 'cek\u0000lokasi' }),
      triage.mutation('assignPost', assignArgs(PU, createPost({ authorName: 'Warga \ud83d' }))),
      triage.mutation('addNote', { tweetId: post.id, text: 'Sudah dicek 👍' }),
    ]);
    expect(res).toEqual({
      lastMutationId: 4,
      refused: [
        {
          id: 2,
          code: 'bad-request',
          message:
            'request.text holds a character that cannot be stored (NUL or half of a surrogate pair)',
        },
        {
          id: 3,
          code: 'bad-request',
          message: expect.stringMatching(/^request\.post\.authorName holds a character/),
        },
      ],
    });
    const { items } = await pullAll(triage);
    expect([...items.keys()]).toEqual([post.id]);
    expect(items.get(post.id)!.notes).toEqual(['Sudah dicek 👍']);
  });

  test('a change dated before 2000 is refused alone, and every browser can still pull the team', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const other = await world.officer('admin');
    const [post, late] = [createPost(), createPost()];
    const res = await triage.push([
      triage.mutation('assignPost', assignArgs(PU, post)),
      triage.mutation('setStatus', { tweetId: post.id, status: 'responded' }, '1999-12-31T23:59Z'),
      triage.mutation('assignPost', assignArgs(PU, late), 'not a date'),
      triage.mutation('addNote', { tweetId: post.id, text: 'Sudah dicek' }),
    ]);
    expect(res.lastMutationId).toBe(4);
    expect(res.refused).toEqual([
      { id: 2, code: 'bad-request', message: expect.stringMatching(/before 2000.*clock/) },
      { id: 3, code: 'bad-request', message: 'at must be an ISO 8601 date, not "not a date"' },
    ]);
    const raw = await other.call('POST', '/v1/pull', { clientId: other.clientId, cursor: 0 });
    const page = parsePullResponse(raw.body);
    expect(page.assignments).toHaveLength(1);
    expect(page.assignments[0]).toMatchObject({ status: 'open', notes: ['Sudah dicek'] });
  });

  test('an item toggled 2,100 times keeps its history within the limit, and still pulls', async () => {
    // Far more changes in a minute than one officer may push.
    const world = await newWorld(backend, { userLimits: { changesPerMinute: 10_000 } });
    const triage = await world.officer('triage');
    const other = await world.officer('admin');
    const post = createPost();
    await triage.push([triage.mutation('assignPost', assignArgs(PU, post))]);
    for (let round = 0; round < 21; round++) {
      const toggles = Array.from({ length: 100 }, (_, i) =>
        triage.mutation('setStatus', {
          tweetId: post.id,
          status: i % 2 === 0 ? 'responded' : 'open',
        }),
      );
      expect((await triage.push(toggles)).refused).toEqual([]);
    }
    const raw = await other.call('POST', '/v1/pull', { clientId: other.clientId, cursor: 0 });
    const page = parsePullResponse(raw.body);
    const history = page.assignments[0]!.history;
    expect(history).toHaveLength(MAX_HISTORY);
    expect(history[0]).toMatchObject({ action: 'assign', by: triage.username });
    expect(history.at(-1)).toMatchObject({ action: 'reopen' });
    expect(page.assignments[0]!.status).toBe('open');
  }, 180_000);

  test('new changes numbered below one applied are refused, not dropped; a retry still skips', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const post = createPost();
    const at = new Date().toISOString();
    const note = (id: number, text: string): PushedMutation => ({
      id,
      name: 'addNote',
      args: { tweetId: post.id, text },
      at,
    });
    const assigned = { id: 1, name: 'assignPost', args: assignArgs(PU, post), at } as const;
    expect(await triage.push([assigned, note(6, 'enam')])).toEqual({
      lastMutationId: 6,
      refused: [],
    });
    const late = [note(4, 'empat'), note(5, 'lima'), note(7, 'tujuh')];
    const res = await triage.push(late);
    expect(res).toEqual({
      lastMutationId: 7,
      refused: [4, 5].map((id) => ({
        id,
        code: 'bad-request',
        message:
          `Change ${id} arrived after change 6: a browser's changes are applied in the order ` +
          'of their ids, so it was not applied',
      })),
    });
    // Sent again after a lost answer: nothing applies twice, the same refusals come back.
    expect(await triage.push(late)).toEqual(res);
    expect(await triage.push([assigned, note(6, 'enam')])).toEqual({
      lastMutationId: 7,
      refused: [],
    });
    const { items } = await pullAll(triage);
    expect(items.get(post.id)!.notes).toEqual(['enam', 'tujuh']);
  });

  test('a refused change to an item the server never stored is taken back from the client that made it', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    await pullAll(triage);
    const [wrongDept, neverAssigned] = [createPost(), createPost()];
    const res = await triage.push([
      triage.mutation('assignPost', assignArgs('dinas-karangan', wrongDept)),
      triage.mutation('setStatus', { tweetId: neverAssigned.id, status: 'responded' }),
    ]);
    expect(res.refused.map((r) => [r.id, r.code])).toEqual([
      [1, 'unknown-department'],
      [2, 'not-found'],
    ]);
    // The client that applied both locally is told to drop them, and only once.
    const own = await triage.pull();
    expect(own.assignments).toEqual([]);
    expect(own.removedAssignmentIds.sort()).toEqual([wrongDept.id, neverAssigned.id].sort());
    expect((await triage.pull()).removedAssignmentIds).toEqual([]);
    // A new client gets no item for them.
    const fresh = await world.officer('admin');
    expect((await fresh.pull()).assignments).toEqual([]);

    // A real assign later replaces the tombstone.
    await triage.push([triage.mutation('assignPost', assignArgs(PU, wrongDept))]);
    for (const client of [triage, fresh]) {
      const page = await client.pull();
      expect(page.removedAssignmentIds).toEqual([]);
      expect(page.assignments.map((a) => [a.tweetId, a.departmentId])).toEqual([
        [wrongDept.id, PU],
      ]);
    }
    const late = await world.officer('admin');
    expect(await late.pull()).toMatchObject({
      assignments: [expect.objectContaining({ tweetId: wrongDept.id })],
      removedAssignmentIds: [neverAssigned.id],
    });
  });

  test('a refused directory change sends the whole directory back, without what the client made up', async () => {
    const world = await newWorld(backend);
    const admin = await world.officer('admin');
    const triage = await world.officer('triage');
    await triage.push([triage.mutation('assignPost', assignArgs(PU))]);
    await Promise.all([pullAll(admin), pullAll(triage)]);
    const madeUp = createDepartment({ id: 'dinas-karangan', handle: 'dinas_karangan' });
    const byTriage = await triage.push([triage.mutation('saveDepartment', { department: madeUp })]);
    expect(byTriage.refused.map((r) => r.code)).toEqual(['forbidden']);
    const ids = DEFAULT_DEPARTMENTS.map((d) => d.id);
    const corrected = await triage.pull();
    expect(corrected.directory?.map((d) => d.id)).toEqual(ids);
    expect((await triage.pull()).directory).toBeNull();

    // An import leaving out a department in use is refused whole: the admin gets the directory.
    const byAdmin = await admin.push([
      admin.mutation('importDirectory', { departments: [madeUp] }),
    ]);
    expect(byAdmin.refused.map((r) => r.code)).toEqual(['department-in-use']);
    expect((await admin.pull()).directory?.map((d) => d.id)).toEqual(ids);
  });

  test('a pull cut short answers the client’s last mutation id as of each page’s cursor', async () => {
    const world = await newWorld(backend);
    const triage = await world.officer('triage');
    const posts = Array.from({ length: 10 }, () => createPost());
    const assign = (from: number, to: number) =>
      posts.slice(from, to).map((p) => triage.mutation('assignPost', assignArgs(PU, p)));
    // Three pushes of 3, 4 and 3 changes: pages of 4 end inside the second and the third, and
    // confirm exactly the mutations whose effects they carry.
    for (const batch of [assign(0, 3), assign(3, 7), assign(7, 10)]) await triage.push(batch);
    const { pages } = await pullAll(triage, 4);
    expect(pages.map((p) => [p.assignments.length, p.lastMutationId, p.more])).toEqual([
      [4, 4, true],
      [4, 8, true],
      [2, 10, false],
    ]);
    // Every mutation a page confirms has its effect in that page or an earlier one.
    const seen: string[] = [];
    for (const page of pages) {
      seen.push(...page.assignments.map((a) => a.tweetId));
      const confirmed = posts.slice(0, page.lastMutationId).map((p) => p.id);
      expect(seen).toEqual(expect.arrayContaining(confirmed));
    }
  });

  test('a change dated before the item’s last event is recorded no earlier; one made offline keeps its time through a new login', async () => {
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    let clock: Date | null = ago(120);
    const world = await newWorld(backend, { now: () => clock ?? new Date() });
    const triage = await world.officer('triage');
    const officer = await world.officer('department', PU);
    const [post, other] = [createPost(), createPost()];
    clock = ago(60);
    const assignedAt = clock.toISOString();
    await triage.push([
      triage.mutation('assignPost', assignArgs(PU, post)),
      triage.mutation('assignPost', assignArgs(PU, other)),
    ]);
    clock = null;
    await officer.push([
      officer.mutation(
        'setStatus',
        { tweetId: post.id, status: 'responded' },
        ago(7 * 24 * 60).toISOString(),
      ),
    ]);
    const item = (await pullAll(officer)).items.get(post.id)!;
    expect(item.respondedAt).toBe(assignedAt);
    expect(item.history.map((h) => [h.action, h.at])).toEqual([
      ['assign', assignedAt],
      ['respond', assignedAt],
    ]);

    // A note made offline 30 minutes ago, pushed after logging in again ten minutes ago: it
    // keeps its own time (it is after the item's last event).
    clock = ago(10);
    await officer.login();
    clock = null;
    const notedAt = ago(30).toISOString();
    await officer.push([
      officer.mutation('addNote', { tweetId: other.id, text: 'Dicek' }, notedAt),
    ]);
    const noted = (await pullAll(officer)).items.get(other.id)!;
    expect(noted.history.at(-1)).toMatchObject({ action: 'note', at: notedAt });
  });
  test('a team pulling the same page at once: each browser its own last mutation id, none a stale page', async () => {
    const world = await newWorld(backend);
    const [a, b, c] = [
      await world.officer('triage'),
      await world.officer('triage'),
      await world.officer('triage'),
    ];
    for (const client of [a, b, c]) await client.pullEverything();
    const cursor = a.cursor;
    await a.push([
      a.mutation('assignPost', assignArgs(PU)),
      a.mutation('assignPost', assignArgs(DLH)),
    ]);
    await b.push([b.mutation('assignPost', assignArgs(DISHUB))]);
    // Each pulls the same page twice, all at once, as after one `changed` event.
    const clients = [a, b, c, a, b, c];
    const pages = await Promise.all(
      clients.map(async (client) => {
        const res = await client.call<PullResponse>('POST', '/v1/pull', {
          clientId: client.clientId,
          cursor,
        });
        expect(res.status).toBe(200);
        return parsePullResponse(res.body);
      }),
    );
    expect(pages.map((p) => p.lastMutationId)).toEqual([2, 1, 0, 2, 1, 0]);
    for (const page of pages) {
      expect(page.assignments.map((x) => x.departmentId)).toEqual([PU, DLH, DISHUB]);
      expect(page).toMatchObject({ cursor: pages[0]!.cursor, more: false, reset: false });
    }

    // A change after that page: the next pull from the same cursor brings it too.
    await c.push([c.mutation('assignPost', assignArgs(PU))]);
    c.cursor = cursor;
    const next = await c.pull();
    expect(next.assignments).toHaveLength(4);
    expect(next.lastMutationId).toBe(1);
    expect(next.cursor).toBeGreaterThan(pages[0]!.cursor);

    // A login that ended gets no page, kept or not.
    await c.call('POST', '/v1/logout');
    c.cursor = cursor;
    await expect(c.pull()).rejects.toThrow(/401/);
  });
});
