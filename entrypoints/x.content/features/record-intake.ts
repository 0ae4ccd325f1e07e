/**
 * Feature `record-intake`: every post read on X that is addressed to one of the team's watched
 * accounts (`isIntakePost`) goes to the background, which records it as received. One message
 * a second at most (report-soon.ts), only when new ones were read; a post is sent once per
 * page, and again only if sending failed. The background checks each post against its own
 * settings. When the watched accounts change, the posts read lately are looked at again, so a
 * page open while an admin adds an account records its mentions without a reload.
 */
import { chunks } from '../../../utils/domain/chunks';
import type { Settings } from '../../../utils/domain/settings';
import type { Post } from '../../../utils/domain/types';
import { MAX_MENTION_POSTS } from '../../../utils/messaging/protocol';
import { sendToBackground } from '../../../utils/messaging/transport';
import type { ReportSoon } from '../report-soon';
import type { ContentFeature } from './feature';

const SENT_LIMIT = 20_000;
/** The posts read lately, looked at again when the watched accounts change. */
const RECENT_LIMIT = 500;

/** What intake reads of the page's data (page-data.ts). */
export interface IntakeData {
  settings(): Settings | undefined;
  settingsReady: Promise<unknown>;
  /** `isIntakePost` under the watched accounts of `settings()`, decided once per post read. */
  isIntake(post: Post): boolean;
}

export function createRecordIntake(
  data: IntakeData,
  { reports, onError }: { reports: ReportSoon; onError: (error: unknown) => void },
): ContentFeature {
  const sent = new Set<string>();
  /** Read, not sent yet. */
  let waiting: Post[] = [];
  const recent = new Map<string, Post>();
  let watchedKey = '';

  function remember(read: readonly Post[]) {
    for (const post of read) {
      recent.delete(post.id);
      recent.set(post.id, post);
    }
    for (const id of recent.keys()) {
      if (recent.size <= RECENT_LIMIT) break;
      recent.delete(id);
    }
  }

  async function record(read: readonly Post[]) {
    await data.settingsReady;
    const watched = data.settings()?.watchedHandles ?? [];
    watchedKey = watched.join(' ');
    if (watched.length === 0) return;
    const posts = read.filter((p) => !sent.has(p.id) && data.isIntake(p));
    if (posts.length === 0) return;
    if (sent.size > SENT_LIMIT) sent.clear();
    for (const p of posts) sent.add(p.id);
    waiting.push(...posts);
    reports.soon(sendWaiting);
  }

  function sendWaiting() {
    const posts = waiting;
    waiting = [];
    void Promise.all(
      chunks(posts, MAX_MENTION_POSTS).map(async (part) => {
        try {
          await sendToBackground('recordMentions', { posts: part });
        } catch (error) {
          // Sent again when the post is seen again.
          for (const p of part) sent.delete(p.id);
          onError(error);
        }
      }),
    );
  }

  return {
    name: 'record-intake',
    onPosts: (batch) => {
      if (batch.read.length === 0) return;
      remember(batch.read);
      void record(batch.read);
    },
    onChange: (change) => {
      if (change.kind !== 'settings') return;
      const watched = data.settings()?.watchedHandles ?? [];
      if (watched.join(' ') !== watchedKey) void record([...recent.values()]);
    },
    stop: () => {},
  };
}
