import { describe, expect, test } from 'vitest';
import { createAssignment, createDepartment, createPost } from '../../tests/factories';
import { assign, changeStatus, MAX_NOTES, MAX_REASON_LENGTH } from './assignment-ops';
import { DEFAULT_DEPARTMENTS } from './departments';
import { addNote, parseClosureReason, postIdFrom, resolve } from './lifecycle-ops';
import { TanggapError } from './errors';
import { DEFAULT_SETTINGS } from './settings';
import type { Assignment } from './types';

const LATER = '2025-03-10T05:00:00.000Z';
const dlh = DEFAULT_DEPARTMENTS.find((d) => d.id === 'dlh')!;
/** Open, assigned to dsdabm at 02:00 with a 24 h deadline. */
const open = () => createAssignment({ departmentId: 'dsdabm' });

function refused(fn: () => unknown, message: RegExp) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TanggapError);
    expect((error as TanggapError).code).toBe('bad-request');
    expect((error as TanggapError).message).toMatch(message);
    return;
  }
  expect.unreachable('should have been refused');
}

describe('resolve', () => {
  test.each(['handled', 'no-action'] as const)(
    '%s: closed, with the reason in the history',
    (reason) => {
      const a = open();
      const next = resolve(a, { reason }, 'rina', LATER);
      expect(next).toMatchObject({ status: 'resolved', resolvedAt: LATER, closureReason: reason });
      // Closing without a recorded response stops the clock at the closing.
      expect(next.respondedAt).toBe(LATER);
      expect(next.history.at(-1)).toEqual({
        at: LATER,
        by: 'rina',
        action: 'resolve',
        from: 'open',
        to: 'resolved',
        reason,
      });
    },
  );

  test('a responded item keeps its response time when closed', () => {
    const responded = changeStatus(open(), 'responded', 'rina', '2025-03-10T03:00:00.000Z');
    const next = resolve(responded, { reason: 'handled' }, 'rina', LATER);
    expect(next.respondedAt).toBe('2025-03-10T03:00:00.000Z');
    expect(next.history.at(-1)).toMatchObject({ from: 'responded', to: 'resolved' });
  });

  test.each([
    ['an id', '1900000000000000123'],
    ['an x.com address', 'https://x.com/warga/status/1900000000000000123'],
    [
      'a twitter.com address with a photo path',
      'https://twitter.com/warga/status/1900000000000000123/photo/1',
    ],
  ])('duplicate of %s: closed with the other post’s id', (_, other) => {
    const next = resolve(open(), { reason: 'duplicate', duplicateOf: other }, 'rina', LATER);
    expect(next.closureReason).toBe('duplicate:1900000000000000123');
    expect(parseClosureReason(next.closureReason)).toEqual({
      reason: 'duplicate',
      duplicateOf: '1900000000000000123',
    });
    expect(next.history.at(-1)).toMatchObject({
      action: 'resolve',
      reason: 'duplicate:1900000000000000123',
    });
  });

  test('not our remit: sent on to the chosen department with a fresh deadline, and the reason', () => {
    const a = open();
    const next = resolve(a, { reason: 'not-our-remit', target: dlh }, 'rina', LATER);
    expect(next).toMatchObject({
      status: 'open',
      departmentId: 'dlh',
      assignedAt: LATER,
      assignedBy: 'rina',
      deadline: '2025-03-11T05:00:00.000Z',
      post: a.post,
    });
    expect(next.history.at(-1)).toEqual({
      at: LATER,
      by: 'rina',
      action: 'reassign',
      from: 'dsdabm',
      to: 'dlh',
      reason: 'not-our-remit',
    });
  });

  describe('not our remit when the clock counts from the post', () => {
    const post = (days: number[] | undefined) => ({
      ...DEFAULT_SETTINGS,
      clockStart: 'post' as const,
      workingHours: {
        ...DEFAULT_SETTINGS.workingHours,
        enabled: days !== undefined,
        days: days ?? [],
      },
    });
    // The post was made on Monday 10 March at 01:00 UTC; it is sent on two days later.
    const SENT_ON = '2025-03-12T05:00:00.000Z';

    test('the receiving department gets its full SLA from the moment it is sent on', () => {
      const next = resolve(
        open(),
        { reason: 'not-our-remit', target: dlh, rules: post(undefined) },
        'rina',
        SENT_ON,
      );
      // Counted from the post it would have been due on 11 March, a day before it arrived.
      expect(next.deadline).toBe('2025-03-13T05:00:00.000Z');
    });

    test('counting only working hours (Jakarta, Monday to Friday 08:00–16:00)', () => {
      const next = resolve(
        open(),
        { reason: 'not-our-remit', target: dlh, rules: post([1, 2, 3, 4, 5]) },
        'rina',
        SENT_ON,
      );
      // Wednesday 12:00 WIB + 24 working hours = 4 h Wed, 8 h Thu, 8 h Fri, 4 h Mon → Monday 12:00.
      expect(next.deadline).toBe('2025-03-17T05:00:00.000Z');
    });

    test('a first assignment still counts from the post', () => {
      const first = assign(
        undefined,
        createPost(),
        dlh,
        'rina',
        SENT_ON,
        undefined,
        post(undefined),
      );
      expect(first.deadline).toBe('2025-03-11T01:00:00.000Z');
    });
  });

  test('a note given with the closing is kept as a note after it', () => {
    const next = resolve(
      open(),
      { reason: 'not-our-remit', target: dlh, note: '  Sampah liar, bukan saluran  ' },
      'rina',
      LATER,
    );
    expect(next.notes).toEqual(['Sampah liar, bukan saluran']);
    expect(next.history.slice(-2).map((e) => e.action)).toEqual(['reassign', 'note']);
  });

  test('closing again for the same reason changes nothing, note included', () => {
    const closed = resolve(open(), { reason: 'handled', note: 'Sudah diperbaiki' }, 'rina', LATER);
    expect(resolve(closed, { reason: 'handled', note: 'Sudah diperbaiki' }, 'rina', LATER)).toBe(
      closed,
    );
  });

  const bad: [string, () => Assignment, Parameters<typeof resolve>[1], RegExp][] = [
    [
      'not-our-remit without a department',
      open,
      { reason: 'not-our-remit' },
      /department to send it to/,
    ],
    [
      'not-our-remit to the same department',
      open,
      { reason: 'not-our-remit', target: createDepartment({ id: 'dsdabm' }) },
      /already with dsdabm/,
    ],
    ['duplicate without the other post', open, { reason: 'duplicate' }, /other post/],
    [
      'duplicate of another site',
      open,
      { reason: 'duplicate', duplicateOf: 'https://example.com/a/status/1' },
      /other post/,
    ],
    [
      'duplicate of itself',
      () => createAssignment({ tweetId: '1900000000000000999' }),
      { reason: 'duplicate', duplicateOf: '1900000000000000999' },
      /itself/,
    ],
    [
      'an unassigned item',
      () =>
        ({ ...open(), status: 'unassigned', departmentId: '', deadline: '' }) satisfies Assignment,
      { reason: 'handled' },
      /not assigned/,
    ],
    [
      'a resolved item for another reason',
      () => resolve(open(), { reason: 'handled' }, 'rina', LATER),
      { reason: 'no-action' },
      /already resolved \(handled\): reopen it first/,
    ],
  ];
  test.each(bad)('refuses %s', (_, make, input, message) => {
    const a = make();
    const before = structuredClone(a);
    refused(() => resolve(a, input, 'rina', LATER), message);
    expect(a).toEqual(before);
  });
});

describe('reopen (changeStatus to open)', () => {
  test('a resolved item is open again with its original deadline and no response', () => {
    const a = open();
    const closed = resolve(a, { reason: 'handled' }, 'rina', LATER);
    const next = changeStatus(closed, 'open', 'budi', '2025-03-10T06:00:00.000Z');
    expect(next).toMatchObject({
      status: 'open',
      deadline: a.deadline,
      respondedAt: '',
      resolvedAt: '',
      closureReason: '',
    });
    expect(next.history.at(-1)).toMatchObject({ action: 'reopen', by: 'budi', from: 'resolved' });
  });
});

describe('addNote', () => {
  test('keeps the text, and the history shows it', () => {
    const next = addNote(open(), '  Warga sudah ditelepon  ', 'rina', LATER);
    expect(next.notes).toEqual(['Warga sudah ditelepon']);
    expect(next.history.at(-1)).toEqual({
      at: LATER,
      by: 'rina',
      action: 'note',
      reason: 'Warga sudah ditelepon',
    });
    expect(next).toMatchObject({ status: 'open', updatedAt: LATER, updatedBy: 'rina' });
  });

  test('a long note is whole in the notes, and cut in the history', () => {
    const long = 'a'.repeat(MAX_REASON_LENGTH * 2);
    const next = addNote(open(), long, 'rina', LATER);
    expect(next.notes).toEqual([long]);
    expect(next.history.at(-1)!.reason).toHaveLength(MAX_REASON_LENGTH);
    expect(next.history.at(-1)!.reason!.endsWith('…')).toBe(true);
  });

  test('an unassigned item takes notes too', () => {
    const a = {
      ...open(),
      status: 'unassigned',
      departmentId: '',
      deadline: '',
    } satisfies Assignment;
    expect(addNote(a, 'Spam', 'rina', LATER).notes).toEqual(['Spam']);
  });

  test.each([
    ['an empty note', open, '   ', /needs some text/],
    [
      'a note beyond the limit',
      () => ({ ...open(), notes: Array<string>(MAX_NOTES).fill('x') }),
      'one more',
      /notes already/,
    ],
  ])('refuses %s', (_, make, text, message) => {
    refused(() => addNote(make(), text, 'rina', LATER), message);
  });
});

describe('postIdFrom', () => {
  test.each([
    [' 123 ', '123'],
    ['https://x.com/a/status/456', '456'],
    ['https://mobile.twitter.com/a/status/789?s=20', '789'],
    ['https://x.com/a', null],
    ['javascript:alert(1)', null],
    ['12a', null],
  ])('%s → %s', (value, expected) => {
    expect(postIdFrom(value)).toBe(expected);
  });
});
