/**
 * Escalation: which notifications to show when open items become due soon or overdue. Pure
 * (no clock, no storage, no browser API): the background reads from IndexedDB the items that
 * can hold news since the last check (see `planEscalations`) with what was notified for each,
 * asks here, and commits the new record before it shows anything, so a restarted worker
 * never notifies the same change twice.
 */
import { urgencyAt } from './sla';
import type { Assignment, Backlog, Department } from './types';

export type EscalationKind = 'soon' | 'overdue';

/** The escalation an item's deadline calls for at `nowMs` (sla.ts's one rule), if any. */
export function kindAt(deadline: string, nowMs: number, dueSoonMs: number): EscalationKind | null {
  const urgency = urgencyAt(deadline, nowMs, dueSoonMs);
  return urgency === 'overdue' || urgency === 'soon' ? urgency : null;
}

/**
 * What escalation remembers between checks: up to when deadlines were looked at, as
 * overdue (`checkedAt`) and as due soon (`soonUntil`). The next check only looks past them
 * (and at what was written since): the cost follows what changed, not the backlog's size.
 */
export interface EscalationState {
  checkedAt: string;
  soonUntil: string;
}

/** An item to consider: open or not, as stored. */
export type EscalationCandidate = Pick<Assignment, 'tweetId' | 'status' | 'deadline'>;

export interface EscalationChange {
  tweetId: string;
  kind: EscalationKind;
}

export interface EscalationPlan {
  /** Open items whose deadline is in (lower, upper]: overdue news, then due-soon news. */
  deadlineRanges: [lower: string, upper: string][];
  /** Items updated since the last check (they may have become urgent); null: none. */
  changedAfter: string | null;
  next: EscalationState;
}

const isInstant = (x: unknown): x is string =>
  typeof x === 'string' && x.length <= 40 && !Number.isNaN(Date.parse(x));

/**
 * The state stored by the last check. Nothing stored (a new install) starts from the
 * beginning, so what is urgent is notified once. Anything else (the record of an older
 * version, which listed each notified item, or a broken write) starts from now: what it
 * stood for was notified already.
 */
export function readEscalationState(value: unknown, nowMs: number, windowMs: number) {
  if (value === undefined) return { checkedAt: '', soonUntil: '' };
  const v = value as Partial<EscalationState> | null;
  if (isInstant(v?.checkedAt) && isInstant(v.soonUntil)) {
    return { checkedAt: v.checkedAt, soonUntil: v.soonUntil };
  }
  return {
    checkedAt: new Date(nowMs).toISOString(),
    soonUntil: new Date(nowMs + windowMs).toISOString(),
  };
}

const later = (a: string, b: string) => (a > b ? a : b);

/** The index ranges that can hold news at `nowMs`, and the state to store after it. */
export function planEscalations(stored: unknown, nowMs: number, windowMs: number): EscalationPlan {
  const previous = readEscalationState(stored, nowMs, windowMs);
  const now = new Date(nowMs).toISOString();
  const soon = new Date(nowMs + windowMs).toISOString();
  return {
    deadlineRanges: [
      [previous.checkedAt, now],
      [later(previous.soonUntil, now), soon],
    ],
    changedAfter: previous.checkedAt || null,
    // Never back: a clock set back does not make old changes news again.
    next: { checkedAt: later(previous.checkedAt, now), soonUntil: later(previous.soonUntil, soon) },
  };
}

/** What was notified for one item: the kind, for the deadline it had then. */
export interface NotifiedMark {
  kind: EscalationKind;
  deadline: string;
}

function readMark(value: unknown): NotifiedMark | undefined {
  const v = value as Partial<NotifiedMark> | null | undefined;
  if ((v?.kind === 'soon' || v?.kind === 'overdue') && typeof v.deadline === 'string') {
    return { kind: v.kind, deadline: v.deadline };
  }
  return undefined;
}

export interface EscalationDecision {
  changes: EscalationChange[];
  /** Marks to store, and to delete (null). */
  marks: Map<string, NotifiedMark | null>;
}

/**
 * The changes to notify among `candidates` (what the plan's ranges found, and what was
 * written since the last check), given each one's mark. One notification per item and
 * state: due soon, then overdue (both at once: overdue only), never the same twice for
 * the same deadline, and never soon again once overdue (a clock set back). A candidate no
 * longer urgent (closed, or given a later deadline) loses its mark, so a new cycle is news.
 */
export function decideEscalations(
  candidates: readonly EscalationCandidate[],
  marks: ReadonlyMap<string, unknown>,
  nowMs: number,
  windowMs: number,
): EscalationDecision {
  const changes: EscalationChange[] = [];
  const next = new Map<string, NotifiedMark | null>();
  for (const item of candidates) {
    const mark = readMark(marks.get(item.tweetId));
    const kind = item.status === 'open' ? kindAt(item.deadline, nowMs, windowMs) : null;
    if (!kind) {
      if (marks.get(item.tweetId) !== undefined) next.set(item.tweetId, null);
      continue;
    }
    if (mark?.deadline === item.deadline && (mark.kind === kind || mark.kind === 'overdue')) {
      continue;
    }
    changes.push({ tweetId: item.tweetId, kind });
    next.set(item.tweetId, { kind, deadline: item.deadline });
  }
  return { changes, marks: next };
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
  /** The notification clicked: its stored list of items, when still kept, is the focus. */
  notificationId?: string;
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

/**
 * The focus asked for in a popup's query string (`?notification=<id>`, as a notification's
 * click opens it), or null for the plain popup.
 */
export function parseFocus(search: string): BacklogFocus | null {
  const id = new URLSearchParams(search).get('notification');
  const focus = id ? focusOfNotification(id) : null;
  return focus && { ...focus, notificationId: id! };
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
  return { ...backlog, items, next: null, totalOpen: items.length };
}

/**
 * The backlog showing a notification's own items (as they are now, most urgent first)
 * instead of the open ones, narrowed to `departmentId` when the popup is filtered.
 */
export function namedBacklog(
  backlog: Backlog,
  named: { items: Backlog['items']; total: number },
  departmentId = '',
): Backlog {
  if (!departmentId) {
    return { ...backlog, items: named.items, next: null, totalOpen: named.total };
  }
  const items = named.items.filter((item) => item.departmentId === departmentId);
  return { ...backlog, items, next: null, totalOpen: items.length };
}

/** What a shown notification named, so that its click shows exactly those items. */
export interface NotificationRecord {
  /** When it was shown (ISO 8601). */
  at: string;
  tweetIds: string[];
}
