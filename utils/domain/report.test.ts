import { describe, expect, it } from 'vitest';
import { createPost } from '../../tests/factories';
import { assign, changeStatus, stateOf, unassign, undoAssign } from './assignment-ops';
import { DEFAULT_DEPARTMENTS } from './departments';
import { computeReport, type ReportInput } from './report';
import { DEFAULT_SETTINGS } from './settings';
import type { Assignment, Post } from './types';

const PERIOD = { from: '2026-11-30', to: '2026-12-06' }; // Monday to Sunday, Jakarta
const NOW = Date.parse('2026-12-08T03:00:00.000Z');
/** Tuesday 1 December, 08:00 in Jakarta: its 24-hour deadline is Wednesday 08:00. */
const POSTED = '2026-12-01T01:00:00.000Z';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const after = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const dept = (id: string) => DEFAULT_DEPARTMENTS.find((d) => d.id === id)!;
const [A, B, C] = ['dsdabm', 'dlh', 'dishub'];

type Step = (a: Assignment, post: Post) => Assignment;
const respondAt: (ms: number) => Step = (ms) => (a, post) =>
  changeStatus(a, 'responded', 'dinas', after(post.createdAt, ms));
const reopenAt: (ms: number) => Step = (ms) => (a, post) =>
  changeStatus(a, 'open', 'atasan', after(post.createdAt, ms));
const resolveAt: (ms: number) => Step = (ms) => (a, post) =>
  changeStatus(a, 'resolved', 'dinas', after(post.createdAt, ms), 'no-action');
const reassignAt: (ms: number, to: string) => Step = (ms, to) => (a, post) =>
  assign(a, post, dept(to), 'triage', after(post.createdAt, ms), 'not-our-remit');

/** A post at `createdAt`, assigned to `departmentId` ten minutes later, then `steps`. */
function item(departmentId: string, steps: Step[] = [], createdAt = POSTED): Assignment {
  const post = createPost({ createdAt });
  let a = assign(undefined, post, dept(departmentId), 'triage', after(createdAt, 10 * MINUTE));
  for (const step of steps) a = step(a, post);
  return a;
}

function report(items: Assignment[], overrides: Partial<ReportInput> = {}) {
  return computeReport({
    items,
    departments: DEFAULT_DEPARTMENTS,
    workingHours: DEFAULT_SETTINGS.workingHours,
    period: PERIOD,
    nowMs: NOW,
    untriaged: [],
    ...overrides,
  });
}
const rowOf = (r: ReturnType<typeof report>, id: string) =>
  r.rows.find((row) => row.departmentId === id)!;

describe('an SKPD’s record in the report', () => {
  it.each([
    ['exactly at the deadline', 24 * HOUR, 1, 0],
    ['one minute late', 24 * HOUR + MINUTE, 0, 1],
    ['an hour early', 23 * HOUR, 1, 0],
  ])('counts a response %s', (_, ms, onTime, late) => {
    const row = rowOf(report([item(A, [respondAt(ms)])]), A);
    expect(row).toMatchObject({
      received: 1,
      respondedOnTime: onTime,
      respondedLate: late,
      due: 1,
      onTimeRate: onTime,
      medianResponseMinutes: ms / MINUTE,
    });
  });

  it('starts the clock at the citizen’s post, not at the assignment', () => {
    // Assigned 10 minutes after the post, answered 24 h 5 min after it: late by policy,
    // although the badge's deadline (from the assignment) was kept.
    const a = item(A, [respondAt(24 * HOUR + 5 * MINUTE)]);
    expect(Date.parse(a.respondedAt)).toBeLessThanOrEqual(Date.parse(a.deadline));
    expect(rowOf(report([a]), A)).toMatchObject({ respondedOnTime: 0, respondedLate: 1 });
  });

  it('keeps a reopened item’s first response', () => {
    const a = item(A, [respondAt(2 * HOUR), reopenAt(3 * HOUR), respondAt(30 * HOUR)]);
    expect(rowOf(report([a]), A)).toMatchObject({
      respondedOnTime: 1,
      respondedLate: 0,
      reopened: 1,
      medianResponseMinutes: 120,
    });
  });

  it('counts a reopened item still open as open, overdue once its deadline passed', () => {
    const a = item(A, [resolveAt(2 * HOUR), reopenAt(3 * HOUR)]);
    expect(rowOf(report([a]), A)).toMatchObject({ openOverdue: 1, reopened: 1, due: 1 });
  });

  it('counts an item reassigned mid-way for the SKPD that holds it, and its response', () => {
    const a = item(A, [reassignAt(3 * HOUR, B), respondAt(5 * HOUR)]);
    const r = report([a]);
    expect(rowOf(r, A).received).toBe(0);
    expect(rowOf(r, B)).toMatchObject({ received: 1, respondedOnTime: 1, reassigned: 1 });
  });

  it('counts an item sent on after the period for the SKPD that held it at its end', () => {
    // Posted Sunday 6 December 21:00 in Jakarta, sent on Tuesday 8 December: the first SKPD
    // held it at the end of the week, past the deadline, without a response.
    const sunday = '2026-12-06T14:00:00.000Z';
    const a = item(A, [reassignAt(40 * HOUR, B), respondAt(41 * HOUR)], sunday);
    const r = report([a], { nowMs: Date.parse(after(sunday, 50 * HOUR)) });
    expect(rowOf(r, A)).toMatchObject({ received: 1, openOverdue: 1, due: 1, onTimeRate: 0 });
    expect(rowOf(r, B).received).toBe(0);
  });

  it('counts an item taken off and assigned again after the period for its new SKPD', () => {
    const post = createPost({ createdAt: POSTED });
    let a = assign(undefined, post, dept(A), 'triage', after(POSTED, HOUR));
    a = unassign(a, 'triage', after(POSTED, 2 * HOUR));
    a = assign(a, post, dept(B), 'triage', '2026-12-07T03:00:00.000Z');
    const r = report([a]);
    expect(rowOf(r, A).received).toBe(0);
    expect(rowOf(r, B)).toMatchObject({ received: 1, openOverdue: 1 });
  });

  it('leaves out an assignment undone, and counts an undone reassignment for the SKPD before', () => {
    const post = createPost({ createdAt: POSTED });
    const assigned = assign(undefined, post, dept(A), 'triage', after(POSTED, HOUR));
    const undone = undoAssign(
      assigned,
      { undoes: assigned.assignedAt, previous: stateOf(undefined) },
      'triage',
      after(POSTED, HOUR + 5_000),
    );
    expect(report([undone]).total.received).toBe(0);

    const first = assign(undefined, post, dept(A), 'triage', after(POSTED, 10 * MINUTE));
    const moved = assign(first, post, dept(B), 'triage', after(POSTED, 2 * HOUR), 'not-our-remit');
    const back = undoAssign(
      moved,
      { undoes: moved.assignedAt, previous: stateOf(first) },
      'triage',
      after(POSTED, 2 * HOUR + 5_000),
    );
    const r = report([back]);
    expect(rowOf(r, B).received).toBe(0);
    expect(rowOf(r, A)).toMatchObject({ received: 1, openOverdue: 1 });
  });

  it('leaves out an item nobody holds', () => {
    const post = createPost({ createdAt: POSTED });
    const a = unassign(
      assign(undefined, post, dept(A), 'triage', after(POSTED, HOUR)),
      'triage',
      after(POSTED, 2 * HOUR),
    );
    expect(report([a]).total.received).toBe(0);
  });

  it('does not count an item resolved without a response as responded', () => {
    const early = item(A, [resolveAt(2 * HOUR)]);
    const missed = item(A, [resolveAt(30 * HOUR)]);
    expect(rowOf(report([early, missed]), A)).toMatchObject({
      received: 2,
      respondedOnTime: 0,
      respondedLate: 0,
      closedWithoutResponse: 2,
      // Closed before its deadline, the first was not due; the second was missed.
      due: 1,
      onTimeRate: 0,
      medianResponseMinutes: null,
    });
  });

  it('says open items are overdue from the deadline on, judged now', () => {
    const a = item(A);
    const at = (ms: number) => rowOf(report([a], { nowMs: Date.parse(after(POSTED, ms)) }), A);
    expect(at(24 * HOUR - MINUTE)).toMatchObject({ open: 1, openOverdue: 0, onTimeRate: null });
    expect(at(24 * HOUR)).toMatchObject({ open: 0, openOverdue: 1, onTimeRate: 0 });
  });

  it('counts working hours and holidays when the team’s calendar is on', () => {
    // Friday 4 December, 15:00 in Jakarta; Monday 7 December a holiday; 08:00–16:00 weekdays.
    // 24 working hours: 1 on Friday, 8 on Tuesday, 8 on Wednesday, 7 on Thursday → 15:00.
    const friday = '2026-12-04T08:00:00.000Z';
    const thursdayAt = (hhmm: string) => `2026-12-10T${hhmm}:00.000+07:00`;
    const answered = (iso: string) =>
      item(A, [(a) => changeStatus(a, 'responded', 'dinas', new Date(iso).toISOString())], friday);
    const workingHours = {
      ...DEFAULT_SETTINGS.workingHours,
      enabled: true,
      holidays: ['2026-12-07'],
    };
    const r = report([answered(thursdayAt('15:00')), answered(thursdayAt('15:01'))], {
      workingHours,
      nowMs: Date.parse('2026-12-11T03:00:00.000Z'),
    });
    expect(rowOf(r, A)).toMatchObject({ respondedOnTime: 1, respondedLate: 1 });
    // Without the calendar, 24 hours after Friday 15:00 is Saturday 15:00.
    const plain = report([answered(thursdayAt('15:00'))], { nowMs: r.nowMs });
    expect(rowOf(plain, A)).toMatchObject({ respondedOnTime: 0, respondedLate: 1 });
  });

  it.each([
    ['Monday 00:00 in Jakarta', '2026-11-29T17:00:00.000Z', 1],
    ['Sunday 23:59 the week before', '2026-11-29T16:59:00.000Z', 0],
    ['Sunday 23:59 in Jakarta', '2026-12-06T16:59:00.000Z', 1],
    ['the next Monday 00:00', '2026-12-06T17:00:00.000Z', 0],
  ])('takes a post of %s as received %i time(s)', (_, createdAt, count) => {
    expect(report([item(A, [], createdAt)]).total.received).toBe(count);
  });

  it('adds every item to exactly one class, and the total row sums the SKPD', () => {
    const items = [
      item(A, [respondAt(HOUR)]),
      item(A, [respondAt(30 * HOUR)]),
      item(A),
      item(B, [respondAt(2 * HOUR)]),
      item(B, [resolveAt(HOUR)]),
      item(C, [], '2026-12-08T01:00:00.000Z'),
    ];
    const r = report(items, { period: { from: '2026-11-30', to: '2026-12-08' } });
    const c = rowOf(r, C);
    expect(c).toMatchObject({ received: 1, open: 1, due: 0, onTimeRate: null });
    expect(r.total).toMatchObject({
      received: 6,
      respondedOnTime: 2,
      respondedLate: 1,
      openOverdue: 1,
      open: 1,
      closedWithoutResponse: 1,
      due: 4,
      onTimeRate: 0.5,
    });
  });

  it('gives the median and the 90th percentile of the minutes to a first response', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((h) => item(A, [respondAt(h * HOUR)]));
    expect(rowOf(report(items), A)).toMatchObject({
      medianResponseMinutes: 300,
      p90ResponseMinutes: 540,
    });
  });

  it('puts the worst SKPD first: lowest on-time rate, then most overdue', () => {
    const r = report([
      item(A, [respondAt(HOUR)]),
      item(B, [respondAt(30 * HOUR)]),
      item(C, [respondAt(HOUR)]),
      item(C),
    ]);
    expect(r.rows.slice(0, 3).map((row) => row.departmentId)).toEqual([B, C, A]);
    // SKPD with nothing due come last, in directory order.
    expect(r.rows[3]!.onTimeRate).toBeNull();
  });

  it('lists the longest breaches and the latest late responses, linking to the post', () => {
    const older = item(A, [], '2026-11-30T01:00:00.000Z');
    const newer = item(B);
    const late1 = item(A, [respondAt(25 * HOUR)]);
    const late2 = item(A, [respondAt(26 * HOUR)], '2026-12-02T01:00:00.000Z');
    const r = report([newer, older, late1, late2]);
    expect(r.longestOverdue.map((b) => b.tweetId)).toEqual([older.tweetId, newer.tweetId]);
    expect(r.longestOverdue[0]).toMatchObject({
      url: older.post.url,
      lateMinutes: 7 * 24 * 60 + 120,
    });
    expect(r.latestLate.map((b) => [b.tweetId, b.lateMinutes])).toEqual([
      [late2.tweetId, 120],
      [late1.tweetId, 60],
    ]);
  });

  it('counts the untriaged mentions of the period and names the oldest', () => {
    const r = report([], {
      untriaged: [
        { createdAt: '2026-12-02T01:00:00.000Z' },
        { createdAt: '2026-12-01T01:00:00.000Z' },
        { createdAt: '2026-12-07T01:00:00.000Z' },
      ],
    });
    expect(r.untriaged).toEqual({ count: 2, oldestCreatedAt: '2026-12-01T01:00:00.000Z' });
  });

  it('gives each week its volume and each SKPD’s on-time rate', () => {
    const r = report([item(A, [respondAt(HOUR)]), item(A, [respondAt(30 * HOUR)])], {
      period: { from: '2026-11-23', to: '2026-12-06' },
    });
    expect(r.weeks).toEqual([
      { monday: '2026-11-23', received: 0, onTimeRate: {} },
      { monday: '2026-11-30', received: 2, onTimeRate: { [A]: 0.5 } },
    ]);
  });
});
