/**
 * Received mentions: each citizen's post addressed to a watched account (`intake.ts` decides
 * which), recorded once when first seen, whether or not anyone assigns it. A mention waits
 * for triage until its post is assigned to a department, or dismissed as not a complaint; it
 * turns urgent once it has waited longer than the team's threshold since it was posted.
 */
import { MINUTE_MS } from './sla';
import { watchedAddressees } from './intake';
import type { Assignment, Post } from './types';

export interface Mention {
  /** The post's status id (a decimal string). */
  tweetId: string;
  authorHandle: string;
  authorName: string;
  /** The post's whole text: assigning from the triage list records it as read on X. */
  text: string;
  /** The handles the post replies to, as read on X (routing and the item keep them). */
  replyTo: string[];
  /** The post's own time (ISO 8601): the citizen's clock starts here. */
  createdAt: string;
  /** When this browser (or, in a team, the team) first saw it; never moved later. */
  firstSeenAt: string;
  url: string;
  /** The watched accounts it is addressed to, as typed in the settings. */
  addressedTo: string[];
  /** Set when dismissed as not a complaint ("Bukan aduan"); '' while it is one. */
  dismissedAt: string;
  dismissedBy: string;
}

/**
 * The mention `post` is, first seen at `seenAt`, or null when it is not intake (not addressed
 * to a watched account, a promoted post, a watched account's own, or without a time).
 */
export function mentionOf(
  post: Post,
  watchedHandles: readonly string[],
  seenAt: string,
): Mention | null {
  const addressedTo = watchedAddressees(post, watchedHandles);
  if (addressedTo.length === 0 || Number.isNaN(Date.parse(post.createdAt))) return null;
  return {
    tweetId: post.id,
    authorHandle: post.authorHandle,
    authorName: post.authorName,
    text: post.text,
    replyTo: post.replyTo,
    createdAt: post.createdAt,
    firstSeenAt: seenAt,
    url: post.url,
    addressedTo,
    dismissedAt: '',
    dismissedBy: '',
  };
}

/** A mention as one browser read it on X: what the team is told it saw (`receiveMentions`). */
export type SeenMention = Omit<Mention, 'firstSeenAt' | 'dismissedAt' | 'dismissedBy'>;

export function seenMention(m: Mention): SeenMention {
  const { tweetId, authorHandle, authorName, text, replyTo, createdAt, url, addressedTo } = m;
  return { tweetId, authorHandle, authorName, text, replyTo, createdAt, url, addressedTo };
}

/**
 * `incoming` recorded over what is `known` of the same post: the first sighting's time stays,
 * and so does a dismissal; the rest (the text an edit changed, a wider addressee list) is the
 * newer reading. Null when nothing changes, so a post seen again writes nothing.
 */
export function mergeMention(known: Mention | undefined, incoming: Mention): Mention | null {
  if (!known) return incoming;
  const addressedTo = [...new Set([...known.addressedTo, ...incoming.addressedTo])];
  const firstSeenAt =
    incoming.firstSeenAt < known.firstSeenAt ? incoming.firstSeenAt : known.firstSeenAt;
  const next: Mention = {
    ...incoming,
    firstSeenAt,
    addressedTo,
    dismissedAt: known.dismissedAt,
    dismissedBy: known.dismissedBy,
  };
  return sameMention(next, known) ? null : next;
}

const MENTION_FIELDS = [
  'tweetId',
  'authorHandle',
  'authorName',
  'text',
  'replyTo',
  'createdAt',
  'firstSeenAt',
  'url',
  'addressedTo',
  'dismissedAt',
  'dismissedBy',
] as const satisfies readonly (keyof Mention)[];

/** Field by field: a mention the team's database stored keeps its fields in another order. */
function sameMention(a: Mention, b: Mention): boolean {
  return MENTION_FIELDS.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

/**
 * Whether the mention still waits for triage: not dismissed, and its post not assigned (an
 * item sent back to unassigned waits again).
 */
export function isUntriaged(
  mention: Pick<Mention, 'dismissedAt'>,
  assignment: Pick<Assignment, 'status'> | undefined,
): boolean {
  return mention.dismissedAt === '' && (!assignment || assignment.status === 'unassigned');
}

/** Whole minutes since the post was made (0 for a post time ahead of the clock). */
export function mentionAgeMinutes(mention: Pick<Mention, 'createdAt'>, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - Date.parse(mention.createdAt)) / MINUTE_MS));
}

/** An untriaged mention is urgent once it has waited `urgentAfterMinutes` or longer. */
export function isMentionUrgent(
  mention: Pick<Mention, 'createdAt'>,
  nowMs: number,
  urgentAfterMinutes: number,
): boolean {
  return mentionAgeMinutes(mention, nowMs) >= urgentAfterMinutes;
}

/** The triage list's order: urgent first, then newest first within each group. */
export function triageOrder<M extends Pick<Mention, 'createdAt' | 'tweetId'>>(
  mentions: readonly M[],
  nowMs: number,
  urgentAfterMinutes: number,
): M[] {
  const urgent = (m: M) => (isMentionUrgent(m, nowMs, urgentAfterMinutes) ? 0 : 1);
  return [...mentions].sort(
    (a, b) =>
      urgent(a) - urgent(b) ||
      Date.parse(b.createdAt) - Date.parse(a.createdAt) ||
      b.tweetId.localeCompare(a.tweetId),
  );
}

/** The popup's intake: how many wait, the oldest's age, and the ones shown. */
export interface IntakeSummary {
  untriaged: number;
  urgent: number;
  /** Age of the oldest untriaged mention in minutes; 0 when none waits. */
  oldestMinutes: number;
  /** The first `limit` untriaged mentions in triage order. */
  mentions: Mention[];
}

export function summarizeIntake(
  untriaged: readonly Mention[],
  nowMs: number,
  urgentAfterMinutes: number,
  limit: number,
): IntakeSummary {
  const ordered = triageOrder(untriaged, nowMs, urgentAfterMinutes);
  return {
    untriaged: ordered.length,
    urgent: ordered.filter((m) => isMentionUrgent(m, nowMs, urgentAfterMinutes)).length,
    oldestMinutes: Math.max(0, ...ordered.map((m) => mentionAgeMinutes(m, nowMs))),
    mentions: ordered.slice(0, limit),
  };
}

/** The post a mention was read from: what assigning it from the triage list takes. */
export function postOfMention(m: Mention): Post {
  return {
    id: m.tweetId,
    authorHandle: m.authorHandle,
    authorName: m.authorName,
    text: m.text,
    createdAt: m.createdAt,
    url: m.url,
    repostedBy: null,
    focused: false,
    replyTo: m.replyTo,
    promoted: false,
  };
}

/** The instant an untriaged mention turns urgent (`isMentionUrgent` from then on), in ms. */
export function mentionUrgentAt(
  mention: Pick<Mention, 'createdAt'>,
  urgentAfterMinutes: number,
): number {
  return Date.parse(mention.createdAt) + urgentAfterMinutes * MINUTE_MS;
}

/**
 * Of the untriaged mentions, how many are urgent at `nowMs`, and the next instant one more
 * turns urgent (null when none is left to turn): the toolbar's count and its alarm.
 */
export function intakeUrgency(
  untriaged: readonly Pick<Mention, 'createdAt'>[],
  nowMs: number,
  urgentAfterMinutes: number,
): { urgent: number; nextUrgentAt: number | null } {
  let urgent = 0;
  let nextUrgentAt: number | null = null;
  for (const m of untriaged) {
    const at = mentionUrgentAt(m, urgentAfterMinutes);
    if (at <= nowMs) urgent++;
    else if (nextUrgentAt === null || at < nextUrgentAt) nextUrgentAt = at;
  }
  return { urgent, nextUrgentAt };
}
