/**
 * A received mention (`domain/mentions.ts`) as the team's wire carries it: as one browser saw
 * it (`receiveMentions`), and as the team holds it (a pull).
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
import { fields } from './parse';
import { MAX_WATCHED_HANDLES } from './settings';

/**
 * Mentions in one `receiveMentions`: a page's batch goes in several, so that a push of a full
 * outbox stays well within the server's request size.
 */
export const MAX_RECEIVED_MENTIONS = 50;

const seenFields = {
  tweetId,
  authorHandle: handle,
  authorName: text(MAX_NAME_LENGTH),
  text: text(MAX_TEXT_LENGTH),
  replyTo: list(handle, MAX_REPLY_TO, `must be a list of at most ${MAX_REPLY_TO} handles`),
  createdAt: isoTime,
  url: postUrl(MAX_URL_LENGTH),
  addressedTo: v.pipe(
    list(handle, MAX_WATCHED_HANDLES, `must list 1 to ${MAX_WATCHED_HANDLES} watched accounts`),
    v.nonEmpty(`must list 1 to ${MAX_WATCHED_HANDLES} watched accounts`),
  ),
};

/** A mention as a browser read it on X; when it was first seen is the change's own time. */
export const seenMentionSchema = fields(seenFields);

/** A mention as the team holds it. */
export const mentionSchema: v.GenericSchema<unknown, Mention> = v.pipe(
  fields({
    ...seenFields,
    firstSeenAt: isoTime,
    dismissedAt: isoTimeOrEmpty,
    dismissedBy: text(MAX_OFFICER_LENGTH),
  }),
  v.check(
    (m) => (m.dismissedAt === '') === (m.dismissedBy === ''),
    '{path}.dismissedBy must name who dismissed it, and only when it was dismissed',
  ),
);
