/**
 * The report of a period: each SKPD's record against the 1×24-hour rule, from the items whose
 * citizen's post falls in the period. Pure: the page reads the items and gives the clock.
 *
 * Definitions (the report's footnote says them in words):
 * - The clock starts at the citizen's post (the policy's view), whatever the clock-start
 *   setting chooses for the badge; the deadline is the holding SKPD's SLA hours after it,
 *   counted in working hours when the team's calendar is on (`computeDeadline`).
 * - An item counts for the SKPD holding it at the period's end (the last assignment or
 *   reassignment before then; the first one when it was assigned only later). Its response is
 *   that SKPD's first, while it held the item; a reopened item keeps its first response.
 * - Responded on time: at or before the deadline. An item closed without a response is not
 *   responded; it was missed when it was closed after its deadline.
 * - Due: responded, missed, or still open past the deadline now. On-time rate = responded on
 *   time ÷ due; none when nothing was due.
 * - Time to first response: wall-clock minutes from the post to the response.
 */
import { MOVES, type ReportEvent, type ReportRow } from './report-row';
import { deadlineMs as deadlineAt, MINUTE_MS } from './sla';
import type { Department } from './types';
import type { WorkingHours } from './working-hours';
import { type ReportPeriod, dayStartMs, periodBounds, weeksOf } from './report-period';

export interface ReportInput {
  /** The items whose post falls in the period (others are left out here): rows or whole items. */
  items: readonly ReportRow[];
  departments: readonly Department[];
  workingHours: WorkingHours;
  period: ReportPeriod;
  nowMs: number;
  /** Mentions nobody assigned (intake), by their post's time. */
  untriaged: readonly { createdAt: string }[];
}

export interface Figures {
  received: number;
  respondedOnTime: number;
  respondedLate: number;
  openOverdue: number;
  /** Open and still within the deadline. */
  open: number;
  closedWithoutResponse: number;
  /** Of those received, how many were reopened or reassigned (shown, not a class of their own). */
  reopened: number;
  reassigned: number;
  due: number;
  /** 0–1; null when nothing was due. */
  onTimeRate: number | null;
  medianResponseMinutes: number | null;
  p90ResponseMinutes: number | null;
}

export interface DepartmentRow extends Figures {
  departmentId: string;
}

export interface Breach {
  tweetId: string;
  departmentId: string;
  url: string;
  authorHandle: string;
  /** The post's text: empty from a stored row until the page fills it in (`withBreachTexts`). */
  text: string;
  deadline: string;
  /** When it was answered; empty for an open item. */
  respondedAt: string;
  /** How long past the deadline: now for an open item, at the response for a late one. */
  lateMinutes: number;
}

export interface WeekFigures {
  /** The week's Monday (Jakarta). */
  monday: string;
  received: number;
  /** Per SKPD, for the weekly chart: its on-time rate of the items received that week. */
  onTimeRate: Record<string, number | null>;
}

export interface Report {
  period: ReportPeriod;
  nowMs: number;
  /** Worst first: lowest on-time rate, then most overdue, then directory order. */
  rows: DepartmentRow[];
  total: Figures;
  untriaged: { count: number; oldestCreatedAt: string };
  weeks: WeekFigures[];
  /** Open items past their deadline, furthest past first (all: the view shows the first few). */
  longestOverdue: Breach[];
  /** Responses given after the deadline, latest first (all). */
  latestLate: Breach[];
}

/** Breaches of each kind the page shows. */
export const MAX_BREACHES = 10;
const DEFAULT_SLA_HOURS = 24;
const WEEK_MS = 7 * 24 * 60 * MINUTE_MS;

export type Outcome = 'on-time' | 'late' | 'open-overdue' | 'open' | 'closed-missed' | 'closed';

export interface ItemOutcome {
  departmentId: string;
  deadlineMs: number;
  outcome: Outcome;
  /** The holder's first response, or NaN. */
  respondedMs: number;
  reopened: boolean;
  reassigned: boolean;
}

const takesOff = (e: ReportEvent) => e.action === 'unassign' || (e.action === 'undo' && !e.to);

/**
 * What became of one item for the SKPD holding it at `periodEndMs`, judged at `nowMs`; null
 * when nobody held it (unassigned before the period's end and never since).
 */
export function outcomeOf(
  a: ReportRow,
  slaHoursOf: (departmentId: string) => number,
  workingHours: WorkingHours,
  periodEndMs: number,
  nowMs: number,
): ItemOutcome | null {
  const history = a.history;
  let start = -1;
  let reassigned = false;
  let beforeEnd = true;
  for (let i = 0; i < history.length; i++) {
    const e = history[i]!;
    if (e.action === 'reassign') reassigned = true;
    if (!beforeEnd || !MOVES.has(e.action)) continue;
    beforeEnd = Date.parse(e.at) < periodEndMs;
    if (beforeEnd || start === -1) start = i;
  }
  const first = history[start];
  if (first && takesOff(first)) {
    // Taken off before the period's end and assigned again since: the SKPD it went to.
    const next = history.findIndex((e, i) => i > start && !takesOff(e) && MOVES.has(e.action));
    if (next !== -1) start = next;
  }
  let departmentId: string;
  let end = history.length;
  if (start === -1) {
    // Older records without a history: the item as it stands.
    if (!a.departmentId) return null;
    departmentId = a.departmentId;
  } else {
    const move = history[start]!;
    if (takesOff(move) || !move.to) return null;
    departmentId = move.to;
    for (let i = start + 1; i < history.length; i++) {
      if (MOVES.has(history[i]!.action)) {
        end = i;
        break;
      }
    }
  }
  const stillHeld = end === history.length && a.departmentId === departmentId;
  let respondedMs = NaN;
  let resolvedMs = NaN;
  let state: 'open' | 'responded' | 'resolved' = 'open';
  let reopened = false;
  for (let i = start + 1; i < end; i++) {
    const e = history[i]!;
    const at = Date.parse(e.at);
    if (e.action === 'respond') {
      if (Number.isNaN(respondedMs)) respondedMs = at;
      state = 'responded';
    } else if (e.action === 'resolve') {
      state = 'resolved';
      resolvedMs = at;
    } else if (e.action === 'reopen') {
      state = 'open';
      reopened = true;
    }
  }
  if (start === -1) {
    // Without a history, the record says it all; a resolved item's respondedAt may be only
    // its closing time (`changeStatus`), so a response is one recorded before the closing.
    state = a.status === 'responded' ? 'responded' : a.status === 'resolved' ? 'resolved' : 'open';
    resolvedMs = Date.parse(a.resolvedAt);
    const recorded = Date.parse(a.respondedAt);
    if (state === 'responded' || (state === 'resolved' && recorded < resolvedMs)) {
      respondedMs = recorded;
    }
  } else if (!Number.isNaN(respondedMs) && stillHeld && a.respondedAt) {
    // A detected reply is recorded at its own time, before the event that records it.
    respondedMs = Math.min(respondedMs, Date.parse(a.respondedAt));
  }

  const postMs = Date.parse(a.post.createdAt);
  if (Number.isNaN(postMs)) throw new RangeError(`Not a date: "${a.post.createdAt}"`);
  const deadlineMs = deadlineAt(postMs, slaHoursOf(departmentId), { workingHours });
  const base = { departmentId, deadlineMs, respondedMs, reopened, reassigned };
  if (!Number.isNaN(respondedMs)) {
    return { ...base, outcome: respondedMs <= deadlineMs ? 'on-time' : 'late' };
  }
  if (state === 'resolved') {
    return { ...base, outcome: resolvedMs > deadlineMs ? 'closed-missed' : 'closed' };
  }
  // Sent on without a response: judged when it left this SKPD.
  const judgedMs = end < history.length ? Math.min(nowMs, Date.parse(history[end]!.at)) : nowMs;
  return { ...base, outcome: judgedMs >= deadlineMs ? 'open-overdue' : 'open' };
}

/** Every figure at zero (none of the rates and times known). */
export function emptyFigures(): Figures {
  return {
    received: 0,
    respondedOnTime: 0,
    respondedLate: 0,
    openOverdue: 0,
    open: 0,
    closedWithoutResponse: 0,
    reopened: 0,
    reassigned: 0,
    due: 0,
    onTimeRate: null,
    medianResponseMinutes: null,
    p90ResponseMinutes: null,
  };
}

/** The value below which `q` of the sorted values lie (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

class Tally {
  readonly figures = emptyFigures();
  private readonly minutes: number[] = [];

  add(o: ItemOutcome, postMs: number): void {
    const f = this.figures;
    f.received++;
    if (o.reopened) f.reopened++;
    if (o.reassigned) f.reassigned++;
    switch (o.outcome) {
      case 'on-time':
        f.respondedOnTime++;
        break;
      case 'late':
        f.respondedLate++;
        break;
      case 'open-overdue':
        f.openOverdue++;
        break;
      case 'open':
        f.open++;
        break;
      default:
        f.closedWithoutResponse++;
    }
    if (o.outcome !== 'open' && o.outcome !== 'closed') f.due++;
    if (!Number.isNaN(o.respondedMs)) {
      this.minutes.push(Math.max(0, Math.round((o.respondedMs - postMs) / MINUTE_MS)));
    }
  }

  done(): Figures {
    const f = this.figures;
    f.onTimeRate = f.due > 0 ? f.respondedOnTime / f.due : null;
    const sorted = this.minutes.sort((x, y) => x - y);
    f.medianResponseMinutes = quantile(sorted, 0.5);
    f.p90ResponseMinutes = quantile(sorted, 0.9);
    return f;
  }
}

/** Worst first: the lowest on-time rate (none counts as best), the most overdue, then order. */
function worstFirst(order: (id: string) => number) {
  return (a: DepartmentRow, b: DepartmentRow) =>
    (a.onTimeRate ?? 2) - (b.onTimeRate ?? 2) ||
    b.openOverdue - a.openOverdue ||
    order(a.departmentId) - order(b.departmentId);
}

export function computeReport(input: ReportInput): Report {
  const { period, nowMs, departments, workingHours } = input;
  const { startMs, endMs } = periodBounds(period);
  const byId = new Map(departments.map((d) => [d.id, d]));
  const slaHoursOf = (id: string) => byId.get(id)?.slaHours ?? DEFAULT_SLA_HOURS;
  const tallies = new Map<string, Tally>(departments.map((d) => [d.id, new Tally()]));
  const total = new Tally();
  const mondays = weeksOf(period);
  const weekly = mondays.map(() => new Map<string, Tally>());
  const weekTotals = mondays.map(() => 0);
  // Jakarta keeps one offset all year: a week is always 7 × 24 hours from its Monday.
  const firstMondayMs = dayStartMs(mondays[0]!);
  const overdue: Breach[] = [];
  const late: Breach[] = [];

  for (const a of input.items) {
    const postMs = Date.parse(a.post.createdAt);
    if (!(postMs >= startMs && postMs < endMs)) continue;
    const o = outcomeOf(a, slaHoursOf, workingHours, endMs, nowMs);
    if (!o) continue;
    let tally = tallies.get(o.departmentId);
    if (!tally) tallies.set(o.departmentId, (tally = new Tally()));
    tally.add(o, postMs);
    total.add(o, postMs);
    const w = Math.floor((postMs - firstMondayMs) / WEEK_MS);
    const week = weekly[w]!;
    weekTotals[w]!++;
    let weekTally = week.get(o.departmentId);
    if (!weekTally) week.set(o.departmentId, (weekTally = new Tally()));
    weekTally.add(o, postMs);
    if (o.outcome === 'open-overdue' || o.outcome === 'late') {
      const breach: Breach = {
        tweetId: a.tweetId,
        departmentId: o.departmentId,
        url: a.post.url,
        authorHandle: a.post.authorHandle,
        text: a.post.text ?? '',
        deadline: new Date(o.deadlineMs).toISOString(),
        respondedAt: o.outcome === 'late' ? new Date(o.respondedMs).toISOString() : '',
        lateMinutes: Math.floor(
          ((o.outcome === 'late' ? o.respondedMs : nowMs) - o.deadlineMs) / MINUTE_MS,
        ),
      };
      (o.outcome === 'late' ? late : overdue).push(breach);
    }
  }

  const order = (id: string) => byId.get(id)?.order ?? Number.MAX_SAFE_INTEGER;
  const rows = [...tallies]
    .map(([departmentId, tally]) => ({ departmentId, ...tally.done() }))
    .sort(worstFirst(order));
  const untriaged = input.untriaged.filter((m) => {
    const ms = Date.parse(m.createdAt);
    return ms >= startMs && ms < endMs;
  });
  return {
    period,
    nowMs,
    rows,
    total: total.done(),
    untriaged: {
      count: untriaged.length,
      oldestCreatedAt: untriaged.reduce(
        (oldest, m) => (oldest === '' || m.createdAt < oldest ? m.createdAt : oldest),
        '',
      ),
    },
    weeks: mondays.map((monday, w) => ({
      monday,
      received: weekTotals[w]!,
      onTimeRate: Object.fromEntries([...weekly[w]!].map(([id, t]) => [id, t.done().onTimeRate])),
    })),
    longestOverdue: overdue.sort((x, y) => y.lateMinutes - x.lateMinutes),
    latestLate: late.sort((x, y) => (x.respondedAt < y.respondedAt ? 1 : -1)),
  };
}

/** The breaches the page shows: the first `MAX_BREACHES` of each list. */
export function shownBreaches(report: Report): Breach[] {
  return [
    ...report.longestOverdue.slice(0, MAX_BREACHES),
    ...report.latestLate.slice(0, MAX_BREACHES),
  ];
}

/** The report with the shown breaches' texts from `textOf` (by post id; the others stay). */
export function withBreachTexts(
  report: Report,
  textOf: (tweetId: string) => string | undefined,
): Report {
  const fill = (list: Breach[]) =>
    list.map((b, i) => (i < MAX_BREACHES ? { ...b, text: textOf(b.tweetId) ?? b.text } : b));
  return {
    ...report,
    longestOverdue: fill(report.longestOverdue),
    latestLate: fill(report.latestLate),
  };
}
