/**
 * Repair of an item the team server stored before the rules that keep every item takeable
 * by every browser (times before 2000, a history past MAX_HISTORY, text a database cannot
 * hold). Such an item made every browser refuse the pull page holding it. The repair applies
 * the rules the server now applies to new changes, so the item comes back as if they had
 * always held; what no rule can repair is reported by path, never by content.
 */
import * as v from 'valibot';
import { cappedHistory, MAX_HISTORY } from './assignment-ops';
import { timeWithinStoredRange } from './change-time';
import { assignmentSchema } from './schemas/assignment';
import { pathOf } from './schemas/parse';
import { storableText } from './text';
import type { Assignment, HistoryEvent } from './types';

export type StoredItemVerdict =
  /** Every browser takes it as it is. */
  | { kind: 'fine' }
  /** `assignment` is the item repaired; `reasons` say what was wrong, without its content. */
  | { kind: 'repaired'; assignment: Assignment; reasons: string[] }
  /** Still refused after the repair: `path` names the first field a browser refuses. */
  | { kind: 'unrepairable'; path: string };

const TIME_FIELDS = ['assignedAt', 'deadline', 'respondedAt', 'resolvedAt', 'updatedAt'] as const;

export function repairStoredAssignment(stored: unknown): StoredItemVerdict {
  if (v.safeParse(assignmentSchema, stored, { abortEarly: true }).success) return { kind: 'fine' };
  const reasons = new Set<string>();
  const item = storableValue(stored, () => reasons.add('text that cannot be stored'));
  if (isRecord(item)) {
    const time = (at: unknown) => {
      if (typeof at !== 'string') return at;
      const within = timeWithinStoredRange(at);
      if (within !== at) reasons.add('times out of range');
      return within;
    };
    for (const field of TIME_FIELDS) item[field] = time(item[field]);
    if (isRecord(item.post)) item.post.createdAt = time(item.post.createdAt);
    if (Array.isArray(item.history)) {
      for (const e of item.history as unknown[]) if (isRecord(e)) e.at = time(e.at);
      if (item.history.length > MAX_HISTORY) {
        reasons.add(`a history of ${item.history.length} events`);
        item.history = cappedHistory(item.history as HistoryEvent[]);
      }
    }
  }
  const result = v.safeParse(assignmentSchema, item, { abortEarly: true });
  if (!result.success) return { kind: 'unrepairable', path: pathOf(result.issues[0], 'item') };
  return { kind: 'repaired', assignment: item as Assignment, reasons: [...reasons] };
}

/** A copy of `x` whose strings (keys too) are all storable; `onChange` when one was not. */
function storableValue(x: unknown, onChange: () => void): unknown {
  const text = (s: string) => {
    const storable = storableText(s);
    if (storable !== s) onChange();
    return storable;
  };
  if (typeof x === 'string') return text(x);
  if (Array.isArray(x)) return x.map((item) => storableValue(item, onChange));
  if (!isRecord(x)) return x;
  return Object.fromEntries(
    Object.entries(x).map(([key, value]) => [text(key), storableValue(value, onChange)]),
  );
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
