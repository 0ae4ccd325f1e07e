/**
 * The `mentions` store, read: every citizen's mention of a watched account, and what of it still
 * waits for triage (not dismissed, its post not assigned). Its writes are shared changes
 * (`receiveMentions`, `dismissMention`, `restoreMention`), through `outbox.ts` and `pull.ts`.
 */
import type { Mention } from '../domain/mentions';
import { mentionOfStored } from './mention-waiting';
import type { TanggapDb } from './schema';

/** The mentions posted from `from` (inclusive) to `to` (exclusive), ISO 8601, by post time. */
export async function listMentions(
  db: TanggapDb,
  { from, to }: { from?: string; to?: string } = {},
): Promise<Mention[]> {
  const range =
    from && to
      ? IDBKeyRange.bound(from, to, false, true)
      : from
        ? IDBKeyRange.lowerBound(from)
        : to
          ? IDBKeyRange.upperBound(to, true)
          : undefined;
  return (await db.getAllFromIndex('mentions', 'by-createdAt', range)).map(mentionOfStored);
}

/**
 * The mentions waiting for triage (not dismissed, their posts not assigned), by their flag;
 * with `from`/`to`, only those posted from `from` (inclusive) to `to` (exclusive). The waiting
 * are few (triage keeps up with them), so a period's are these filtered, not the period's
 * mentions read whole.
 */
export async function listUntriagedMentions(
  db: TanggapDb,
  { from = '', to }: { from?: string; to?: string } = {},
): Promise<Mention[]> {
  const waiting = await db.getAllFromIndex('mentions', 'by-waiting', 1);
  return waiting
    .filter((m) => m.createdAt >= from && (to === undefined || m.createdAt < to))
    .map(mentionOfStored);
}

/** The ids of the mentions dismissed as not a complaint (theirs is the only non-empty time). */
export async function listDismissedMentionIds(db: TanggapDb): Promise<string[]> {
  return db.getAllKeysFromIndex('mentions', 'by-dismissedAt', IDBKeyRange.lowerBound('', true));
}
