import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createAssignment, createPost } from '../../tests/factories';
import { MAX_TEXT_LENGTH } from '../../utils/domain/assignment-ops';
import { getAssignment, putAssignments } from '../../utils/storage/assignments';
import { seedDepartments } from '../../utils/storage/departments';
import { openTanggapDb, type TanggapDb } from '../../utils/storage/schema';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { saveSettings } from '../../utils/storage/settings';
import type { BackgroundProtocol, Handlers } from '../../utils/messaging/protocol';
import type { Assignment } from '../../utils/domain/types';
import { createBackgroundHandlers, officerFromSettings } from './handlers';
import { rejects } from '../../tests/rejects';
import { updateSyncState } from '../../utils/storage/sync-state';
import type { Actor } from '../../utils/domain/actor';
import type { ItemRights } from '../../utils/domain/rights';
import { readSyncState } from '../../utils/storage/sync-state';
import { createActorMemory } from './actor-memory';

const NOW = new Date('2025-03-10T02:00:00.000Z');
const sender = {};
const OFFICER = 'Dewi (Diskominfo)';
let dbCount = 0;
let db: TanggapDb;
let handlers: Handlers<BackgroundProtocol>;
let onChanged: ReturnType<typeof vi.fn<(a: Assignment[]) => Promise<void>>>;
let now: Date;

beforeEach(async () => {
  db = await openTanggapDb(`handlers-${++dbCount}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
  await saveSettings(db, { officerName: OFFICER });
  now = NOW;
  onChanged = vi.fn(async () => {});
  handlers = createBackgroundHandlers({
    db: async () => db,
    now: () => now,
    officer: officerFromSettings(async () => db),
    onChanged,
  });
});
afterEach(() => db.close());

/** Calls a handler with a request that does not match its type, as a forged message would. */
const raw = (name: keyof BackgroundProtocol, req: unknown) =>
  (handlers[name] as (r: unknown, s: unknown) => Promise<unknown>)(req, sender);

describe('getRecentAssignments', () => {
  test('what the page shows of the last three days’ assignments, and the first id they cover', async () => {
    const day = 24 * 3_600_000;
    const idAt = (ms: number) => ((BigInt(ms - 1_288_834_974_657) << 22n) + 7n).toString();
    const fresh = createAssignment({ tweetId: idAt(NOW.getTime() - 2 * day) });
    const old = createAssignment({ tweetId: idAt(NOW.getTime() - 4 * day) });
    await putAssignments(db, [fresh, old]);
    const answer = await handlers.getRecentAssignments({}, sender);
    // Not the post's text, history or notes: a page holds thousands of these.
    expect(answer.assignments).toEqual([
      {
        tweetId: fresh.tweetId,
        departmentId: fresh.departmentId,
        status: 'open',
        deadline: fresh.deadline,
        updatedAt: fresh.updatedAt,
      },
    ]);
    expect(answer.sinceId > old.tweetId && answer.sinceId <= fresh.tweetId).toBe(true);
  });

  test('a request with fields is refused', async () => {
    await rejects(raw('getRecentAssignments', { since: '1' }), 'bad-request', /since/);
  });
});

describe('assignPost', () => {
  test('stores the assignment, then reports the change', async () => {
    const post = createPost();
    onChanged.mockImplementation(async ([a]) => {
      // Called only once the write is visible to another connection.
      const other = await openTanggapDb(db.name);
      expect(await getAssignment(other, post.id)).toEqual(a);
      other.close();
    });
    const a = await handlers.assignPost({ post, departmentId: 'dlh' }, sender);
    expect(a).toMatchObject({
      tweetId: post.id,
      departmentId: 'dlh',
      status: 'open',
      assignedBy: OFFICER,
      deadline: '2025-03-11T02:00:00.000Z',
    });
    expect(onChanged).toHaveBeenCalledExactlyOnceWith([a]);
    expect(await getAssignment(db, post.id)).toEqual(a);
  });

  test('records the officer name from the settings', async () => {
    await saveSettings(db, { officerName: '  Ani (Diskominfo) ' });
    const a = await handlers.assignPost({ post: createPost(), departmentId: 'dlh' }, sender);
    expect(a.assignedBy).toBe('Ani (Diskominfo)');
    expect(a.history[0]!.by).toBe('Ani (Diskominfo)');
  });

  test('reassign, unassign and status changes build one history', async () => {
    const post = createPost();
    await handlers.assignPost({ post, departmentId: 'dsdabm' }, sender);
    now = new Date('2025-03-10T03:00:00.000Z');
    await handlers.assignPost({ post, departmentId: 'bpbd' }, sender);
    await handlers.setStatus({ tweetId: post.id, status: 'responded' }, sender);
    await handlers.setStatus({ tweetId: post.id, status: 'resolved', reason: 'selesai' }, sender);
    await handlers.setStatus({ tweetId: post.id, status: 'open', reason: 'belum beres' }, sender);
    const last = await handlers.unassign({ tweetId: post.id, reason: 'salah tag' }, sender);
    expect(last.history.map((e) => [e.action, e.from ?? '', e.to ?? '', e.reason ?? ''])).toEqual([
      ['assign', '', 'dsdabm', ''],
      ['reassign', 'dsdabm', 'bpbd', ''],
      ['respond', 'open', 'responded', ''],
      ['resolve', 'responded', 'resolved', 'selesai'],
      ['reopen', 'resolved', 'open', 'belum beres'],
      ['unassign', 'bpbd', '', 'salah tag'],
    ]);
    expect(last).toMatchObject({ status: 'unassigned', departmentId: '', deadline: '' });
    expect(await getAssignment(db, post.id)).toEqual(last);
    expect(onChanged).toHaveBeenCalledTimes(6);
  });

  test('assigning again to the same department stores and reports nothing', async () => {
    const post = createPost();
    const first = await handlers.assignPost({ post, departmentId: 'dlh' }, sender);
    now = new Date(NOW.getTime() + 60_000);
    expect(await handlers.assignPost({ post, departmentId: 'dlh' }, sender)).toEqual(first);
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  test('an unknown department changes nothing', async () => {
    const post = createPost();
    await rejects(
      handlers.assignPost({ post, departmentId: 'dinas-sihir' }, sender),
      'unknown-department',
      /dinas-sihir/,
    );
    expect(await getAssignment(db, post.id)).toBeUndefined();
    expect(onChanged).not.toHaveBeenCalled();
  });

  test('100,000 characters of text are stored cut to the limit', async () => {
    const post = createPost({ text: 'rusak '.repeat(20_000) });
    const a = await handlers.assignPost({ post, departmentId: 'dsdabm' }, sender);
    expect(a.post.text).toHaveLength(MAX_TEXT_LENGTH);
    expect((await getAssignment(db, post.id))!.post.text).toHaveLength(MAX_TEXT_LENGTH);
  });

  test('HTML-looking text is stored as it is', async () => {
    const text = '<script>alert("x")</script><img src=x onerror=alert(1)> &lt;b&gt;';
    const post = createPost({ text, authorName: '<b>Warga</b>' });
    await handlers.assignPost({ post, departmentId: 'dlh' }, sender);
    expect((await getAssignment(db, post.id))!.post).toMatchObject({
      text,
      authorName: '<b>Warga</b>',
    });
  });

  test.each([
    ['no post', { departmentId: 'dlh' }, /request\.post must be an object/],
    [
      'a numeric id',
      { post: { ...createPost(), id: 2 ** 60 }, departmentId: 'dlh' },
      /request\.post\.id/,
    ],
    ['a bad department id', { post: createPost(), departmentId: '<b>' }, /request\.departmentId/],
    [
      'an extra field',
      { post: createPost(), departmentId: 'dlh', by: 'mayor' },
      /unknown field "by"/,
    ],
    [
      'a javascript: url',
      { post: createPost({ url: 'javascript:alert(1)' }), departmentId: 'dlh' },
      /request\.post\.url/,
    ],
    ['a promoted post', { post: createPost({ promoted: true }), departmentId: 'dlh' }, /Promoted/],
  ])('refuses %s', async (_, req, message) => {
    await rejects(raw('assignPost', req), 'bad-request', message);
    expect(onChanged).not.toHaveBeenCalled();
  });
});

describe('setStatus and unassign', () => {
  test('a post never assigned is not found', async () => {
    await rejects(
      handlers.setStatus({ tweetId: '123', status: 'responded' }, sender),
      'not-found',
      /123/,
    );
    await rejects(handlers.unassign({ tweetId: '123' }, sender), 'not-found', /123/);
    expect(await getAssignment(db, '123')).toBeUndefined();
  });

  test('resolving an unassigned item is refused and changes nothing', async () => {
    const post = createPost();
    await handlers.assignPost({ post, departmentId: 'dlh' }, sender);
    const gone = await handlers.unassign({ tweetId: post.id }, sender);
    await rejects(
      handlers.setStatus({ tweetId: post.id, status: 'resolved' }, sender),
      'bad-request',
      /not assigned/,
    );
    expect(await getAssignment(db, post.id)).toEqual(gone);
  });

  test.each([
    ['an unknown status', { tweetId: '1', status: 'done' }, /request\.status/],
    [
      'a long reason',
      { tweetId: '1', status: 'open', reason: 'x'.repeat(501) },
      /request\.reason is too long/,
    ],
    ['an id with letters', { tweetId: '1e9', status: 'open' }, /request\.tweetId/],
  ])('refuses %s', async (_, req, message) => {
    await rejects(raw('setStatus', req), 'bad-request', message);
  });
});

describe('getAssignments', () => {
  test('answers a batch', async () => {
    const [a, b] = [createAssignment(), createAssignment()];
    await putAssignments(db, [a, b]);
    expect(await handlers.getAssignments({ ids: [a.tweetId, b.tweetId, '5'] }, sender)).toEqual({
      [a.tweetId]: a,
      [b.tweetId]: b,
    });
  });

  test.each([
    ['not a list', { ids: '1,2' }, /request\.ids must be a list/],
    ['501 ids', { ids: Array.from({ length: 501 }, (_, i) => String(i)) }, /at most 500/],
    ['a number', { ids: ['1', 2] }, /request\.ids\[1\]/],
    ['26 digits', { ids: ['1'.repeat(26)] }, /request\.ids\[0\]/],
    ['an empty id', { ids: [''] }, /request\.ids\[0\]/],
    ['a negative id', { ids: ['-1'] }, /request\.ids\[0\]/],
    ['no request', 'ids', /request must be an object/],
  ])('refuses %s', async (_, req, message) => {
    await rejects(raw('getAssignments', req), 'bad-request', message);
  });

  test('500 ids of 25 digits are fine', async () => {
    const ids = Array.from({ length: 500 }, (_, i) => String(i).padStart(25, '9'));
    expect(await handlers.getAssignments({ ids }, sender)).toEqual({});
  });
});

describe('listDepartments and getBacklog', () => {
  test('departments in order', async () => {
    const list = await handlers.listDepartments({}, sender);
    expect(list.map((d) => d.id)).toEqual(DEFAULT_DEPARTMENTS.map((d) => d.id));
  });

  test('the backlog, filtered and limited', async () => {
    await handlers.assignPost({ post: createPost(), departmentId: 'dlh' }, sender);
    await handlers.assignPost({ post: createPost(), departmentId: 'dinsos' }, sender);
    const all = await handlers.getBacklog({}, sender);
    expect(all.totalOpen).toBe(2);
    expect(all.summary.assignedToday).toBeGreaterThanOrEqual(0);
    const dlh = await handlers.getBacklog({ departmentId: 'dlh', limit: 1 }, sender);
    expect(dlh.items.map((a) => a.departmentId)).toEqual(['dlh']);
  });

  test.each([
    [{ limit: 0 }, /request\.limit/],
    [{ limit: 2.5 }, /request\.limit/],
    [{ limit: '10' }, /request\.limit/],
    [{ departmentId: 'DLH' }, /request\.departmentId/],
  ])('refuses %o', async (req, message) => {
    await rejects(raw('getBacklog', req), 'bad-request', message);
  });
});

describe('importAssignments', () => {
  test('stores every record and reports them once', async () => {
    const list = [createAssignment({ departmentId: 'dlh' }), createAssignment()];
    expect(await handlers.importAssignments({ assignments: list }, sender)).toEqual({
      imported: 2,
    });
    for (const a of list) expect(await getAssignment(db, a.tweetId)).toEqual(a);
    expect(onChanged).toHaveBeenCalledExactlyOnceWith(list);
  });

  test('one bad record: nothing is stored, and the error names it', async () => {
    const good = createAssignment();
    const badOne = { ...createAssignment(), deadline: 'besok' };
    await rejects(
      raw('importAssignments', { assignments: [good, badOne] }),
      'bad-request',
      /^assignments\[1\]\.deadline must be an ISO 8601 date/,
    );
    expect(await getAssignment(db, good.tweetId)).toBeUndefined();
    expect(onChanged).not.toHaveBeenCalled();
  });

  test('an unknown department: nothing is stored', async () => {
    const good = createAssignment();
    const other = createAssignment({ departmentId: 'dinas-pariwisata' });
    await rejects(
      handlers.importAssignments({ assignments: [good, other] }, sender),
      'unknown-department',
      /assignments\[1\]\.departmentId "dinas-pariwisata"/,
    );
    expect(await getAssignment(db, good.tweetId)).toBeUndefined();
  });

  test('a repeated post: nothing is stored', async () => {
    const a = createAssignment();
    await rejects(
      handlers.importAssignments({ assignments: [a, { ...a }] }, sender),
      'bad-request',
      /assignments\[1\] repeats post/,
    );
    expect(await getAssignment(db, a.tweetId)).toBeUndefined();
  });

  test('not a list', async () => {
    await rejects(
      raw('importAssignments', { assignments: {} }),
      'bad-request',
      /request\.assignments/,
    );
  });
});

describe('without an officer name', () => {
  beforeEach(() => saveSettings(db, { officerName: '' }));

  test('empty while no name is set, or only spaces', async () => {
    const officer = officerFromSettings(async () => db);
    expect(await officer()).toBe('');
    // As the first release stored it: a bare record.
    await db.put('settings', '   ', 'officerName');
    expect(await officer()).toBe('');
  });

  test('an item’s change is refused, and nothing is stored or reported', async () => {
    const post = createPost();
    await rejects(
      handlers.assignPost({ post, departmentId: 'dlh' }, sender),
      'officer-name-required',
      /name/,
    );
    expect(await getAssignment(db, post.id)).toBeUndefined();
    expect(onChanged).not.toHaveBeenCalled();
  });

  test('once the name is given, the same change goes through signed with it', async () => {
    const post = createPost();
    await rejects(
      handlers.assignPost({ post, departmentId: 'dlh' }, sender),
      'officer-name-required',
      /name/,
    );
    await handlers.saveSettings({ settings: { officerName: 'Rina' } }, sender);
    const a = await handlers.assignPost({ post, departmentId: 'dlh' }, sender);
    expect(a.history.map((e) => e.by)).toEqual(['Rina']);
  });
});

test('a failing change report does not fail the committed write', async () => {
  onChanged.mockRejectedValue(new Error('no tabs'));
  const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
  const post = createPost();
  await expect(handlers.assignPost({ post, departmentId: 'dlh' }, sender)).resolves.toMatchObject({
    tweetId: post.id,
  });
  expect(await getAssignment(db, post.id)).toBeDefined();
  spy.mockRestore();
});

describe('the signed-in officer, for the pages and the menu', () => {
  const dlh: Actor = { username: 'dewi', role: 'department', departmentId: 'dlh' };

  test('getActor answers who acts here: nobody alone, the officer once logged in', async () => {
    expect(await handlers.getActor({}, sender)).toBeNull();
    await updateSyncState(db, (s) => ({ ...s, actor: dlh }));
    expect(await handlers.getActor({}, sender)).toEqual(dlh);
  });

  test("the menu is shown with the officer's rights on the item under the pointer", async () => {
    const shown: [string, ItemRights][] = [];
    const menuHandlers = createBackgroundHandlers({
      db: async () => db,
      now: () => now,
      officer: officerFromSettings(async () => db),
      onChanged,
      showMenuFor: async (context, rights) => void shown.push([context, rights]),
    });
    await updateSyncState(db, (s) => ({ ...s, actor: dlh }));
    await menuHandlers.showMenuFor({ context: 'open', departmentId: 'dlh' }, sender);
    await menuHandlers.showMenuFor({ context: 'open', departmentId: 'dinkes' }, sender);
    await menuHandlers.showMenuFor({ context: 'unassigned' }, sender);
    expect(shown.map(([context, r]) => [context, r.assign, r.respond])).toEqual([
      ['open', false, true],
      ['open', false, false],
      ['unassigned', false, false],
    ]);
    await rejects(
      raw('showMenuFor', { context: 'open', departmentId: 'Not An Id' }),
      'bad-request',
      /departmentId/,
    );
  });

  test('once the officer is known, the menu is updated without waiting for the database', async () => {
    await updateSyncState(db, (s) => ({ ...s, actor: dlh }));
    let reads = 0;
    let databaseBlocked = false;
    const database = async () => {
      if (databaseBlocked) return new Promise<TanggapDb>(() => {});
      return db;
    };
    const actor = createActorMemory(async () => {
      reads++;
      return (await readSyncState(await database())).actor;
    });
    const shown: [string, ItemRights][] = [];
    const menuHandlers = createBackgroundHandlers({
      db: database,
      now: () => now,
      officer: officerFromSettings(database),
      onChanged,
      actor,
      showMenuFor: async (context, rights) => void shown.push([context, rights]),
    });
    // A (re)started worker reads who acts once, on the first right-click.
    await menuHandlers.showMenuFor({ context: 'open', departmentId: 'dlh' }, sender);
    await menuHandlers.showMenuFor({ context: 'open', departmentId: 'dinkes' }, sender);
    expect(reads).toBe(1);
    // Then a database that never answers does not hold the menu back.
    databaseBlocked = true;
    await menuHandlers.showMenuFor({ context: 'unassigned' }, sender);
    // A status told of a promotion changes the next menu at once.
    actor.heard({ username: 'dewi', role: 'triage', departmentId: '' });
    await menuHandlers.showMenuFor({ context: 'unassigned' }, sender);
    expect(shown.map(([context, r]) => [context, r.assign, r.respond])).toEqual([
      ['open', false, true],
      ['open', false, false],
      ['unassigned', false, false],
      ['unassigned', true, true],
    ]);
    expect(reads).toBe(1);
  });
});
