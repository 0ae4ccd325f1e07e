import { describe, expect, test } from 'vitest';
import { createAssignment, createPost } from '../../tests/factories';
import {
  assign,
  changeStatus,
  MAX_HISTORY,
  MAX_TEXT_LENGTH,
  stateOf,
  unassign,
  undoAssign,
  undoOffer,
  validateAssignment,
  validatePost,
} from './assignment-ops';
import { DEFAULT_DEPARTMENTS } from './departments';
import { TanggapError } from './errors';
import type { Assignment } from './types';

const [pu, dlh] = DEFAULT_DEPARTMENTS as [
  (typeof DEFAULT_DEPARTMENTS)[0],
  (typeof DEFAULT_DEPARTMENTS)[0],
];
const t0 = '2025-03-10T02:00:00.000Z';
const t1 = '2025-03-10T05:00:00.000Z';
const t2 = '2025-03-10T09:30:00.000Z';

function badRequest(fn: () => unknown, message: RegExp) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TanggapError);
    expect((error as TanggapError).code).toBe('bad-request');
    expect((error as TanggapError).message).toMatch(message);
    return;
  }
  expect.unreachable('should have thrown');
}

describe('assign', () => {
  const post = createPost();

  test('a new assignment: open, deadline = now + SLA, one assign event', () => {
    const a = assign(undefined, post, pu, 'ani', t0);
    expect(a).toMatchObject({
      tweetId: post.id,
      departmentId: pu.id,
      status: 'open',
      assignedAt: t0,
      assignedBy: 'ani',
      deadline: '2025-03-11T02:00:00.000Z',
      updatedAt: t0,
      updatedBy: 'ani',
      post: { authorHandle: post.authorHandle, text: post.text, url: post.url },
    });
    expect(a.history).toEqual([{ at: t0, by: 'ani', action: 'assign', to: pu.id }]);
    expect(a.post).not.toHaveProperty('promoted');
  });

  test('reassign: new department and clock, a reassign event from → to with the reason', () => {
    const first = assign(undefined, post, pu, 'ani', t0);
    const second = assign(first, post, dlh, 'budi', t1, 'bukan wewenang');
    expect(second).toMatchObject({
      departmentId: dlh.id,
      status: 'open',
      assignedAt: t1,
      assignedBy: 'budi',
      deadline: '2025-03-11T05:00:00.000Z',
    });
    expect(second.history).toEqual([
      ...first.history,
      { at: t1, by: 'budi', action: 'reassign', from: pu.id, to: dlh.id, reason: 'bukan wewenang' },
    ]);
    expect(first.history).toHaveLength(1);
  });

  test('assigning an open item to its own department again changes nothing', () => {
    const first = assign(undefined, post, pu, 'ani', t0);
    expect(assign(first, post, pu, 'budi', t1)).toBe(first);
  });

  test('reassigning a responded item reopens it and keeps its history', () => {
    const responded = changeStatus(assign(undefined, post, pu, 'ani', t0), 'responded', 'pu', t1);
    const again = assign(responded, post, dlh, 'budi', t2);
    expect(again.status).toBe('open');
    expect(again.respondedAt).toBe('');
    expect(again.history.map((e) => e.action)).toEqual(['assign', 'respond', 'reassign']);
  });

  test('assigning after an unassign is an assign, appended to the history', () => {
    const gone = unassign(assign(undefined, post, pu, 'ani', t0), 'ani', t1);
    const back = assign(gone, post, dlh, 'ani', t2);
    expect(back.history.map((e) => [e.action, e.from, e.to])).toEqual([
      ['assign', undefined, pu.id],
      ['unassign', pu.id, undefined],
      ['assign', undefined, dlh.id],
    ]);
  });

  test('refuses a post that is not the assignment’s', () => {
    const a = assign(undefined, post, pu, 'ani', t0);
    badRequest(() => assign(a, createPost(), dlh, 'ani', t1), /cannot take post/);
  });
});

describe('changeStatus', () => {
  const open = createAssignment({ assignedAt: t0 });
  const responded = changeStatus(open, 'responded', 'pu', t1);
  const resolved = changeStatus(open, 'resolved', 'pu', t1, 'sudah diperbaiki');
  const unassigned = unassign(open, 'ani', t1);

  test('respond: stops the clock, records who and when', () => {
    expect(responded).toMatchObject({ status: 'responded', respondedAt: t1, respondedBy: 'pu' });
    expect(responded.deadline).toBe(open.deadline);
    expect(responded.history.at(-1)).toEqual({
      at: t1,
      by: 'pu',
      action: 'respond',
      from: 'open',
      to: 'responded',
    });
  });

  test('resolve: with the closure reason; without an earlier response it counts as one', () => {
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolvedAt: t1,
      closureReason: 'sudah diperbaiki',
      respondedAt: t1,
    });
    const later = changeStatus(responded, 'resolved', 'pu', t2);
    expect(later).toMatchObject({ resolvedAt: t2, respondedAt: t1 });
    expect(later.history.map((e) => e.action)).toEqual(['assign', 'respond', 'resolve']);
  });

  test('reopen: open again with the original deadline, the cycle stays in the history', () => {
    const reopened = changeStatus(resolved, 'open', 'ani', t2, 'warga komplain lagi');
    expect(reopened).toMatchObject({
      status: 'open',
      deadline: open.deadline,
      respondedAt: '',
      resolvedAt: '',
      closureReason: '',
    });
    expect(reopened.history.at(-1)).toMatchObject({
      action: 'reopen',
      reason: 'warga komplain lagi',
    });
  });

  test.each([
    ['responded', responded, 'responded'],
    ['resolved', resolved, 'resolved'],
    ['open', open, 'open'],
  ] as const)('asking for the current status (%s) changes nothing', (_, a, status) => {
    expect(changeStatus(a, status, 'x', t2)).toBe(a);
  });

  test.each([
    ['respond to a resolved item', resolved, 'responded', /is resolved/],
    ['respond to an unassigned item', unassigned, 'responded', /not assigned/],
    ['resolve an unassigned item', unassigned, 'resolved', /not assigned/],
    ['reopen an unassigned item', unassigned, 'open', /not assigned/],
  ] as const)('refuses to %s', (_, a, status, message) => {
    badRequest(() => changeStatus(a, status, 'x', t2), message);
  });

  test('never rewrites earlier events', () => {
    const before = structuredClone(responded.history);
    changeStatus(responded, 'resolved', 'pu', t2);
    expect(responded.history).toEqual(before);
  });
});

describe('history within MAX_HISTORY', () => {
  test('an item toggled 2,100 times keeps its creation and its latest events, and stays valid', () => {
    let a = assign(undefined, createPost(), pu, 'siti', t0);
    for (let i = 1; i <= 2_100; i++) {
      const at = new Date(Date.parse(t0) + i * 60_000).toISOString();
      a = changeStatus(a, i % 2 === 1 ? 'responded' : 'open', 'budi', at);
    }
    expect(a.history).toHaveLength(MAX_HISTORY);
    expect(a.history[0]).toMatchObject({ action: 'assign', at: t0, by: 'siti' });
    // The newest event is the last toggle; the ones dropped are the oldest toggles.
    expect(a.history.at(-1)).toMatchObject({
      action: 'reopen',
      at: new Date(Date.parse(t0) + 2_100 * 60_000).toISOString(),
    });
    expect(a.history[1]!.at).toBe(
      new Date(Date.parse(t0) + (2_100 - MAX_HISTORY + 2) * 60_000).toISOString(),
    );
    expect(validateAssignment(JSON.parse(JSON.stringify(a)))).toEqual(a);
    // An item stored longer before the rule came back within it at its next change.
    const long = { ...a, history: [...a.history, ...a.history.slice(1, 101)] };
    const unassigned = unassign(long, 'siti', t2);
    expect(unassigned.history).toHaveLength(MAX_HISTORY);
    expect(unassigned.history[0]).toEqual(a.history[0]);
    expect(unassigned.history.at(-1)).toMatchObject({ action: 'unassign', at: t2 });
  });
});

describe('unassign', () => {
  const responded = changeStatus(createAssignment({ assignedAt: t0 }), 'responded', 'pu', t1);

  test('keeps the record and its history, clears department and deadline', () => {
    const gone = unassign(responded, 'ani', t2, 'salah tag');
    expect(gone).toMatchObject({
      status: 'unassigned',
      departmentId: '',
      deadline: '',
      assignedAt: '',
      respondedAt: '',
      updatedAt: t2,
      updatedBy: 'ani',
    });
    expect(gone.history).toEqual([
      ...responded.history,
      { at: t2, by: 'ani', action: 'unassign', from: pu.id, reason: 'salah tag' },
    ]);
  });

  test('twice changes nothing', () => {
    const gone = unassign(responded, 'ani', t2);
    expect(unassign(gone, 'ani', t2)).toBe(gone);
  });
});

describe('validatePost', () => {
  test('a good post passes, with its date normalised', () => {
    const post = createPost({ createdAt: '2025-03-10T08:00:00+07:00' });
    expect(validatePost(post)).toEqual({ ...post, createdAt: '2025-03-10T01:00:00.000Z' });
  });

  test('a link on www.x.com is an X address too', () => {
    const url = 'https://www.x.com/warga/status/1';
    expect(validatePost(createPost({ url })).url).toBe(url);
  });

  test('HTML-looking text is kept as it is (it is rendered as text)', () => {
    const html = '<img src=x onerror=alert(1)> <b>jalan</b> &amp;';
    expect(validatePost(createPost({ text: html })).text).toBe(html);
  });

  test('100,000 characters are cut to the limit, with an ellipsis', () => {
    const result = validatePost(createPost({ text: 'a'.repeat(100_000) })).text;
    expect(result).toHaveLength(MAX_TEXT_LENGTH);
    expect(result.endsWith('…')).toBe(true);
  });

  test('an emoji on the cut is not split in half', () => {
    const result = validatePost(
      createPost({ text: 'a'.repeat(MAX_TEXT_LENGTH - 2) + '😀'.repeat(10) }),
    ).text;
    expect(result.endsWith('a…')).toBe(true);
  });

  test.each([
    ['not an object', 'post', /post must be an object/],
    ['numeric id', { id: 1234 }, /post\.id must be a post id/],
    ['id with letters', { id: '12a4' }, /post\.id/],
    ['26-digit id', { id: '1'.repeat(26) }, /post\.id/],
    ['handle with @', { authorHandle: '@warga' }, /post\.authorHandle/],
    // X's limit, the one the page reader and the directory use too.
    ['16-character handle', { authorHandle: 'w'.repeat(16) }, /post\.authorHandle/],
    ['javascript: URL', { url: 'javascript:alert(1)' }, /post\.url/],
    ['URL elsewhere', { url: 'https://evil.example/status/1' }, /post\.url/],
    ['bad date', { createdAt: 'kemarin' }, /post\.createdAt/],
    ['long name', { authorName: 'x'.repeat(1000) }, /post\.authorName is too long/],
    ['text not a string', { text: 42 }, /post\.text must be a string/],
    ['replyTo not a list', { replyTo: 'a' }, /post\.replyTo/],
    ['promoted not boolean', { promoted: 'no' }, /post\.promoted/],
  ])('refuses %s', (_, override, message) => {
    const input = typeof override === 'string' ? override : { ...createPost(), ...override };
    badRequest(() => validatePost(input), message);
  });
});

describe('validateAssignment', () => {
  const good = changeStatus(createAssignment({ assignedAt: t0 }), 'responded', 'pu', t1);

  test('a valid assignment round-trips', () => {
    expect(validateAssignment(structuredClone(good))).toEqual(good);
  });

  test('dates are normalised so that index order is time order', () => {
    const result = validateAssignment({ ...good, deadline: '2025-03-11T09:00:00+07:00' });
    expect(result.deadline).toBe('2025-03-11T02:00:00.000Z');
  });

  const mutate = (fn: (a: Record<string, unknown>) => void) => {
    const copy = structuredClone(good) as unknown as Record<string, unknown>;
    fn(copy);
    return copy;
  };

  test.each([
    ['not an object', null, /assignment must be an object/],
    ['bad tweetId', mutate((a) => (a.tweetId = 123)), /assignment\.tweetId/],
    ['unknown status', mutate((a) => (a.status = 'done')), /assignment\.status must be one of/],
    ['missing deadline', mutate((a) => (a.deadline = '')), /assignment\.deadline must be an ISO/],
    ['bad department', mutate((a) => (a.departmentId = 'Dinas PU')), /assignment\.departmentId/],
    ['extra field', mutate((a) => (a.admin = true)), /unknown field "admin"/],
    [
      'post url',
      mutate((a) => ((a.post as Assignment['post']).url = 'data:x')),
      /assignment\.post\.url/,
    ],
    [
      'history action',
      mutate((a) => ((a.history as { action: string }[])[0]!.action = 'x')),
      /assignment\.history\[0\]\.action/,
    ],
    ['history not a list', mutate((a) => (a.history = {})), /assignment\.history must be a list/],
    ['note', mutate((a) => (a.notes = [1])), /assignment\.notes\[0\]/],
    [
      'text too long',
      mutate((a) => ((a.post as Assignment['post']).text = 'x'.repeat(MAX_TEXT_LENGTH + 1))),
      /assignment\.post\.text is too long/,
    ],
    [
      'unassigned with a department',
      mutate((a) => (a.status = 'unassigned')),
      /departmentId must be empty/,
    ],
  ])('refuses %s, naming the field', (_, input, message) => {
    badRequest(() => validateAssignment(input), message);
  });

  test('the path names the record in a list', () => {
    badRequest(
      () => validateAssignment({ ...good, deadline: 'x' }, 'assignments[7]'),
      /^assignments\[7\]\.deadline/,
    );
  });
});

describe('undoAssign', () => {
  const post = createPost();

  test('a new assignment undone: unassigned again, both events kept', () => {
    const assigned = assign(undefined, post, pu, 'ani', t0);
    const offer = undoOffer(undefined, assigned)!;
    const undone = undoAssign(assigned, offer, 'ani', t1);
    expect(stateOf(undone)).toEqual(stateOf(undefined));
    expect(undone.status).toBe('unassigned');
    expect(undone.history.map((e) => e.action)).toEqual(['assign', 'undo']);
    expect(undone.history[1]).toEqual({ at: t1, by: 'ani', action: 'undo', from: pu.id });
    expect(validateAssignment(undone)).toEqual(undone);
  });

  test('a reassignment undone: back with the first department, its deadline and status', () => {
    const first = changeStatus(assign(undefined, post, pu, 'ani', t0), 'responded', 'ani', t1);
    const moved = assign(first, post, dlh, 'budi', t2);
    const undone = undoAssign(moved, undoOffer(first, moved)!, 'budi', t2);
    expect(stateOf(undone)).toEqual(stateOf(first));
    expect(undone.deadline).toBe(first.deadline);
    expect(undone.history.at(-1)).toMatchObject({ action: 'undo', from: dlh.id, to: pu.id });
  });

  test('assigning to the same department again offers no undo', () => {
    const a = assign(undefined, post, pu, 'ani', t0);
    expect(undoOffer(a, assign(a, post, pu, 'ani', t1))).toBeNull();
  });

  test('refused once the item changed since, or when undone already', () => {
    const assigned = assign(undefined, post, pu, 'ani', t0);
    const offer = undoOffer(undefined, assigned)!;
    const responded = changeStatus(assigned, 'responded', 'budi', t1);
    badRequest(() => undoAssign(responded, offer, 'ani', t2), /nothing to undo/);
    const undone = undoAssign(assigned, offer, 'ani', t1);
    badRequest(() => undoAssign(undone, offer, 'ani', t2), /nothing to undo/);
  });

  test('refused when the state it puts back is not the one the assignment replaced', () => {
    const first = assign(undefined, post, pu, 'ani', t0);
    const moved = assign(first, post, dlh, 'budi', t1);
    const offer = undoOffer(undefined, moved)!;
    badRequest(() => undoAssign(moved, offer, 'budi', t2), /was not with ""/);
  });
});
