/**
 * What the report needs of an item, and nothing more: the post's time and link, where the item
 * stands, and the events that move it between SKPDs or answer it. The report reads these rows
 * (a store kept beside the items, see `storage/report-rows.ts`) instead of the whole records,
 * whose text, notes and full history make a month's reading slow.
 */
import { jakartaDay } from './report-period';
import type { Assignment, AssignmentStatus, HistoryAction, HistoryEvent } from './types';

/** An event as the report reads it: the SKPD it went `to` only for a move. */
export type ReportEvent = Pick<HistoryEvent, 'at' | 'action' | 'to'>;

/**
 * An item as the report reads it. A whole `Assignment` is one too; a stored row leaves out the
 * post's text, which only the breaches the page shows need (`withBreachTexts`).
 */
export interface ReportRow {
  tweetId: string;
  departmentId: string;
  status: AssignmentStatus;
  respondedAt: string;
  resolvedAt: string;
  post: { createdAt: string; url: string; authorHandle: string; text?: string };
  history: readonly ReportEvent[];
}

/**
 * The events that move an item between SKPDs (an undo moves it back, or off with no `to`): the
 * only ones whose `to` the report reads.
 */
export const MOVES: ReadonlySet<HistoryAction> = new Set<HistoryAction>([
  'assign',
  'reassign',
  'unassign',
  'undo',
]);
/** The events `outcomeOf` looks at; the others (notes, replies seen) change no figure. */
const ANSWERS: ReadonlySet<HistoryAction> = new Set<HistoryAction>([
  'respond',
  'resolve',
  'reopen',
]);

/** The row the report store keeps for `a`. */
export function reportRowOf(a: Assignment): ReportRow {
  const history: ReportEvent[] = [];
  for (const e of a.history) {
    if (MOVES.has(e.action) && e.to !== undefined) {
      history.push({ at: e.at, action: e.action, to: e.to });
    } else if (MOVES.has(e.action) || ANSWERS.has(e.action)) {
      history.push({ at: e.at, action: e.action });
    }
  }
  return {
    tweetId: a.tweetId,
    departmentId: a.departmentId,
    status: a.status,
    respondedAt: a.respondedAt,
    resolvedAt: a.resolvedAt,
    post: { createdAt: a.post.createdAt, url: a.post.url, authorHandle: a.post.authorHandle },
    history,
  };
}

/**
 * The Jakarta day of the citizen's post (`YYYY-MM-DD`), under which the report keeps the row;
 * '' for a post time that is no time, which no period reads.
 */
export function reportDayOf(row: Pick<ReportRow, 'post'>): string {
  const ms = Date.parse(row.post.createdAt);
  return Number.isFinite(ms) ? jakartaDay(ms) : '';
}
