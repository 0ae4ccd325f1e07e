/**
 * Intake requests: recording the citizens' mentions the pages saw, the triage list for the
 * popup, and dismissing a mention as not a complaint (or taking that back). Each write is a
 * shared change (`receiveMentions`, `dismissMention`, `restoreMention`): committed, and queued
 * for the team when logged in, before it is answered, and told to the pages only then.
 */
import { mentionOf, seenMention, summarizeIntake, type Mention } from '../../utils/domain/mentions';
import { TanggapError } from '../../utils/domain/errors';
import { MAX_RECEIVED_MENTIONS } from '../../utils/domain/schemas/mention';
import { parseMutation } from '../../utils/domain/sync-mutations';
import { type BackgroundProtocol, type Handlers } from '../../utils/messaging/protocol';
import { listDismissedMentionIds, listUntriagedMentions } from '../../utils/storage/mentions';
import { commitMutation, commitMutations } from '../../utils/storage/outbox';
import { loadSettings } from '../../utils/storage/settings';
import { notifyAfterCommit } from './after-commit';
import type { BackgroundDeps } from './deps';
import { noFields, parseRequest, requests } from './requests';

type IntakeHandlers = Pick<
  Handlers<BackgroundProtocol>,
  'recordMentions' | 'getIntake' | 'dismissMention' | 'restoreMention' | 'listDismissedMentions'
>;

export function createIntakeHandlers(
  deps: Pick<BackgroundDeps, 'db' | 'now' | 'officer' | 'onIntakeChanged' | 'onQueued'>,
): IntakeHandlers {
  const changed = () => notifyAfterCommit(deps.onIntakeChanged);

  /** A dismissal is signed like an item's change: by nobody, it is refused and the page asks. */
  async function dismissal(tweetId: string, dismissed: boolean): Promise<Mention> {
    const m = parseMutation(dismissed ? 'dismissMention' : 'restoreMention', { tweetId });
    const [db, by] = await Promise.all([deps.db(), deps.officer()]);
    const { effect, before, queued } = await commitMutation(db, m, {
      by,
      at: deps.now().toISOString(),
    });
    const mention = effect.mentions?.[0] ?? before.mentions.get(tweetId);
    if (!mention) throw new TanggapError('not-found', `Post ${tweetId} is not a received mention`);
    if (effect.mentions) await changed();
    if (queued) deps.onQueued?.();
    return mention;
  }

  return {
    async recordMentions(req) {
      const { posts } = parseRequest(requests.recordMentions, req);
      const db = await deps.db();
      // The page's settings may lag a change: the stored ones decide what is intake.
      const { watchedHandles } = await loadSettings(db);
      const at = deps.now().toISOString();
      const seen = posts.flatMap((post) => {
        const m = mentionOf(post, watchedHandles, at);
        return m ? [seenMention(m)] : [];
      });
      if (seen.length === 0) return { recorded: 0 };
      const batches = [];
      for (let i = 0; i < seen.length; i += MAX_RECEIVED_MENTIONS) {
        const mentions = seen.slice(i, i + MAX_RECEIVED_MENTIONS);
        batches.push(parseMutation('receiveMentions', { mentions }));
      }
      const outcomes = await commitMutations(db, batches, { by: await deps.officer(), at });
      let recorded = 0;
      let queued = false;
      for (const outcome of outcomes) {
        // Nothing refuses a mention seen but a fault of the page's data: told like one.
        if (!outcome.ok) throw outcome.error;
        recorded += outcome.result.effect.mentions?.length ?? 0;
        queued ||= outcome.result.queued !== null;
      }
      if (recorded > 0) await changed();
      if (queued) deps.onQueued?.();
      return { recorded };
    },

    async getIntake(req) {
      const { limit } = parseRequest(requests.getIntake, req);
      const db = await deps.db();
      const [{ intakeUrgentAfterMinutes }, untriaged] = await Promise.all([
        loadSettings(db),
        listUntriagedMentions(db),
      ]);
      return summarizeIntake(untriaged, deps.now().getTime(), intakeUrgentAfterMinutes, limit);
    },

    async dismissMention(req) {
      const { tweetId } = parseRequest(requests.dismissMention, req);
      return dismissal(tweetId, true);
    },

    async restoreMention(req) {
      const { tweetId } = parseRequest(requests.dismissMention, req);
      return dismissal(tweetId, false);
    },

    async listDismissedMentions(req) {
      parseRequest(noFields, req);
      return listDismissedMentionIds(await deps.db());
    },
  };
}
