import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createAssignment, createReply } from '../../tests/factories';
import { getAssignment, putAssignments } from '../../utils/storage/assignments';
import { seedDepartments } from '../../utils/storage/departments';
import { openTanggapDb, type TanggapDb } from '../../utils/storage/schema';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { type BackgroundProtocol, type Handlers } from '../../utils/messaging/protocol';
import type { SeenReply } from '../../utils/domain/types';
import { TanggapError } from '../../utils/domain/errors';
import { changeStatus } from '../../utils/domain/assignment-ops';
import { saveSettings } from '../../utils/storage/settings';
import type { Assignment } from '../../utils/domain/types';
import { createBackgroundHandlers } from './handlers';

const NOW = new Date('2025-03-10T05:00:00.000Z');
const sender = {};
let dbCount = 0;
let db: TanggapDb;
let handlers: Handlers<BackgroundProtocol>;
let onChanged: ReturnType<typeof vi.fn<(a: Assignment[]) => Promise<void>>>;
/** Open, assigned to dsdabm at 02:00; its post was made at 01:00. */
let item: Assignment;

beforeEach(async () => {
  db = await openTanggapDb(`lifecycle-${++dbCount}`);
  const handles: Record<string, string> = { dsdabm: 'DSDABM_Kota', dlh: 'dlh_kota' };
  await seedDepartments(
    db,
    DEFAULT_DEPARTMENTS.map((d) => (handles[d.id] ? { ...d, handle: handles[d.id]! } : d)),
  );
  item = createAssignment({ departmentId: 'dsdabm' });
  await putAssignments(db, [item]);
  onChanged = vi.fn(async () => {});
  handlers = createBackgroundHandlers({
    db: async () => db,
    now: () => NOW,
    officer: async () => 'rina',
    onChanged,
  });
});
afterEach(() => db.close());

/** Calls a handler with a request that does not match its type, as a forged message would. */
const raw = (name: keyof BackgroundProtocol, req: unknown) =>
  (handlers[name] as (r: unknown, s: unknown) => Promise<unknown>)(req, sender);

async function refused(promise: Promise<unknown>, code: TanggapError['code'], message: RegExp) {
  const error = await promise.then(
    () => expect.unreachable('should have been refused'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TanggapError);
  expect((error as TanggapError).code).toBe(code);
  expect((error as TanggapError).message).toMatch(message);
  // Nothing was written, and nobody was told of a change.
  expect(await getAssignment(db, item.tweetId)).toEqual(item);
  expect(onChanged).not.toHaveBeenCalled();
}

describe('reportReplies', () => {
  test('the department’s reply marks the item responded, stores it, and reports it', async () => {
    const reply = createReply({ authorHandle: 'dsdabm_kota', createdAt: '2025-03-10T03:00:00Z' });
    const a = await handlers.reportReplies(
      { conversationId: item.tweetId, replies: [reply] },
      sender,
    );
    expect(a).toMatchObject({
      status: 'responded',
      respondedAt: '2025-03-10T03:00:00.000Z',
      responseId: reply.id,
      respondedBy: '@dsdabm_kota',
    });
    expect(await getAssignment(db, item.tweetId)).toEqual(a);
    expect(onChanged).toHaveBeenCalledExactlyOnceWith([a]);

    // The same reply seen again (another frame, another tab) changes nothing.
    onChanged.mockClear();
    await handlers.reportReplies({ conversationId: item.tweetId, replies: [reply] }, sender);
    expect(onChanged).not.toHaveBeenCalled();
    expect(await getAssignment(db, item.tweetId)).toEqual(a);
  });

  test('another department’s reply is only noted, unless the settings say it responds', async () => {
    const first = createReply({ authorHandle: 'dlh_kota' });
    const noted = await handlers.reportReplies(
      { conversationId: item.tweetId, replies: [first] },
      sender,
    );
    expect(noted).toMatchObject({ status: 'open', respondedAt: '' });
    expect(noted!.history.at(-1)).toMatchObject({ action: 'reply-seen', by: '@dlh_kota' });

    await saveSettings(db, { otherHandleReplyResponds: true });
    const second = createReply({ authorHandle: 'dlh_kota', createdAt: '2025-03-10T04:00:00Z' });
    const responded = await handlers.reportReplies(
      { conversationId: item.tweetId, replies: [second] },
      sender,
    );
    expect(responded).toMatchObject({ status: 'responded', responseId: second.id });
  });

  test('replies to a post nobody assigned: null, nothing stored', async () => {
    const reply = createReply({ authorHandle: 'DSDABM_Kota' });
    await expect(
      handlers.reportReplies({ conversationId: '1800000000000000001', replies: [reply] }, sender),
    ).resolves.toBeNull();
    expect(await getAssignment(db, '1800000000000000001')).toBeUndefined();
    expect(onChanged).not.toHaveBeenCalled();
  });

  test.each([
    ['no replies', { conversationId: '1', replies: [] }, /1 to 200 replies/],
    [
      'too many replies',
      { conversationId: '1', replies: Array(201).fill(createReply()) },
      /1 to 200/,
    ],
    ['a bad conversation id', { conversationId: 12, replies: [createReply()] }, /conversationId/],
    [
      'a reply without a time',
      { conversationId: '1', replies: [{ ...createReply(), createdAt: 'yesterday' }] },
      /replies\[0\]\.createdAt/,
    ],
    [
      'a reply with a forged handle',
      { conversationId: '1', replies: [{ ...createReply(), authorHandle: '<b>x</b>' }] },
      /replies\[0\]\.authorHandle/,
    ],
    [
      'an unknown field',
      { conversationId: '1', replies: [{ ...createReply(), text: 'hi' }] },
      /unknown field "text"/,
    ],
  ])('refuses %s', async (_, req, message) => {
    const forged = {
      ...req,
      conversationId: req.conversationId === '1' ? item.tweetId : req.conversationId,
    };
    await refused(raw('reportReplies', forged), 'bad-request', message);
  });
});

describe('resolve, reopen, addNote', () => {
  test('resolve with a reason, then reopen: both in the history, the deadline kept', async () => {
    const closed = await handlers.resolve({ tweetId: item.tweetId, reason: 'no-action' }, sender);
    expect(closed).toMatchObject({
      status: 'resolved',
      closureReason: 'no-action',
      resolvedAt: NOW.toISOString(),
    });
    const reopened = await handlers.reopen({ tweetId: item.tweetId }, sender);
    expect(reopened).toMatchObject({ status: 'open', deadline: item.deadline, closureReason: '' });
    expect(reopened.history.slice(-2).map((e) => [e.action, e.by])).toEqual([
      ['resolve', 'rina'],
      ['reopen', 'rina'],
    ]);
    expect(await getAssignment(db, item.tweetId)).toEqual(reopened);
    expect(onChanged).toHaveBeenCalledTimes(2);
  });

  test('not our remit sends it to the named department, with the note', async () => {
    const a = await handlers.resolve(
      {
        tweetId: item.tweetId,
        reason: 'not-our-remit',
        targetDepartmentId: 'dlh',
        note: 'Urusan sampah',
      },
      sender,
    );
    expect(a).toMatchObject({ status: 'open', departmentId: 'dlh', notes: ['Urusan sampah'] });
    expect(a.history.slice(-2).map((e) => e.action)).toEqual(['reassign', 'note']);
  });

  test('a duplicate names the other post', async () => {
    const a = await handlers.resolve(
      { tweetId: item.tweetId, reason: 'duplicate', duplicateOf: 'https://x.com/w/status/77' },
      sender,
    );
    expect(a.closureReason).toBe('duplicate:77');
  });

  test('addNote keeps the note', async () => {
    const a = await handlers.addNote({ tweetId: item.tweetId, text: 'Sudah ditelepon' }, sender);
    expect(a.notes).toEqual(['Sudah ditelepon']);
    expect(a.history.at(-1)).toMatchObject({
      action: 'note',
      by: 'rina',
      reason: 'Sudah ditelepon',
    });
  });

  test.each([
    ['resolve', { reason: 'fixed' }, 'bad-request', /reason must be one of handled, not-our-remit/],
    ['resolve', { reason: 'not-our-remit' }, 'bad-request', /targetDepartmentId must name/],
    [
      'resolve',
      { reason: 'not-our-remit', targetDepartmentId: 'nope' },
      'unknown-department',
      /"nope"/,
    ],
    [
      'resolve',
      { reason: 'handled', targetDepartmentId: 'dlh' },
      'bad-request',
      /only for the reason not-our-remit/,
    ],
    [
      'resolve',
      { reason: 'handled', duplicateOf: '5' },
      'bad-request',
      /only for the reason duplicate/,
    ],
    ['resolve', { reason: 'duplicate', duplicateOf: 'kemarin' }, 'bad-request', /other post/],
    ['resolve', { reason: 'handled', extra: 1 }, 'bad-request', /unknown field "extra"/],
    ['addNote', { text: '  ' }, 'bad-request', /needs some text/],
    ['addNote', { text: 'x'.repeat(5001) }, 'bad-request', /too long/],
    ['addNote', { text: 5 }, 'bad-request', /text must be a string/],
  ] as const)('%s %j is refused', async (name, req, code, message) => {
    await refused(raw(name, { tweetId: item.tweetId, ...req }), code, message);
  });

  test('an unknown post is not found', async () => {
    for (const [name, req] of [
      ['reopen', {}],
      ['addNote', { text: 'x' }],
      ['resolve', { reason: 'handled' }],
    ] as const) {
      await refused(raw(name, { tweetId: '42', ...req }), 'not-found', /never been assigned/);
    }
  });
});

describe('reopen and response detection', () => {
  test('after a reopen the old reply, reported again, leaves it open; a newer one responds', async () => {
    const reply = createReply({ authorHandle: 'DSDABM_Kota', createdAt: '2025-03-10T03:00:00Z' });
    const report = (replies: SeenReply[]) =>
      handlers.reportReplies({ conversationId: item.tweetId, replies }, sender);
    await report([reply]);
    const reopened = await handlers.reopen({ tweetId: item.tweetId }, sender);
    expect(reopened.status).toBe('open');

    onChanged.mockClear();
    expect(await report([reply])).toEqual(reopened);
    expect(onChanged).not.toHaveBeenCalled();

    // NOW is 05:00; a reply a minute later is within the clock-skew margin.
    const newer = createReply({ authorHandle: 'DSDABM_Kota', createdAt: '2025-03-10T05:01:00Z' });
    const responded = await report([reply, newer]);
    expect(responded).toMatchObject({ status: 'responded', responseId: newer.id });
    expect(responded!.history.filter((e) => e.action === 'respond')).toHaveLength(2);
  });
});

describe('not our remit with the clock counting from the post', () => {
  test('the receiving department’s deadline counts from now, not from the post', async () => {
    await saveSettings(db, { clockStart: 'post' });
    const a = await handlers.resolve(
      { tweetId: item.tweetId, reason: 'not-our-remit', targetDepartmentId: 'dlh' },
      sender,
    );
    // Post at 01:00, sent on at 05:00: 24 h from 05:00, not from 01:00.
    expect(a.deadline).toBe('2025-03-11T05:00:00.000Z');
  });
});

describe('listClosedToday', () => {
  const at = (hhmm: string, day = '10') => `2025-03-${day}T${hhmm}:00.000Z`;
  const responded = (id: string, when: string) =>
    changeStatus(createAssignment({ tweetId: id, departmentId: 'dlh' }), 'responded', 'rina', when);

  test('responded and resolved today, most recent first; open and older items left out', async () => {
    const early = responded('101', at('03:00'));
    const late = responded('102', at('04:30'));
    const resolvedToday = changeStatus(
      responded('103', at('20:00', '08')),
      'resolved',
      'rina',
      at('04:00'),
      'handled',
    );
    const yesterday = responded('104', at('20:00', '08'));
    await putAssignments(db, [early, late, resolvedToday, yesterday]);
    const list = await handlers.listClosedToday({}, sender);
    expect(list.map((a) => a.tweetId)).toEqual(['102', '103', '101']);
    expect(list.some((a) => a.tweetId === item.tweetId)).toBe(false);
    expect((await handlers.listClosedToday({ limit: 2 }, sender)).map((a) => a.tweetId)).toEqual([
      '102',
      '103',
    ]);
  });

  test('a reopened item leaves the list', async () => {
    await putAssignments(db, [responded('101', at('03:00'))]);
    await handlers.reopen({ tweetId: '101' }, sender);
    expect(await handlers.listClosedToday({}, sender)).toEqual([]);
  });

  test.each([0, 1.5, '5'])('a limit of %j is refused', async (limit) => {
    await refused(raw('listClosedToday', { limit }), 'bad-request', /request.limit/);
  });
});
