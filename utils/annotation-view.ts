/**
 * What one post's annotation says, computed from the post, its assignment and the clock.
 * Pure: the content script renders it, tests check it.
 */
import { formatDuration, urgencyOf } from './sla';
import type { Assignment, AssignmentStatus, Department, Post, Urgency } from './types';

export interface DurationWords {
  units: Parameters<typeof formatDuration>[1];
  left: (duration: string) => string;
  overdue: (duration: string) => string;
  ago: (duration: string) => string;
  responded: string;
  resolved: string;
  unassigned: string;
  urgency: Record<Exclude<Urgency, 'none'>, string>;
  chipAssignedLabel: (departmentName: string) => string;
  chipUnassignedLabel: (age: string) => string;
}

export interface AnnotationView {
  tweetId: string;
  status: AssignmentStatus;
  urgency: Urgency;
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
}

export function annotationView(
  post: Pick<Post, 'id' | 'createdAt'>,
  assignment: Assignment | undefined,
  department: Department | undefined,
  nowMs: number,
  words: DurationWords,
): AnnotationView {
  const status: AssignmentStatus = assignment?.status ?? 'unassigned';
  const urgency = urgencyOf(assignment, nowMs);
  const base = { tweetId: post.id, status, urgency };

  if (!assignment || status === 'unassigned') {
    const age = formatDuration(Math.max(0, nowMs - Date.parse(post.createdAt)), words.units);
    const badgeText = Number.isNaN(Date.parse(post.createdAt)) ? '' : words.ago(age);
    return {
      ...base,
      departmentId: '',
      deadline: '',
      chipText: words.unassigned,
      chipColor: '',
      chipLabel: words.chipUnassignedLabel(age),
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
  const badgeText =
    urgency === 'overdue'
      ? words.overdue(formatDuration(-remaining, words.units))
      : words.left(formatDuration(remaining, words.units));
  const urgencyWords = urgency === 'none' ? '' : `${words.urgency[urgency]}: `;
  return { ...base, ...chip, badgeText, badgeLabel: urgencyWords + badgeText };
}
