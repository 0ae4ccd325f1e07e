/**
 * The one typed protocol between the extension's contexts: every request the background
 * answers, every request a tab's content script answers, every event the background
 * broadcasts. `transport.ts` carries them.
 */
import type { Browser } from 'wxt/browser';
import type {
  Assignment,
  AssignmentOnPage,
  AssignmentStatus,
  Backlog,
  ClosureReason,
  Department,
  Post,
  SeenReply,
  StatusChange,
} from '../domain/types';
import type { Settings, SettingsUpdate } from '../domain/settings';
import type { UndoOffer } from '../domain/assignment-ops';
import type { ProgrammeStats } from '../domain/programmes';
import type { IntakeSummary, Mention } from '../domain/mentions';
import type { Programme } from '../domain/types';
import type { SyncStatus } from '../domain/sync-state';
import type { Actor, Role } from '../domain/actor';
import type { BacklogPeriod } from '../domain/backlog-period';
import type { AccountAction, TeamAccount, TeamAccounts } from '../domain/admin-protocol';

/** The most ids one `getAssignments` request may carry. */
export const MAX_BATCH_IDS = 500;
/** The most posts one `recordMentions` request may carry. */
export const MAX_MENTION_POSTS = 200;

export interface BackgroundProtocol {
  /**
   * Assignments known for these ids, at most MAX_BATCH_IDS of them (one message per batch of
   * posts, never per post).
   */
  getAssignments(req: { ids: string[] }): Record<string, Assignment>;
  /**
   * The assignments of recent posts, for a page to annotate them without asking: a post with
   * an id from `sinceId` on (same length) that is not listed is not assigned.
   */
  getRecentAssignments(req: Record<string, never>): {
    sinceId: string;
    assignments: AssignmentOnPage[];
  };
  assignPost(req: { post: Post; departmentId: string }): Assignment;
  /**
   * The page's right-click, before the menu opens: the menu shows only what applies to that
   * post (`none` off a post; a status as the page knows it; the item's department) and what
   * the signed-in officer may do to it.
   */
  showMenuFor(req: { context: AssignmentStatus | 'none'; departmentId?: string }): { ok: true };
  /**
   * Assigns from X's page (the chip, the picker, the suggestion): the item afterwards, and
   * what takes it back (null when nothing changed), for the page's Undo.
   */
  assignFromPage(req: { post: Post; departmentId: string }): {
    assignment: Assignment;
    undo: UndoOffer | null;
  };
  /** Takes back an assignment just made (`assignFromPage`'s offer), if nothing changed since. */
  undoAssign(req: UndoOffer): Assignment;
  setStatus(req: { tweetId: string; status: StatusChange; reason?: string }): Assignment;
  unassign(req: { tweetId: string; reason?: string }): Assignment;
  listDepartments(req: Record<string, never>): Department[];
  /**
   * One page of the backlog: today's open items by deadline, or (`period`) the items
   * assigned yesterday or this week (the team's days). Pass `next` back as `after`.
   */
  getBacklog(req: {
    departmentId?: string;
    limit?: number;
    period?: BacklogPeriod;
    after?: string;
  }): Backlog;
  /** Validated whole, then stored in one transaction, or nothing is stored. */
  importAssignments(req: { assignments: Assignment[] }): { imported: number };
  getSettings(req: Record<string, never>): Settings;
  /** Validated against the stored settings; broadcasts `settingsChanged`. */
  saveSettings(req: { settings: SettingsUpdate }): Settings;
  /** Adds or changes one department (a new one goes last); the directory as it is now. */
  saveDepartment(req: { department: Department }): Department[];
  /** Refused with `department-in-use` while any item (open or not) points at it. */
  removeDepartment(req: { id: string }): Department[];
  /** The directory's order: every department's id, once. */
  reorderDepartments(req: { ids: string[] }): Department[];
  /** Replaces the whole directory in one transaction (a `tanggap-directory` file's list). */
  importDirectory(req: { departments: Department[] }): Department[];
  /**
   * Directory-handle replies seen on a conversation page (one message per batch, only when
   * there are some). The assignment as it is afterwards, or null when the post is not known.
   */
  reportReplies(req: { conversationId: string; replies: SeenReply[] }): Assignment | null;
  /** Closes an item; `not-our-remit` sends it to `targetDepartmentId` instead. */
  resolve(req: {
    tweetId: string;
    reason: ClosureReason;
    targetDepartmentId?: string;
    /** The other post's id or URL, for `duplicate`. */
    duplicateOf?: string;
    note?: string;
  }): Assignment;
  /** Responded or resolved → open, keeping the original deadline. */
  reopen(req: { tweetId: string }): Assignment;
  addNote(req: { tweetId: string; text: string }): Assignment;
  /**
   * Assigns (to `departmentId`), resolves (as handled) or reopens several items in one
   * transaction, committed before the answer: one result per item, in the order asked. An
   * item the officer may not change, or that is not known, is refused with its reason.
   */
  bulkChange(req: {
    tweetIds: string[];
    change: 'assign' | 'resolve' | 'reopen';
    departmentId?: string;
  }): { results: BulkResult[] };
  /** Items responded or resolved today (the team's day), most recently changed first. */
  listClosedToday(req: { limit?: number }): Assignment[];
  /** The overdue items as an Indonesian digest, to paste into a message up the chain. */
  getEscalationDigest(req: Record<string, never>): { text: string; overdue: number };
  /**
   * One page of the CSV export (the first starts with the BOM and the header row); pass
   * `next` back as `after` until it is null. Dates are ISO 8601 instants, `to` exclusive.
   */
  exportCsvPage(req: {
    from?: string;
    to?: string;
    departmentIds?: string[];
    after?: CsvExportPosition;
  }): { csv: string; rows: number; next: CsvExportPosition | null };
  /**
   * The options page restored a backup (itself, in one transaction: a backup may exceed the
   * message limit): tell every tab and page, rebuild the menus and the badge.
   */
  dataReplaced(req: Record<string, never>): { ok: true };
  /**
   * The items an escalation notification named (its id as shown), as they are now, by
   * deadline (at most `limit`, of `total`); null when the notification is unknown or pruned.
   */
  getNotificationItems(req: { id: string; limit?: number }): {
    items: Assignment[];
    total: number;
  } | null;
  listProgrammes(req: Record<string, never>): Programme[];
  /** Adds (no id, or a new one) or changes one programme; the programmes as they are now. */
  saveProgramme(req: { programme: Omit<Programme, 'id'> & { id?: string } }): Programme[];
  /** Removes a programme and its counts; the programmes as they are now. */
  removeProgramme(req: { id: string }): Programme[];
  /**
   * Posts seen mentioning programmes (one message per batch, only when there are some). Each
   * post counts once per programme; ids of programmes that no longer exist are skipped.
   */
  recordProgrammeMentions(req: { mentions: ProgrammeMentionReport[] }): { recorded: number };
  /**
   * Posts seen on X addressed to a watched account (one message per batch, only when there
   * are some, at most MAX_MENTION_POSTS). The background checks each against its own settings
   * and records it once, first seen now; `recorded` counts the new or changed ones.
   */
  recordMentions(req: { posts: Post[] }): { recorded: number };
  /** The mentions waiting for triage: their count, the oldest's age, the first `limit`. */
  getIntake(req: { limit?: number }): IntakeSummary;
  /** Dismisses a mention as not a complaint ("Bukan aduan"); `restoreMention` undoes it. */
  dismissMention(req: { tweetId: string }): Mention;
  restoreMention(req: { tweetId: string }): Mention;
  /**
   * The ids of the mentions dismissed as not a complaint: the page shows them neither waiting
   * nor urgent. Asked once per page and again on `intakeChanged`, not per post.
   */
  listDismissedMentions(req: Record<string, never>): string[];
  /** Posts per programme per local day, over the last `days` days (today included). */
  programmeStats(req: { days: number }): ProgrammeStats;
  /**
   * Logs in to a team server (HTTPS, or http on this computer) and pulls the team's data: the
   * first login replaces this browser's items and directory. Refused with `sync-failed` and
   * `data.reason` (`bad-login`, `too-many-attempts`, `timeout`…); `waiting` (with
   * `data.waiting`) when another user's changes have not reached their server, unless
   * `discardWaiting`.
   */
  teamLogin(req: {
    serverUrl: string;
    username: string;
    password: string;
    discardWaiting?: boolean;
  }): SyncStatus;
  /** Waiting changes stay for the same user's next login, unless `discardWaiting`. */
  teamLogout(req: { discardWaiting?: boolean }): SyncStatus;
  syncStatus(req: Record<string, never>): SyncStatus;
  /**
   * Who acts here (null while this browser works alone), for the pages to offer only what the
   * team's rules allow; `syncStatusChanged` tells them when it changes.
   */
  getActor(req: Record<string, never>): Actor | null;
  /** Pushes and pulls now; resolves with the status afterwards (errors are in it). */
  syncNow(req: Record<string, never>): SyncStatus;
  /** An admin's team and its accounts, from the server (refused for other roles). */
  teamAccounts(req: Record<string, never>): TeamAccounts;
  /** A new account of the admin's team; its generated password is answered once. */
  teamCreateAccount(req: { username: string; role: Role; departmentId?: string }): AccountChanged;
  /**
   * Disables or enables an account, ends its logins, gives it a generated password (answered
   * once) or a new role (`role`, with `departmentId` for a department officer).
   */
  teamChangeAccount(req: {
    username: string;
    action: AccountAction;
    role?: Role;
    departmentId?: string;
  }): AccountChanged;
}

/** One item's result of a bulk change: as it is now, or why it was refused. */
export type BulkResult =
  | { tweetId: string; ok: true; assignment: Assignment }
  | { tweetId: string; ok: false; code: string; reason: string };

/** An account change's answer: the account now, a generated password, logins ended. */
export interface AccountChanged {
  user?: TeamAccount;
  password?: string;
  revoked?: number;
}

export interface ProgrammeMentionReport {
  tweetId: string;
  /** The post's time (ISO 8601): it is counted on that day. */
  createdAt: string;
  programmeIds: string[];
}

/** Where a CSV export page stopped (the last item looked at, by assignment date). */
export interface CsvExportPosition {
  assignedAt: string;
  tweetId: string;
}

export interface ContentProtocol {
  /** The post under the pointer at the last right-click, if any. */
  takeRightClickedPost(req: Record<string, never>): Post | null;
  /** A short message shown on the page (e.g. "right-click a post first"). */
  showNotice(req: { message: string }): void;
  /**
   * Opens the on-page actions popover of this post (from the menu's "Not our remit…" and
   * "Duplicate…"), with that reason chosen. False when the post is no longer on the page.
   */
  openItemActions(req: { tweetId: string; reason?: ClosureReason }): boolean;
  /** An assignment made from the menu: the page offers its Undo for a few seconds. */
  offerUndo(req: { assignment: Assignment; undo: UndoOffer }): void;
}

export interface BroadcastEvents {
  assignmentsChanged: { assignments: Assignment[] };
  departmentsChanged: { departments: Department[] };
  settingsChanged: { settings: Settings };
  /** A restore replaced everything: reload all that is shown. */
  dataReplaced: Record<string, never>;
  programmesChanged: { programmes: Programme[] };
  /** Mentions were received, dismissed or restored: the triage list reloads. */
  intakeChanged: Record<string, never>;
  syncStatusChanged: { status: SyncStatus };
}

export type Protocol = object;
export type Name<P extends Protocol> = Extract<keyof P, string>;
type Fn<P extends Protocol, N extends Name<P>> = P[N] extends (req: infer Q) => infer R
  ? (req: Q) => R
  : never;
export type Req<P extends Protocol, N extends Name<P>> = Parameters<Fn<P, N>>[0];
export type Res<P extends Protocol, N extends Name<P>> = ReturnType<Fn<P, N>>;
export type Handlers<P extends Protocol> = {
  [N in Name<P>]: (
    req: Req<P, N>,
    sender: Browser.runtime.MessageSender,
  ) => Res<P, N> | Promise<Res<P, N>>;
};
