/**
 * What one post's annotation says, computed from the post, its assignment and the clock.
 * Pure: the content script renders it, tests check it.
 */
import {
  DUE_SOON_WINDOW_MS,
  durationWordsLast,
  formatDuration,
  nextUrgencyChange,
  urgencyOf,
} from './sla';
import type {
  AssignmentOnPage,
  AssignmentStatus,
  Department,
  Post,
  Programme,
  Urgency,
} from './types';

export interface DurationWords {
  units: Parameters<typeof formatDuration>[1];
  left: (duration: string) => string;
  overdue: (duration: string) => string;
  /** An untriaged mention's waiting time: "menunggu 1j 5m". */
  waiting: (duration: string) => string;
  /** An untriaged mention past the team's threshold: "Mendesak · menunggu 4j 30m". */
  urgent: (duration: string) => string;
  responded: string;
  resolved: string;
  unassigned: string;
  urgency: Record<Exclude<Urgency, 'none'>, string>;
  chipAssignedLabel: (departmentName: string) => string;
  chipUnassignedLabel: (age: string) => string;
}

/**
 * An unassigned citizen's mention (intake.ts) waits for triage: `waiting`, then `urgent` past the
 * team's threshold; empty for any other post.
 */
export type IntakeState = '' | 'waiting' | 'urgent';

/** What the annotation needs to know of intake for one post. */
export interface IntakeRule {
  /** `isIntakePost(post, settings.watchedHandles)`. */
  isIntake: boolean;
  /** `settings.intakeUrgentAfterMinutes`, in milliseconds. */
  urgentAfterMs: number;
}

/**
 * A waiting mention shows how long it has waited once half its time to urgent has passed:
 * before that, X's own "· 3m" says the post's age, and the chip says "unassigned".
 */
export const WAITING_SHOWN_FROM = 0.5;

export interface AnnotationView {
  tweetId: string;
  status: AssignmentStatus;
  urgency: Urgency;
  intake: IntakeState;
  departmentId: string;
  deadline: string;
  chipText: string;
  /** Background colour of the chip; empty for the neutral "unassigned" chip. */
  chipColor: string;
  /** The chip's accessible name: what it is and what pressing it does. */
  chipLabel: string;
  badgeText: string;
  /** The badge's words for a screen reader, including the urgency. */
  badgeLabel: string;
  /** The chip's tooltip when it differs from its accessible name (the words a suggestion matched). */
  chipTitle?: string;
  /** The department the chip suggests (unassigned posts only); pressing the chip accepts it. */
  suggestedDepartmentId?: string;
  /** Labels of the programmes the post mentions, shown after the badge. */
  programmes?: ProgrammeLabelView[];
  /** With a suggestion: the name of the button that opens the picker for another department. */
  pickLabel?: string;
}

export interface ProgrammeLabelView {
  id: string;
  text: string;
  /** Background colour; empty for the neutral outline. */
  color: string;
  /** What the label is, for a screen reader and the tooltip. */
  label: string;
}

export interface RoutingWords {
  /** "Saran: DSDABM". */
  suggested: (shortName: string) => string;
  /** The suggestion chip's accessible name: the department, the matched words, the action. */
  suggestedLabel: (name: string, matched: string) => string;
  /** The suggestion chip's tooltip: "Cocok: jalan rusak, lubang". */
  matched: (matched: string) => string;
  /** A programme label's accessible name: "Program: Kredit Usaha Rakyat (KUR)". */
  programme: (name: string) => string;
  /** The small button beside a suggestion that opens the picker instead. */
  pickOther: string;
}

/**
 * Adds a routing suggestion and programme labels to a post's view. The suggestion shows only
 * on an unassigned post, in place of the "unassigned" words; programme labels show on any.
 */
export function withRouting(
  view: AnnotationView,
  suggestion: { department: Department; matched: readonly string[] } | null,
  programmes: readonly Programme[],
  words: RoutingWords,
): AnnotationView {
  const next: AnnotationView = { ...view, suggestedDepartmentId: '', programmes: [] };
  if (suggestion && view.status === 'unassigned') {
    const matched = suggestion.matched.join(', ');
    next.suggestedDepartmentId = suggestion.department.id;
    next.chipText = words.suggested(suggestion.department.shortName);
    next.chipLabel = words.suggestedLabel(suggestion.department.name, matched);
    next.chipTitle = words.matched(matched);
    next.pickLabel = words.pickOther;
  }
  next.programmes = programmes.map((p) => ({
    id: p.id,
    text: shortLabel(p.shortName || p.name),
    color: p.color ?? '',
    label: words.programme(p.name),
  }));
  return next;
}

/** Programme labels sit in X's author line: a long name is cut in words (the title keeps it). */
const MAX_LABEL = 20;
function shortLabel(text: string): string {
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1).trimEnd()}…` : text;
}

export function annotationView(
  post: Pick<Post, 'id' | 'createdAt'>,
  assignment: AssignmentOnPage | undefined,
  department: Department | undefined,
  nowMs: number,
  words: DurationWords,
  /** The settings' due-soon window (`dueSoonWindow`). */
  dueSoonMs = DUE_SOON_WINDOW_MS,
  intake?: IntakeRule,
): AnnotationView {
  const status: AssignmentStatus = assignment?.status ?? 'unassigned';
  const urgency = urgencyOf(assignment, nowMs, dueSoonMs);
  const base = { tweetId: post.id, status, urgency, intake: '' as IntakeState };

  if (!assignment || status === 'unassigned') {
    // X shows every post's age beside its author: ours shows only a mention's waiting time.
    const waitedMs = Math.max(0, nowMs - Date.parse(post.createdAt));
    const age = formatDuration(waitedMs, words.units, 'short');
    let badgeText = '';
    if (intake?.isIntake && !Number.isNaN(waitedMs)) {
      base.intake = waitedMs >= intake.urgentAfterMs ? 'urgent' : 'waiting';
      if (base.intake === 'urgent') badgeText = words.urgent(age);
      else if (waitedMs >= intake.urgentAfterMs * WAITING_SHOWN_FROM)
        badgeText = words.waiting(age);
    }
    return {
      ...base,
      departmentId: '',
      deadline: '',
      chipText: words.unassigned,
      chipColor: '',
      chipLabel: words.chipUnassignedLabel(formatDuration(waitedMs, words.units)),
      badgeText,
      badgeLabel: badgeText,
    };
  }

  // An item whose department was removed keeps its department id: show the id.
  const name = department?.name ?? assignment.departmentId;
  const chip = {
    departmentId: assignment.departmentId,
    deadline: assignment.deadline,
    chipText: department?.shortName ?? assignment.departmentId,
    chipColor: department?.color ?? '#536471',
    chipLabel: words.chipAssignedLabel(name),
  };
  if (status === 'responded' || status === 'resolved') {
    const text = status === 'responded' ? words.responded : words.resolved;
    return { ...base, ...chip, badgeText: text, badgeLabel: text };
  }
  const remaining = Date.parse(assignment.deadline) - nowMs;
  // The badge sits beside X's author line: the short form, unambiguous in both languages.
  const badgeText =
    urgency === 'overdue'
      ? words.overdue(formatDuration(-remaining, words.units, 'short'))
      : words.left(formatDuration(remaining, words.units, 'short'));
  const urgencyWords = urgency === 'none' ? '' : `${words.urgency[urgency]}: `;
  return { ...base, ...chip, badgeText, badgeLabel: urgencyWords + badgeText };
}

/**
 * The earliest time (ms) at which `annotationView`, given the same post, assignment and rules,
 * may read differently as the clock moves on: a duration it shows turns a minute (an hour past a
 * day), or an urgency or intake threshold passes. Infinity for a view that says nothing of time
 * (responded, resolved). The page's minute tick renders again only the posts whose time has come.
 */
export function annotationChangesAt(
  post: Pick<Post, 'createdAt'>,
  assignment: AssignmentOnPage | undefined,
  nowMs: number,
  dueSoonMs = DUE_SOON_WINDOW_MS,
  intake?: IntakeRule,
): number {
  if (!assignment || assignment.status === 'unassigned') {
    const created = Date.parse(post.createdAt);
    if (Number.isNaN(created)) return Infinity;
    // A post from the future (a clock behind X's) is "less than a minute" old until then.
    if (nowMs < created) return created;
    const waited = nowMs - created;
    let at = nowMs + durationWordsLast(waited, true);
    if (intake?.isIntake) {
      for (const threshold of [intake.urgentAfterMs * WAITING_SHOWN_FROM, intake.urgentAfterMs]) {
        if (waited < threshold) at = Math.min(at, created + threshold);
      }
    }
    return at;
  }
  if (assignment.status !== 'open') return Infinity;
  const deadline = Date.parse(assignment.deadline);
  if (Number.isNaN(deadline)) return Infinity;
  const remaining = deadline - nowMs;
  const words = nowMs + durationWordsLast(remaining, remaining <= 0);
  return Math.min(words, nextUrgencyChange(assignment, nowMs, dueSoonMs) ?? Infinity);
}

/** The page's copy of an assignment: only what it shows (a whole item is about 1 KB). */
export function assignmentOnPage(a: AssignmentOnPage): AssignmentOnPage {
  const { tweetId, departmentId, status, deadline, updatedAt } = a;
  return { tweetId, departmentId, status, deadline, updatedAt };
}
