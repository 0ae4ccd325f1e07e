/**
 * Intake requests: recording the citizens' mentions the pages saw, the triage list for the
 * popup, and dismissing a mention as not a complaint (or taking that back). Each write is
 * committed before it is answered, and told to the pages only then.
 */
import { mentionOf, summarizeIntake, type Mention } from '../../utils/domain/mentions';
import { TanggapError } from '../../utils/domain/errors';
import { type BackgroundProtocol, type Handlers } from '../../utils/messaging/protocol';
import {
  listDismissedMentionIds,
  listUntriagedMentions,
  recordMentions,
  setMentionDismissed,
} from '../../utils/storage/mentions';
import { loadSettings } from '../../utils/storage/settings';
import { notifyAfterCommit } from './after-commit';
import type { BackgroundDeps } from './deps';
import { noFields, parseRequest, requests } from './requests';

type IntakeHandlers = Pick<
  Handlers<BackgroundProtocol>,
  'recordMentions' | 'getIntake' | 'dismissMention' | 'restoreMention' | 'listDismissedMentions'
>;

export function createIntakeHandlers(
  deps: Pick<BackgroundDeps, 'db' | 'now' | 'officer' | 'onIntakeChanged'>,
): IntakeHandlers {
  const changed = () => notifyAfterCommit(deps.onIntakeChanged);

  async function dismissal(tweetId: string, dismissed: boolean): Promise<Mention> {
    const db = await deps.db();
    const officer = dismissed ? await deps.officer() : '';
    // A dismissal is signed like an item's change: by nobody, it is refused and the page asks.
    if (dismissed && officer.trim() === '') {
      throw new TanggapError(
        'officer-name-required',
        'Give your name first: a dismissed mention says who dismissed it',
      );
    }
    const by = dismissed ? { at: deps.now().toISOString(), by: officer } : null;
    const mention = await setMentionDismissed(db, tweetId, by);
    if (!mention) throw new TanggapError('not-found', `Post ${tweetId} is not a received mention`);
    await changed();
    return mention;
  }

  return {
    async recordMentions(req) {
      const { posts } = parseRequest(requests.recordMentions, req);
      const db = await deps.db();
      // The page's settings may lag a change: the stored ones decide what is intake.
      const { watchedHandles } = await loadSettings(db);
      const seenAt = deps.now().toISOString();
      const mentions = posts.flatMap((post) => mentionOf(post, watchedHandles, seenAt) ?? []);
      const written = mentions.length ? await recordMentions(db, mentions) : [];
      if (written.length) await changed();
      return { recorded: written.length };
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
