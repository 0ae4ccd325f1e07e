import { describe, expect, test } from 'vitest';
import { createAssignment, createDepartment, createPost } from '../../tests/factories';
import { mentionOf } from './mentions';
import { DEFAULT_DEPARTMENTS } from './departments';
import { quarantineAfter, splitPulledPage } from './pull-quarantine';
import { DEFAULT_TEAM_SETTINGS } from './settings';
import { parsePullResponse, type PullResponse, type QuarantineReport } from './sync-protocol';
import { MAX_QUARANTINED, type StoredQuarantined } from './sync-state';
import type { Assignment } from './types';

const AT = '2025-03-10T04:00:00.000Z';
const SECRET = 'Rumah saya di Jl. Rahasia 7';

function answer(overrides: Record<string, unknown> = {}) {
  return {
    cursor: 42,
    lastMutationId: 3,
    assignments: [],
    removedAssignmentIds: [],
    directory: null,
    settings: null,
    more: false,
    epoch: 'e1',
    reset: false,
    ...overrides,
  };
}

/** An item a server of another version could send: an event dated before 2000. */
function datedBefore2000(item: Assignment) {
  return {
    ...item,
    history: [{ ...item.history[0]!, at: '1999-12-31T23:59:00.000Z' }],
  };
}

describe('splitPulledPage', () => {
  test('takes the good items and quarantines the one it cannot take, naming the field', () => {
    const [a, b, c] = [createAssignment(), createAssignment(), createAssignment()];
    const { page, quarantined } = splitPulledPage(
      answer({ assignments: [a, datedBefore2000(b), c] }),
    );

    expect(page.assignments).toEqual([a, c]);
    expect(page.cursor).toBe(42);
    expect(page.lastMutationId).toBe(3);
    expect(quarantined).toEqual([
      {
        kind: 'assignment',
        id: b.tweetId,
        version: 42,
        reason: expect.stringMatching(/^assignment\.history\[0\]\.at /),
      },
    ]);
  });

  test('a reason names the field and the rule, never what the field held', () => {
    const item = createAssignment();
    const { quarantined } = splitPulledPage(
      answer({
        assignments: [
          { ...item, post: { ...item.post, text: `${SECRET}\u0000` } },
          { ...item, deadline: 'Rahasia warga' },
          datedBefore2000(item),
        ],
      }),
    );

    expect(quarantined.map((q) => q.reason)).toEqual([
      'assignment.post.text holds a character that cannot be stored (NUL or half of a surrogate pair)',
      'assignment.deadline must be an ISO 8601 date, not "…"',
      'assignment.history[0].at is out of range: "…"',
    ]);
  });

  test('an item without a readable id is quarantined without one', () => {
    const { page, quarantined } = splitPulledPage(
      answer({ assignments: ['not an item', { tweetId: 'x\ny' }] }),
    );

    expect(page.assignments).toEqual([]);
    expect(quarantined.map((q) => [q.id, q.reason])).toEqual([
      ['', 'assignment must be an object'],
      ['', expect.stringMatching(/^assignment\./)],
    ]);
  });

  test('a bad department leaves the rest of the directory; bad settings leave the settings', () => {
    const [roads, ...rest] = DEFAULT_DEPARTMENTS;
    const { page, quarantined } = splitPulledPage(
      answer({
        directory: [{ ...roads!, slaHours: -1 }, ...rest],
        settings: { ...DEFAULT_TEAM_SETTINGS, dueSoonHours: 'soon' },
      }),
    );

    expect(page.directory).toEqual(rest);
    expect(page.settings).toBeNull();
    expect(quarantined).toEqual([
      expect.objectContaining({ kind: 'department', id: roads!.id, reason: expect.any(String) }),
      expect.objectContaining({ kind: 'settings', id: '', reason: expect.any(String) }),
    ]);
    expect(quarantined[0]!.reason).toMatch(/^department\.slaHours /);
    expect(quarantined[1]!.reason).toMatch(/^settings\.dueSoonHours /);
  });

  test('a removal that is no post id is left out', () => {
    const item = createAssignment();
    const { page, quarantined } = splitPulledPage(
      answer({ removedAssignmentIds: [item.tweetId, 'drop table'] }),
    );

    expect(page.removedAssignmentIds).toEqual([item.tweetId]);
    expect(quarantined).toEqual([expect.objectContaining({ kind: 'assignment', id: '' })]);
  });

  test('a mention it cannot take is quarantined by its post id; a later readable one clears it', () => {
    const post = createPost({ text: `@PemkotBdg ${SECRET}`, createdAt: AT });
    const good = mentionOf(post, ['PemkotBdg'], AT)!;
    const other = { ...good, tweetId: '1900000000000000999', firstSeenAt: 'kemarin' };
    const { page, quarantined } = splitPulledPage(answer({ mentions: [good, other] }));

    expect(page.mentions).toEqual([good]);
    expect(quarantined).toEqual([
      { kind: 'mention', id: other.tweetId, version: 42, reason: expect.any(String) },
    ]);
    expect(quarantined[0]!.reason).toMatch(/^mention\.firstSeenAt /);
    expect(quarantined[0]!.reason).not.toContain('kemarin');
    const kept = quarantineAfter([], page, quarantined, AT);
    const fixed = { ...other, firstSeenAt: AT };
    expect(quarantineAfter(kept, { ...page, mentions: [fixed] }, [], AT)).toEqual([]);
  });

  test('a page from a server without intake holds no mentions', () => {
    expect(splitPulledPage(answer()).page.mentions).toEqual([]);
  });

  test('a page that is all good is the page as the whole-page check reads it', () => {
    const item = createAssignment();
    const raw = answer({
      assignments: [item],
      directory: DEFAULT_DEPARTMENTS,
      settings: DEFAULT_TEAM_SETTINGS,
    });

    expect(splitPulledPage(raw)).toEqual({ page: parsePullResponse(raw), quarantined: [] });
  });

  test('a broken frame is still the whole answer refused: nothing of it can apply', () => {
    expect(() => splitPulledPage(answer({ cursor: -1 }))).toThrow(/pull answer\.cursor/);
    expect(() => splitPulledPage(answer({ assignments: 'many' }))).toThrow(
      /pull answer\.assignments/,
    );
    expect(() => splitPulledPage('<html>proxy</html>')).toThrow(/pull answer/);
  });
});

describe('quarantineAfter', () => {
  const page = (overrides: Partial<PullResponse> = {}): PullResponse => ({
    ...splitPulledPage(answer()).page,
    ...overrides,
  });
  const report = (overrides: Partial<QuarantineReport> = {}): QuarantineReport => ({
    kind: 'assignment',
    id: '1900000000000000001',
    version: 42,
    reason: 'assignment.history[0].at must be from 2000',
    ...overrides,
  });
  const stored = (overrides: Partial<StoredQuarantined> = {}): StoredQuarantined => ({
    ...report(overrides),
    at: AT,
    reported: false,
    ...overrides,
  });

  test('a later readable version of the item clears it; others stay', () => {
    const fixed = createAssignment();
    const kept = [stored({ id: fixed.tweetId }), stored({ id: '1900000000000000777' })];

    expect(quarantineAfter(kept, page({ assignments: [fixed] }), [], AT)).toEqual([kept[1]]);
  });

  test('a removal clears it, and so does a new directory or new settings', () => {
    const kept = [
      stored({ id: '1900000000000000555' }),
      stored({ kind: 'department', id: 'dlh' }),
      stored({ kind: 'settings', id: '' }),
    ];

    expect(
      quarantineAfter(kept, page({ removedAssignmentIds: ['1900000000000000555'] }), [], AT),
    ).toEqual([kept[1], kept[2]]);
    expect(
      quarantineAfter(kept, page({ directory: [createDepartment()] }), [], AT).map((q) => q.kind),
    ).toEqual(['assignment', 'settings']);
    expect(
      quarantineAfter(kept, page({ settings: DEFAULT_TEAM_SETTINGS }), [], AT).map((q) => q.kind),
    ).toEqual(['assignment', 'department']);
  });

  test('the same fault found again stays reported; another fault replaces it, to report', () => {
    const kept = [stored({ reported: true, version: 7 })];

    expect(quarantineAfter(kept, page(), [report({ version: 42 })], AT)).toEqual(kept);
    const other = report({ reason: 'assignment.notes is too long' });
    expect(quarantineAfter(kept, page(), [other], AT)).toEqual([
      { ...other, at: AT, reported: false },
    ]);
  });

  test(`keeps the last ${MAX_QUARANTINED}`, () => {
    const fresh = Array.from({ length: MAX_QUARANTINED + 5 }, (_, i) =>
      report({ id: `19000000000000${String(i).padStart(5, '0')}` }),
    );
    const after = quarantineAfter([], page(), fresh, AT);

    expect(after).toHaveLength(MAX_QUARANTINED);
    expect(after.at(-1)!.id).toBe(fresh.at(-1)!.id);
  });
});
