/**
 * A received mention (`domain/mentions.ts`) as the team's wire and a backup file carry it: as
 * one browser saw it (`receiveMentions`), and as the team holds it (a pull, a backup) — every
 * field checked, times in stored form, unknown fields refused, and a dismissal always signed.
 */
import * as v from 'valibot';
import type { Mention } from '../mentions';
import {
  MAX_NAME_LENGTH,
  MAX_OFFICER_LENGTH,
  MAX_REPLY_TO,
  MAX_TEXT_LENGTH,
  MAX_URL_LENGTH,
} from './assignment';
import { handle, isoTime, isoTimeOrEmpty, list, postUrl, text, tweetId } from './blocks';
import { fields, parse } from './parse';
import { MAX_WATCHED_HANDLES } from './settings';

/**
 * Mentions in one `receiveMentions`: a page's batch goes in several, so that a push of a full
 * outbox stays well within the server's request size.
 */
export const MAX_RECEIVED_MENTIONS = 50;

/**
 * The watched accounts a held mention was seen addressed to, gathered over sightings as the
 * settings changed: far more than the settings ever allow at once is a forged record.
 */
const MAX_ADDRESSEES = 100;

const postFields = {
  tweetId,
  authorHandle: handle,
  authorName: text(MAX_NAME_LENGTH),
  text: text(MAX_TEXT_LENGTH),
  replyTo: list(handle, MAX_REPLY_TO, `must be a list of at most ${MAX_REPLY_TO} handles`),
  createdAt: isoTime,
  url: postUrl(MAX_URL_LENGTH),
};

/** A mention as a browser read it on X; when it was first seen is the change's own time. */
export const seenMentionSchema = fields({
  ...postFields,
  addressedTo: v.pipe(
    list(handle, MAX_WATCHED_HANDLES, `must list 1 to ${MAX_WATCHED_HANDLES} watched accounts`),
    v.nonEmpty(`must list 1 to ${MAX_WATCHED_HANDLES} watched accounts`),
  ),
});

/** A mention as the team holds it. */
export const mentionSchema: v.GenericSchema<unknown, Mention> = v.pipe(
  fields({
    ...postFields,
    addressedTo: v.pipe(
      list(handle, MAX_ADDRESSEES, `must be a list of at most ${MAX_ADDRESSEES} handles`),
      v.nonEmpty('must name at least one watched account'),
    ),
    firstSeenAt: isoTime,
    dismissedAt: isoTimeOrEmpty,
    dismissedBy: text(MAX_OFFICER_LENGTH),
  }),
  v.rawCheck<Mention>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { dismissedAt, dismissedBy } = dataset.value;
    // Dismissing is signed like an item's change: a dismissal by nobody is no record of ours.
    if (dismissedAt !== '' && dismissedBy.trim() === '') {
      addIssue({ message: '{path}.dismissedBy must name who dismissed the mention' });
    } else if (dismissedAt === '' && dismissedBy !== '') {
      addIssue({ message: '{path}.dismissedBy must be empty while the mention is not dismissed' });
    }
  }),
);

/** A mention from a file; the error names the field, e.g. `mentions[3].createdAt`. */
export function validateMention(x: unknown, path = 'mention'): Mention {
  return parse(mentionSchema, x, path);
}
