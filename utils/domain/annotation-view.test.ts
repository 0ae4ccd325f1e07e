import { describe, expect, test } from 'vitest';
import { createAssignment, createDepartment, englishDurationUnits } from '../../tests/factories';
import { annotationChangesAt, annotationView, type DurationWords } from './annotation-view';

const words: DurationWords = {
  units: englishDurationUnits,
  left: (d) => `${d} left`,
  overdue: (d) => `${d} overdue`,
  waiting: (d) => `waiting ${d}`,
  urgent: (d) => `Urgent · waiting ${d}`,
  responded: 'responded',
  resolved: 'resolved',
  unassigned: 'Unassigned',
  urgency: { ok: 'on time', soon: 'due soon', overdue: 'overdue' },
  chipAssignedLabel: (name) => `Assigned to ${name}. Change department.`,
  chipUnassignedLabel: (age) => `Unassigned, posted ${age} ago. Choose a department.`,
};

const post = { id: '1862012345678901234', createdAt: '2026-11-28T01:00:00.000Z' };
const assignedAt = Date.parse('2026-11-28T02:00:00.000Z');
const H = 3_600_000;
const M = 60_000;
const department = createDepartment({ id: 'dinas-pu', shortName: 'Dinas PU', color: '#b45309' });

describe('annotationView', () => {
  test.each([
    // [case, assignment overrides, now, status, urgency, badge text, screen-reader words]
    ['just assigned', {}, assignedAt, 'open', 'ok', '1 d left', 'on time: 1 d left'],
    [
      '5 h 12 min left',
      {},
      assignedAt + 18 * H + 48 * M,
      'open',
      'soon',
      '5 h 12 min left',
      'due soon: 5 h 12 min left',
    ],
    [
      'one minute before the deadline',
      {},
      assignedAt + 24 * H - M,
      'open',
      'soon',
      '1 min left',
      'due soon: 1 min left',
    ],
    [
      'at the deadline',
      {},
      assignedAt + 24 * H,
      'open',
      'overdue',
      '< 1 min overdue',
      'overdue: < 1 min overdue',
    ],
    [
      '2h overdue',
      {},
      assignedAt + 26 * H,
      'open',
      'overdue',
      '2 h overdue',
      'overdue: 2 h overdue',
    ],
    [
      'responded',
      { status: 'responded' as const },
      assignedAt + 30 * H,
      'responded',
      'none',
      'responded',
      'responded',
    ],
    [
      'resolved',
      { status: 'resolved' as const },
      assignedAt + H,
      'resolved',
      'none',
      'resolved',
      'resolved',
    ],
  ])('%s', (_, overrides, now, status, urgency, badgeText, badgeLabel) => {
    const assignment = createAssignment({
      departmentId: 'dinas-pu',
      assignedAt: new Date(assignedAt).toISOString(),
      deadline: new Date(assignedAt + 24 * H).toISOString(),
      ...overrides,
    });
    const view = annotationView(post, assignment, department, now, words);
    expect(view).toMatchObject({ status, urgency, badgeText, badgeLabel });
    expect(view.chipText).toBe('Dinas PU');
    expect(view.chipColor).toBe(department.color);
    expect(view.departmentId).toBe('dinas-pu');
    expect(view.deadline).toBe('2026-11-29T02:00:00.000Z');
  });

  test('an unassigned post shows the neutral chip alone: X shows its age beside the author', () => {
    const view = annotationView(
      post,
      undefined,
      undefined,
      Date.parse(post.createdAt) + 3 * H + 5 * M,
      words,
    );
    expect(view).toMatchObject({
      status: 'unassigned',
      urgency: 'none',
      intake: '',
      departmentId: '',
      deadline: '',
      chipText: 'Unassigned',
      chipColor: '',
      badgeText: '',
      chipLabel: 'Unassigned, posted 3 hours 5 minutes ago. Choose a department.',
    });
  });

  test.each([
    // [minutes since the post, intake state, badge]
    [5, 'waiting', ''],
    [59, 'waiting', ''],
    [60, 'waiting', 'waiting 1 h'],
    [119, 'waiting', 'waiting 1 h 59 min'],
    [120, 'urgent', 'Urgent · waiting 2 h'],
    [4 * 60 + 30, 'urgent', 'Urgent · waiting 4 h 30 min'],
  ] as const)(
    "a citizen's mention %d min old, urgent after 2 h: %s, badge %j",
    (minutes, intake, badgeText) => {
      const now = Date.parse(post.createdAt) + minutes * M;
      const rule = { isIntake: true, urgentAfterMs: 2 * H };
      const view = annotationView(post, undefined, undefined, now, words, undefined, rule);
      expect(view).toMatchObject({
        status: 'unassigned',
        intake,
        badgeText,
        badgeLabel: badgeText,
      });
    },
  );

  test('a post that is not a mention, or one assigned, is never waiting or urgent', () => {
    const late = Date.parse(post.createdAt) + 5 * H;
    const rule = { isIntake: false, urgentAfterMs: 2 * H };
    expect(annotationView(post, undefined, undefined, late, words, undefined, rule)).toMatchObject({
      intake: '',
      badgeText: '',
    });
    const assigned = createAssignment({
      departmentId: 'dinas-pu',
      deadline: new Date(late + H).toISOString(),
    });
    const view = annotationView(post, assigned, department, late, words, undefined, {
      isIntake: true,
      urgentAfterMs: 2 * H,
    });
    expect(view).toMatchObject({ status: 'open', intake: '', badgeText: '1 h left' });
  });

  test('an unassigned record (history kept after unassign) reads as unassigned', () => {
    const unassigned = createAssignment({ status: 'unassigned', departmentId: '', deadline: '' });
    expect(annotationView(post, unassigned, undefined, assignedAt, words).status).toBe(
      'unassigned',
    );
  });

  test('an item whose department was removed keeps showing its department id', () => {
    const view = annotationView(
      post,
      createAssignment({ departmentId: 'dinas-lama', deadline: '2026-11-29T02:00:00.000Z' }),
      undefined,
      assignedAt,
      words,
    );
    expect(view.chipText).toBe('dinas-lama');
    expect(view.chipLabel).toBe('Assigned to dinas-lama. Change department.');
  });

  test.each([
    // [SLA hours, hours after the assignment, window hours, urgency, screen-reader words]
    [6, 0, 6, 'soon', 'due soon: 6 h left'],
    [48, 28, 6, 'ok', 'on time: 20 h left'],
    [48, 28, 24, 'soon', 'due soon: 20 h left'],
    [48, 42, 6, 'soon', 'due soon: 6 h left'],
  ] as const)(
    'SLA %d h, %d h in, window %d h: %s, the same as the toolbar and the notifications',
    (sla, elapsed, window, urgency, badgeLabel) => {
      const assignment = createAssignment({
        departmentId: 'dinas-pu',
        assignedAt: new Date(assignedAt).toISOString(),
        deadline: new Date(assignedAt + sla * H).toISOString(),
      });
      const now = assignedAt + elapsed * H;
      const view = annotationView(post, assignment, department, now, words, window * H);
      expect(view).toMatchObject({ urgency, badgeLabel });
    },
  );
});

describe('annotationChangesAt', () => {
  const now = Date.parse('2026-11-28T10:00:00.000Z');
  const D = 24 * H;
  const intake = { isIntake: true, urgentAfterMs: 2 * H };
  const ages = [
    -2 * M,
    0,
    30_000,
    59 * M + 59_000,
    61 * M,
    3 * H + 5 * M,
    D - 30_000,
    25 * H,
    3 * D,
  ];
  const lefts = [-3 * D, -25 * H, -M, -1, 0, 30_000, 5 * H + 12 * M, 6 * H + 10_000, D, 30 * H];
  const cases: [string, { createdAt: string }, Parameters<typeof annotationView>[1], boolean][] =
    [];
  for (const age of ages) {
    const p = { ...post, createdAt: new Date(now - age).toISOString() };
    cases.push([`unassigned, ${age} ms old`, p, undefined, false]);
    cases.push([`a mention, ${age} ms old`, p, undefined, true]);
  }
  for (const left of lefts) {
    const deadline = new Date(now + left).toISOString();
    cases.push([`open, ${left} ms left`, post, createAssignment({ deadline }), false]);
  }

  test.each(cases)('%s: the view reads the same until then', (_, p, assignment, isIntake) => {
    const rule = isIntake ? intake : undefined;
    const at = annotationChangesAt(p, assignment, now, 6 * H, rule);
    expect(at).toBeGreaterThanOrEqual(now);
    // Never later than its last unit: a minute, or an hour past a day.
    expect(at - now).toBeLessThanOrEqual(H);
    const view = (ms: number) =>
      annotationView({ ...post, ...p }, assignment, department, ms, words, 6 * H, rule);
    for (const ms of [now + 1, (now + at) / 2, at - 1].filter((ms) => ms > now && ms < at)) {
      expect(view(ms), new Date(ms).toISOString()).toEqual(view(now));
    }
  });

  test('a responded or resolved item never changes with time; a post of three days within the hour', () => {
    for (const status of ['responded', 'resolved'] as const) {
      expect(annotationChangesAt(post, createAssignment({ status }), now)).toBe(Infinity);
    }
    const old = { createdAt: new Date(now - 3 * D - 20 * M).toISOString() };
    expect(annotationChangesAt(old, undefined, now)).toBe(now + 40 * M);
    const fresh = { createdAt: new Date(now - 3 * M - 15_000).toISOString() };
    expect(annotationChangesAt(fresh, undefined, now)).toBe(now + 45_000);
    // A mention turns urgent on the dot, between two minutes' words.
    const waiting = { createdAt: new Date(now - 2 * H + 10_000).toISOString() };
    expect(annotationChangesAt(waiting, undefined, now, 6 * H, intake)).toBe(now + 10_000);
  });
});
