/**
 * Escalation: which notifications to show when open items become due soon or overdue. Pure
 * (no clock, no storage, no browser API): the background reads the urgent items and the
 * record of what it already notified from IndexedDB, asks here, and commits the new record
 * before it shows anything, so a restarted worker never notifies the same change twice.
 */
import type { Backlog, Department } from './types';

export type EscalationKind = 'soon' | 'overdue';

/** Per post id, the last urgency notified. Holds only items that are still urgent. */
export type NotifiedRecord = Record<string, EscalationKind>;

/** An open item with a deadline within the due-soon window, or past it. */
export interface UrgentKey {
  tweetId: string;
  deadline: string;
}

export interface EscalationChange {
  tweetId: string;
  kind: EscalationKind;
}

export interface EscalationDecision {
  /** The changes of state to notify now. */
  changes: EscalationChange[];
  /** What to remember instead of the previous record. */
  record: NotifiedRecord;
}

/** The stored record as written by an earlier version or a broken write: anything else is dropped. */
export function readNotifiedRecord(value: unknown): NotifiedRecord {
  const record: NotifiedRecord = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return record;
  for (const [id, kind] of Object.entries(value)) {
    if (kind === 'soon' || kind === 'overdue') record[id] = kind;
  }
  return record;
}

export function kindAt(
  deadline: string,
  nowMs: number,
  soonWindowMs: number,
): EscalationKind | null {
  const ms = Date.parse(deadline);
  if (Number.isNaN(ms)) return null;
  if (nowMs >= ms) return 'overdue';
  return ms - nowMs <= soonWindowMs ? 'soon' : null;
}

/**
 * One change per item and state: an item seen due soon and then overdue is notified twice
 * (once each), an item that went through both while the browser was closed only as overdue.
 * Items no longer urgent (closed, reassigned with a new deadline) leave the record, so a
 * new cycle is notified again.
 */
export function decideEscalations(
  urgent: readonly UrgentKey[],
  notified: unknown,
  nowMs: number,
  soonWindowMs: number,
): EscalationDecision {
  const previous = readNotifiedRecord(notified);
  const record: NotifiedRecord = {};
  const changes: EscalationChange[] = [];
  for (const { tweetId, deadline } of urgent) {
    const kind = kindAt(deadline, nowMs, soonWindowMs);
    if (!kind) continue;
    const before = previous[tweetId];
    // Overdue is the higher state: a clock set back does not make it news again.
    if (before === 'overdue' && kind === 'soon') {
      record[tweetId] = 'overdue';
      continue;
    }
    record[tweetId] = kind;
    if (before !== kind) changes.push({ tweetId, kind });
  }
  return { changes, record };
}

export interface DepartmentCount {
  departmentId: string;
  /** The department's short name, or its id when it is no longer in the directory. */
  name: string;
  count: number;
}

export interface Escalation {
  kind: EscalationKind;
  total: number;
  /** Most items first, then in directory order. */
  byDepartment: DepartmentCount[];
}

/** One notification per kind, overdue first, with per-department counts. */
export function batchEscalations(
  changes: readonly { kind: EscalationKind; departmentId: string }[],
  departments: readonly Department[],
): Escalation[] {
  const byId = new Map(departments.map((d) => [d.id, d]));
  const result: Escalation[] = [];
  for (const kind of ['overdue', 'soon'] as const) {
    const counts = new Map<string, number>();
    for (const change of changes) {
      if (change.kind === kind) {
        counts.set(change.departmentId, (counts.get(change.departmentId) ?? 0) + 1);
      }
    }
    if (counts.size === 0) continue;
    const order = (id: string) => byId.get(id)?.order ?? Number.MAX_SAFE_INTEGER;
    const byDepartment = [...counts]
      .map(([departmentId, count]) => ({
        departmentId,
        name: byId.get(departmentId)?.shortName || departmentId,
        count,
      }))
      .sort((a, b) => b.count - a.count || order(a.departmentId) - order(b.departmentId));
    result.push({ kind, total: byDepartment.reduce((n, d) => n + d.count, 0), byDepartment });
  }
  return result;
}

export interface EscalationWords {
  overdue: (count: number) => string;
  soon: (count: number) => string;
  /** The list of departments and counts, e.g. "DSDABM 2, Dishub 1". */
  list: (list: string) => string;
}

/** "3 overdue" and "DSDABM 2, Dishub 1", in the UI language. */
export function escalationText(e: Escalation, words: EscalationWords) {
  const list = e.byDepartment.map((d) => `${d.name} ${d.count}`).join(', ');
  return { title: words[e.kind](e.total), message: words.list(list) };
}

const ID_PREFIX = 'tanggap-escalation';

/**
 * The notification's id carries what its click opens: the worker that receives the click
 * may not be the one that showed it, and keeps nothing in memory.
 */
export function notificationId(e: Escalation, nowMs: number): string {
  return [ID_PREFIX, e.kind, e.byDepartment.map((d) => d.departmentId).join(','), nowMs].join(':');
}

export interface BacklogFocus {
  urgency: EscalationKind;
  departmentIds: string[];
}

const DEPARTMENT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function focusOfNotification(id: string): BacklogFocus | null {
  const [prefix, kind, departments] = id.split(':');
  if (prefix !== ID_PREFIX || (kind !== 'soon' && kind !== 'overdue')) return null;
  return { urgency: kind, departmentIds: splitDepartments(departments ?? '') };
}

function splitDepartments(list: string): string[] {
  return list.split(',').filter((id) => DEPARTMENT_ID.test(id) && id.length <= 64);
}

/** The popup's query string for a focus: `?urgency=overdue&departments=dsdabm,dishub`. */
export function focusQuery(focus: BacklogFocus): string {
  const query = new URLSearchParams({ urgency: focus.urgency });
  if (focus.departmentIds.length > 0) query.set('departments', focus.departmentIds.join(','));
  return `?${query.toString().replaceAll('%2C', ',')}`;
}

/** The focus asked for in a popup's query string, or null for the plain popup. */
export function parseFocus(search: string): BacklogFocus | null {
  const query = new URLSearchParams(search);
  const urgency = query.get('urgency');
  if (urgency !== 'soon' && urgency !== 'overdue') return null;
  return { urgency, departmentIds: splitDepartments(query.get('departments') ?? '') };
}

/** Whether an open item belongs to the focus (urgency now, and department if any named). */
export function inFocus(
  item: { departmentId: string; deadline: string; status: string },
  focus: BacklogFocus,
  nowMs: number,
  soonWindowMs: number,
): boolean {
  if (item.status !== 'open') return false;
  if (focus.departmentIds.length > 0 && !focus.departmentIds.includes(item.departmentId)) {
    return false;
  }
  const kind = kindAt(item.deadline, nowMs, soonWindowMs);
  // Items notified as due soon may be overdue by the time the officer looks: still shown.
  return focus.urgency === 'soon' ? kind !== null : kind === 'overdue';
}

/** The backlog narrowed to a focus: its items only, and their number as the total. */
export function focusBacklog(
  backlog: Backlog,
  focus: BacklogFocus,
  nowMs: number,
  soonWindowMs: number,
): Backlog {
  const items = backlog.items.filter((item) => inFocus(item, focus, nowMs, soonWindowMs));
  return { ...backlog, items, totalOpen: items.length };
}
