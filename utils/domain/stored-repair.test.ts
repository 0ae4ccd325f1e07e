import { describe, expect, it } from 'vitest';
import { createAssignment } from '../../tests/factories';
import { changeStatus, MAX_HISTORY, validateAssignment } from './assignment-ops';
import { repairStoredAssignment } from './stored-repair';
import type { Assignment } from './types';

/** The item as the database gives it back: plain JSON. */
const stored = (a: Assignment): unknown => JSON.parse(JSON.stringify(a));

function repaired(x: unknown) {
  const verdict = repairStoredAssignment(x);
  if (verdict.kind !== 'repaired') throw new Error(`not repaired: ${JSON.stringify(verdict)}`);
  // Every browser takes it now.
  expect(validateAssignment(JSON.parse(JSON.stringify(verdict.assignment)))).toBeTruthy();
  return verdict;
}

describe('repairing an item stored before the rules', () => {
  it('leaves an item every browser takes alone', () => {
    expect(repairStoredAssignment(stored(createAssignment()))).toEqual({ kind: 'fine' });
  });

  it('moves times before 2000 to the first instant of 2000, keeping the rest', () => {
    const wrongClock = '1970-01-01T00:00:00.000Z';
    const a = createAssignment({ assignedAt: wrongClock, deadline: '1970-01-02T00:00:00.000Z' });
    const later = changeStatus(a, 'responded', 'budi', '2025-03-10T05:00:00.000Z');
    const { assignment, reasons } = repaired(stored(later));
    expect(reasons).toEqual(['times out of range']);
    expect(assignment).toMatchObject({
      assignedAt: '2000-01-01T00:00:00.000Z',
      deadline: '2000-01-01T00:00:00.000Z',
      respondedAt: '2025-03-10T05:00:00.000Z',
    });
    expect(assignment.history.map((e) => e.at)).toEqual([
      '2000-01-01T00:00:00.000Z',
      '2025-03-10T05:00:00.000Z',
    ]);
    expect(assignment.post).toEqual(later.post);
  });

  it('cuts a history past the limit by the rule every change follows: its start and latest', () => {
    const a = createAssignment();
    const toggles = Array.from({ length: 2_100 }, (_, i) => ({
      at: new Date(Date.parse(a.assignedAt) + (i + 1) * 60_000).toISOString(),
      by: 'budi',
      action: i % 2 === 0 ? ('respond' as const) : ('reopen' as const),
    }));
    const long = { ...a, history: [...a.history, ...toggles] };
    const { assignment, reasons } = repaired(stored(long));
    expect(reasons).toEqual(['a history of 2101 events']);
    expect(assignment.history).toHaveLength(MAX_HISTORY);
    expect(assignment.history[0]).toEqual(a.history[0]);
    expect(assignment.history.slice(1)).toEqual(toggles.slice(-(MAX_HISTORY - 1)));
  });

  it('replaces a NUL or half a surrogate pair in any text with a replacement mark', () => {
    const a = createAssignment({ notes: ['bocor\u0000', 'ok \uD83D\uDE00'] });
    const bad = { ...a, post: { ...a.post, authorName: 'Warga \uD83D' } };
    const { assignment, reasons } = repaired(stored(bad));
    expect(reasons).toEqual(['text that cannot be stored']);
    expect(assignment.notes).toEqual(['bocor\uFFFD', 'ok \uD83D\uDE00']);
    expect(assignment.post.authorName).toBe('Warga \uFFFD');
  });

  it('names the field no rule can repair, never its content', () => {
    const bad = { ...createAssignment(), status: 'lost', notes: ['Rahasia warga'] };
    expect(repairStoredAssignment(stored(bad as Assignment))).toEqual({
      kind: 'unrepairable',
      path: 'item.status',
    });
  });
});
