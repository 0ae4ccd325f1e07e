/** For the team-sync stores' tests: a browser logged in to a team, and a change it makes. */
import type { Actor } from '../domain/actor';
import { seenMention, type Mention } from '../domain/mentions';
import { parseMutation } from '../domain/sync-mutations';
import { commitMutation } from './outbox';
import type { TanggapDb } from './schema';
import { updateSyncState } from './sync-state';

export const CHANGE_AT = '2025-03-10T04:00:00.000Z';

export async function logIn(db: TanggapDb, actor: Actor) {
  await updateSyncState(db, (s) => ({
    ...s,
    clientId: 'client-0001',
    actor,
    username: actor.username,
    serverUrl: 'https://tanggap.example.go.id',
  }));
}

export const commitAs = (db: TanggapDb, name: string, args: unknown, by = 'Rina') =>
  commitMutation(db, parseMutation(name, args), { by, at: CHANGE_AT });

/** Records mentions as the background does, each seen at its own `firstSeenAt`. */
export async function recordMentions(db: TanggapDb, mentions: readonly Mention[]) {
  for (const at of new Set(mentions.map((m) => m.firstSeenAt))) {
    const seen = mentions.filter((m) => m.firstSeenAt === at).map(seenMention);
    await commitMutation(db, parseMutation('receiveMentions', { mentions: seen }), { by: '', at });
  }
}

/** Dismisses a mention as not a complaint, as the background does. */
export async function setMentionDismissed(
  db: TanggapDb,
  tweetId: string,
  { at, by }: { at: string; by: string },
) {
  await commitMutation(db, parseMutation('dismissMention', { tweetId }), { by, at });
}
