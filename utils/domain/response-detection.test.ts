import { describe, expect, test } from 'vitest';
import { createAssignment, createPost, createReply } from '../../tests/factories';
import { changeStatus } from './assignment-ops';
import { DEFAULT_DEPARTMENTS } from './departments';
import { resolve } from './lifecycle-ops';
import { historyLine } from './history-view';
import { historyWords } from '../i18n/lifecycle-words';
import {
  applyReplies,
  repliesOnPage,
  RESPONSE_CORRECTED,
  type ReplyPolicy,
} from './response-detection';
import type { Assignment } from './types';

/** The directory with two handles filled in: the assigned department's and another's. */
const departments = DEFAULT_DEPARTMENTS.map((d) =>
  d.id === 'dsdabm'
    ? { ...d, handle: 'DSDABM_Kota' }
    : d.id === 'dlh'
      ? { ...d, handle: 'dlh_kota' }
      : d,
);
const policy: ReplyPolicy = { departments, otherHandleResponds: false };
const NOW = '2025-03-10T05:00:00.000Z';

/** Open, assigned to dsdabm at 02:00; the post was made at 01:00. */
const open = () => createAssignment({ departmentId: 'dsdabm' });

describe('applyReplies: the assigned department replies', () => {
  test('marks it responded at the reply’s time, with its id and handle, in the history', () => {
    const a = open();
    const reply = createReply({ authorHandle: 'dsdabm_kota', createdAt: '2025-03-10T03:30:00Z' });
    const next = applyReplies(a, [reply], policy, NOW);
    expect(next).toMatchObject({
      status: 'responded',
      respondedAt: '2025-03-10T03:30:00.000Z',
      responseId: reply.id,
      respondedBy: '@dsdabm_kota',
      updatedAt: NOW,
    });
    expect(next.history.slice(a.history.length)).toEqual([
      {
        at: NOW,
        by: '@dsdabm_kota',
        action: 'respond',
        from: 'open',
        to: 'responded',
        reason: `https://x.com/dsdabm_kota/status/${reply.id}`,
      },
    ]);
  });

  test.each([
    ['the same reply again', (first: string) => ({ id: first, createdAt: '2025-03-10T03:30:00Z' })],
    ['a later reply', () => ({ createdAt: '2025-03-10T04:00:00Z' })],
  ])('%s changes nothing (returns the same object)', (_, overrides) => {
    const first = createReply({ authorHandle: 'DSDABM_Kota', createdAt: '2025-03-10T03:30:00Z' });
    const responded = applyReplies(open(), [first], policy, NOW);
    const again = createReply({ authorHandle: 'DSDABM_Kota', ...overrides(first.id) });
    expect(applyReplies(responded, [again], policy, '2025-03-10T06:00:00.000Z')).toBe(responded);
  });

  test('an earlier reply seen afterwards corrects the response time: still one respond event', () => {
    const later = createReply({ authorHandle: 'DSDABM_Kota', createdAt: '2025-03-10T04:00:00Z' });
    const responded = applyReplies(open(), [later], policy, NOW);
    const earlier = createReply({ authorHandle: 'DSDABM_Kota', createdAt: '2025-03-10T03:00:00Z' });
    const next = applyReplies(responded, [earlier], policy, '2025-03-10T06:00:00.000Z');
    expect(next).toMatchObject({
      respondedAt: '2025-03-10T03:00:00.000Z',
      responseId: earlier.id,
      status: 'responded',
    });
    expect(next.history.slice(0, responded.history.length)).toEqual(responded.history);
    expect(next.history.slice(responded.history.length)).toEqual([
      {
        at: '2025-03-10T06:00:00.000Z',
        by: '@DSDABM_Kota',
        action: 'reply-seen',
        reason: `${RESPONSE_CORRECTED} https://x.com/DSDABM_Kota/status/${earlier.id}`,
      },
    ]);
    expect(next.history.filter((e) => e.action === 'respond')).toHaveLength(1);
    // The correction reads as such in the history, not as another account's reply.
    const line = historyLine(next.history.at(-1)!, new Map(), historyWords(), () => '09:00');
    expect(line).toBe(`09:00 @DSDABM_Kota: ${historyWords().responseCorrected}`);
    // The same earlier reply reported again changes nothing.
    expect(applyReplies(next, [earlier, later], policy, '2025-03-10T07:00:00.000Z')).toBe(next);
  });

  test('several replies in one report: the earliest is the response', () => {
    const replies = ['04:00', '03:10', '03:40'].map((t) =>
      createReply({ authorHandle: 'DSDABM_Kota', createdAt: `2025-03-10T${t}:00Z` }),
    );
    const next = applyReplies(open(), replies, policy, NOW);
    expect(next.responseId).toBe(replies[1]!.id);
    expect(next.history.filter((e) => e.action === 'respond')).toHaveLength(1);
  });

  test('a manual "responded" is moved back to an earlier reply', () => {
    const manual = changeStatus(open(), 'responded', 'rina', '2025-03-10T04:30:00.000Z');
    const reply = createReply({ authorHandle: 'DSDABM_Kota', createdAt: '2025-03-10T03:00:00Z' });
    expect(applyReplies(manual, [reply], policy, NOW)).toMatchObject({
      respondedAt: '2025-03-10T03:00:00.000Z',
      responseId: reply.id,
      respondedBy: '@DSDABM_Kota',
    });
  });

  test('a reply made before the assignment still counts: the department did answer', () => {
    const reply = createReply({ authorHandle: 'DSDABM_Kota', createdAt: '2025-03-10T01:30:00Z' });
    expect(applyReplies(open(), [reply], policy, NOW).respondedAt).toBe('2025-03-10T01:30:00.000Z');
  });
});

describe('applyReplies: after a reopen', () => {
  const reply = createReply({ authorHandle: 'DSDABM_Kota', createdAt: '2025-03-10T03:00:00Z' });
  const reopened = () => {
    const responded = applyReplies(open(), [reply], policy, NOW);
    return changeStatus(responded, 'open', 'rina', '2025-03-10T05:30:00.000Z');
  };

  test('the reply recorded before the reopen, reported again, leaves it open', () => {
    const a = reopened();
    expect(a).toMatchObject({ status: 'open', responseId: '' });
    expect(applyReplies(a, [reply], policy, '2025-03-10T06:00:00.000Z')).toBe(a);
  });

  test('any reply made before the reopen leaves it open', () => {
    const a = reopened();
    const earlier = createReply({ authorHandle: 'DSDABM_Kota', createdAt: '2025-03-10T02:00:00Z' });
    expect(applyReplies(a, [earlier], policy, '2025-03-10T06:00:00.000Z')).toBe(a);
  });

  test('a reply newer than the reopen responds, once', () => {
    const a = reopened();
    const newer = createReply({ authorHandle: 'DSDABM_Kota', createdAt: '2025-03-10T05:45:00Z' });
    const next = applyReplies(a, [reply, newer], policy, '2025-03-10T06:00:00.000Z');
    expect(next).toMatchObject({
      status: 'responded',
      responseId: newer.id,
      respondedAt: '2025-03-10T05:45:00.000Z',
    });
    expect(next.history.slice(a.history.length).map((e) => e.action)).toEqual(['respond']);
  });

  test('the last reopen counts when there were several', () => {
    const newer = createReply({ authorHandle: 'DSDABM_Kota', createdAt: '2025-03-10T05:45:00Z' });
    const second = changeStatus(
      applyReplies(reopened(), [newer], policy, '2025-03-10T06:00:00.000Z'),
      'open',
      'rina',
      '2025-03-10T07:00:00.000Z',
    );
    expect(applyReplies(second, [reply, newer], policy, '2025-03-10T07:30:00.000Z')).toBe(second);
  });
});

describe('applyReplies: replies that do not respond', () => {
  const cases: [string, Partial<ReturnType<typeof createReply>>][] = [
    ['made before the post', { authorHandle: 'DSDABM_Kota', createdAt: '2025-03-10T00:59:00Z' }],
    [
      'made at the post’s own time',
      { authorHandle: 'DSDABM_Kota', createdAt: '2025-03-10T01:00:00Z' },
    ],
    ['dated in the future', { authorHandle: 'DSDABM_Kota', createdAt: '2025-03-10T05:06:00Z' }],
    ['by a handle outside the directory', { authorHandle: 'warga_lain' }],
    ['by a department whose handle is empty', { authorHandle: 'dishub' }],
  ];
  test.each(cases)('a reply %s changes nothing', (_, overrides) => {
    const a = open();
    expect(applyReplies(a, [createReply(overrides)], policy, NOW)).toBe(a);
  });

  test('the post itself is not a reply to itself', () => {
    const a = open();
    const self = createReply({ id: a.tweetId, authorHandle: 'DSDABM_Kota' });
    expect(applyReplies(a, [self], policy, NOW)).toBe(a);
  });

  test('an unassigned item changes nothing', () => {
    const a = { ...open(), status: 'unassigned', departmentId: '' } satisfies Assignment;
    expect(applyReplies(a, [createReply({ authorHandle: 'DSDABM_Kota' })], policy, NOW)).toBe(a);
  });
});

describe('applyReplies: another directory handle', () => {
  test('is noted in the history once per reply, and the clock keeps running', () => {
    const a = open();
    const reply = createReply({ authorHandle: 'dlh_kota' });
    const next = applyReplies(a, [reply], policy, NOW);
    expect(next.status).toBe('open');
    expect(next.respondedAt).toBe('');
    expect(next.history.slice(a.history.length)).toEqual([
      {
        at: NOW,
        by: '@dlh_kota',
        action: 'reply-seen',
        reason: `https://x.com/dlh_kota/status/${reply.id}`,
      },
    ]);
    expect(applyReplies(next, [reply], policy, '2025-03-10T06:00:00.000Z')).toBe(next);
    const second = applyReplies(next, [createReply({ authorHandle: 'dlh_kota' })], policy, NOW);
    expect(second.history.filter((e) => e.action === 'reply-seen')).toHaveLength(2);
  });

  test('stops the clock when the settings say any directory handle responds', () => {
    const reply = createReply({ authorHandle: 'dlh_kota', createdAt: '2025-03-10T03:00:00Z' });
    const next = applyReplies(open(), [reply], { ...policy, otherHandleResponds: true }, NOW);
    expect(next).toMatchObject({
      status: 'responded',
      respondedBy: '@dlh_kota',
      responseId: reply.id,
      departmentId: 'dsdabm',
    });
  });

  test('a resolved item is only noted, even for its own department', () => {
    const resolved = resolve(open(), { reason: 'handled' }, 'rina', '2025-03-10T04:00:00.000Z');
    const reply = createReply({ authorHandle: 'DSDABM_Kota', createdAt: '2025-03-10T03:00:00Z' });
    const next = applyReplies(resolved, [reply], policy, NOW);
    expect(next).toMatchObject({ status: 'resolved', respondedAt: resolved.respondedAt });
    expect(next.history.at(-1)!.action).toBe('reply-seen');
  });
});

describe('repliesOnPage', () => {
  const handles = new Set(['dsdabm_kota', 'dlh_kota']);
  const focused = createPost({ focused: true, createdAt: '2025-03-10T01:00:00.000Z' });
  const page = `https://x.com/${focused.authorHandle}/status/${focused.id}`;
  const reply = (overrides: Parameters<typeof createPost>[0]) =>
    createPost({
      authorHandle: 'DSDABM_Kota',
      createdAt: '2025-03-10T02:00:00.000Z',
      ...overrides,
    });

  test('directory-handle replies after the focused post, and nothing else', () => {
    const dept = reply({});
    const other = reply({ authorHandle: 'dlh_kota' });
    const posts = [
      reply({ createdAt: '2025-03-09T23:00:00.000Z' }), // the post it replies to, above it
      focused,
      reply({ authorHandle: 'warga_lain' }),
      dept,
      other,
      dept,
      reply({ repostedBy: 'DSDABM_Kota', authorHandle: 'dlh_kota' }),
    ];
    expect(repliesOnPage(posts, page, handles, focused.createdAt)).toEqual({
      conversationId: focused.id,
      replies: [dept, other].map((p) => ({
        id: p.id,
        authorHandle: p.authorHandle,
        createdAt: p.createdAt,
      })),
    });
  });

  test('without the focused post’s time, the background checks the time', () => {
    const dept = reply({ createdAt: '2025-03-09T23:00:00.000Z' });
    expect(repliesOnPage([dept], page, handles)?.replies.map((r) => r.id)).toEqual([dept.id]);
  });

  test.each([
    ['a timeline', 'https://x.com/notifications/mentions'],
    ['a profile', 'https://x.com/DSDABM_Kota'],
    ['another site', `https://example.com/a/status/${focused.id}`],
  ])('nothing on %s', (_, url) => {
    expect(repliesOnPage([reply({})], url, handles)).toBeNull();
  });

  test('nothing when no reply is by a directory handle', () => {
    expect(repliesOnPage([focused, reply({ authorHandle: 'warga' })], page, handles)).toBeNull();
  });
});
