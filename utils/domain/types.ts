/** A post as read from X's page. Pure data: safe to send between contexts and to store. */
export interface Post {
  /** Decimal string: X's ids exceed 2^53. */
  id: string;
  authorHandle: string;
  authorName: string;
  text: string;
  /** ISO 8601, from the post's `<time datetime>`. */
  createdAt: string;
  url: string;
  /** Handle of the account shown as having reposted it, if any. */
  repostedBy: string | null;
  /** True for the focused post of a conversation page. */
  focused: boolean;
  /** Handles shown in "Replying to @…", without "@". */
  replyTo: string[];
  /** Promoted posts are never annotated. */
  promoted: boolean;
}

export interface Department {
  /** Slug, e.g. `dinas-pu`. */
  id: string;
  name: string;
  shortName: string;
  /** CSS hex colour, `#rrggbb`. */
  color: string;
  /** X handle without "@"; empty until the admin fills it in. */
  handle: string;
  slaHours: number;
  keywords: string[];
  /** Position in the directory and in menus. */
  order: number;
}

/** `unassigned` is kept (not deleted) after an unassign, so the history survives. */
export type AssignmentStatus = 'unassigned' | 'open' | 'responded' | 'resolved';
export type Urgency = 'none' | 'ok' | 'soon' | 'overdue';

export type HistoryAction =
  | 'assign'
  | 'reassign'
  | 'unassign'
  | 'respond'
  | 'resolve'
  | 'reopen'
  /** An officer's note; `reason` holds its text (cut to the reason length). */
  | 'note'
  /** A reply from a directory handle that did not stop the clock; `reason` is its URL. */
  | 'reply-seen'
  /** An assignment taken back at once: `from` its department, `to` the one before, if any. */
  | 'undo';

/**
 * Why an item was closed. `not-our-remit` sends it on to another department (a reassignment
 * with that reason); `duplicate` is stored as `duplicate:<other post id>`.
 */
export type ClosureReason = 'handled' | 'not-our-remit' | 'duplicate' | 'no-action';

export interface HistoryEvent {
  /** ISO 8601. */
  at: string;
  by: string;
  action: HistoryAction;
  from?: string;
  to?: string;
  reason?: string;
}

/** What an assignment keeps of its post, so the backlog can show it without X. */
export type PostSnapshot = Pick<Post, 'authorHandle' | 'authorName' | 'text' | 'createdAt' | 'url'>;

export interface Assignment {
  tweetId: string;
  post: PostSnapshot;
  /** Empty when unassigned. */
  departmentId: string;
  status: AssignmentStatus;
  /** ISO 8601; empty when unassigned. */
  assignedAt: string;
  assignedBy: string;
  /** ISO 8601; empty when unassigned. */
  deadline: string;
  respondedAt: string;
  respondedBy: string;
  responseId: string;
  resolvedAt: string;
  closureReason: string;
  notes: string[];
  history: HistoryEvent[];
  updatedAt: string;
  updatedBy: string;
}

/** Where an item is and how far it went: what an undo of an assignment puts back. */
export type AssignmentState = Pick<
  Assignment,
  | 'departmentId'
  | 'status'
  | 'assignedAt'
  | 'assignedBy'
  | 'deadline'
  | 'respondedAt'
  | 'respondedBy'
  | 'responseId'
  | 'resolvedAt'
  | 'closureReason'
>;

/** What an X page keeps of an assignment: enough for the chip, the badge and the "…" menu. */
export type AssignmentOnPage = Pick<
  Assignment,
  'tweetId' | 'departmentId' | 'status' | 'deadline' | 'updatedAt'
>;

/** The popup's view of the day. */
export interface BacklogSummary {
  assignedToday: number;
  respondedToday: number;
  dueSoon: number;
  overdue: number;
}

export interface Backlog {
  summary: BacklogSummary;
  /**
   * Open items, earliest deadline first (a period's items by assignment time), one page:
   * `limit` of them, and the ties of the last one's time.
   */
  items: Assignment[];
  /** Where the next page starts (pass it back as `after`); null on the last page. */
  next: string | null;
  /** How many open items match the filter in all. */
  totalOpen: number;
}

/**
 * A government programme (a credit scheme with a regional bank, a vaccination drive…) whose
 * mentions on X show whether it has reached the citizens. Posts matching its keywords get
 * its label on the page and are counted per day.
 */
export interface Programme {
  /** Slug, e.g. `kur`. */
  id: string;
  name: string;
  /** The label on the page; the name when absent. */
  shortName?: string;
  /** CSS hex colour, `#rrggbb`, with white text at ≥ 4.5:1. */
  color?: string;
  keywords: string[];
  /** Inactive programmes are kept, with their counts, but no longer matched. */
  active: boolean;
}

/** One post counted once for one programme; `day` is the post's local date, `YYYY-MM-DD`. */
export interface ProgrammeMention {
  programmeId: string;
  tweetId: string;
  day: string;
}

/** A status an officer sets by hand. */
export type StatusChange = 'responded' | 'resolved' | 'open';

/** A reply on a conversation page, as the content script read it. */
export interface SeenReply {
  id: string;
  authorHandle: string;
  /** ISO 8601. */
  createdAt: string;
}
