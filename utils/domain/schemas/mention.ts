/**
 * A received mention as a backup file holds it: every field checked, times in stored form,
 * unknown fields refused, and a dismissal always signed.
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

/**
 * The watched accounts a post was seen addressed to, gathered as the settings changed over time:
 * far more than the settings ever allow at once is a forged record, not a mention.
 */
const MAX_ADDRESSEES = 100;

export const mentionSchema: v.GenericSchema<unknown, Mention> = v.pipe(
  fields({
    tweetId,
    authorHandle: handle,
    authorName: text(MAX_NAME_LENGTH),
    text: text(MAX_TEXT_LENGTH),
    replyTo: list(handle, MAX_REPLY_TO, `must be a list of at most ${MAX_REPLY_TO} handles`),
    createdAt: isoTime,
    firstSeenAt: isoTime,
    url: postUrl(MAX_URL_LENGTH),
    addressedTo: v.pipe(
      list(handle, MAX_ADDRESSEES, `must be a list of at most ${MAX_ADDRESSEES} handles`),
      v.nonEmpty('must name at least one watched account'),
    ),
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
