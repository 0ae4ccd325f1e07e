/**
 * The received mentions of the report part's desk. A desk with intake records every citizen's
 * mention of a watched account, whether or not anyone assigns it: each of the desk's items came
 * from one, and about one mention in five is no complaint at all (a greeting, a question
 * answered on X, spam), so 25,000 more for 100,000 items. Those are triaged within hours: the
 * ones posted in the last 48 hours still wait, the older ones were dismissed. Written straight
 * into the extension's IndexedDB from its popup page, their waiting flag set as the extension
 * sets it (`mention-waiting.ts`): through `recordMentions` they would take longer than the
 * report they are there for. Removed again after the report, so the later parts' desk is the
 * one they always had.
 */
import type { Assignment } from '../../utils/domain/types';
import type { StoredMention } from '../../utils/storage/schema';
import type { Desk } from './desk';
import { HOUR, random } from './data';
import { ask } from './extension';
import { fmt } from './figures';
import { fail, log } from './settings';

const NOT_COMPLAINTS_PER_ITEM = 0.25;
const CHUNK = 5_000;

export interface DeskMentions {
  received: number;
  waiting: number;
  /** The waiting ones' post times. */
  waitingAt: string[];
}

function mentionOfItem(item: Assignment): StoredMention {
  const { post } = item;
  return {
    tweetId: item.tweetId,
    authorHandle: post.authorHandle,
    authorName: post.authorName,
    text: post.text,
    replyTo: [],
    createdAt: post.createdAt,
    firstSeenAt: new Date(Date.parse(post.createdAt) + 60_000).toISOString(),
    url: post.url,
    addressedTo: ['pemkot'],
    dismissedAt: '',
    dismissedBy: '',
  };
}

/** The desk's mentions: one per item (assigned, so not waiting) and the ones no complaint. */
export function deskMentions(items: readonly Assignment[], nowMs: number): StoredMention[] {
  const rnd = random(1707);
  const others = Math.round(items.length * NOT_COMPLAINTS_PER_ITEM);
  const out = items.map(mentionOfItem);
  for (let i = 0; i < others; i++) {
    const item = items[i % items.length] as Assignment;
    const createdMs = nowMs - 60_000 - rnd() * 365 * 24 * HOUR;
    const mention = mentionOfItem(item);
    // Ids past every item's (theirs are snowflakes of the past year, 18-19 digits).
    mention.tweetId = `9${String(i).padStart(19, '0')}`;
    mention.url = `https://x.com/${mention.authorHandle}/status/${mention.tweetId}`;
    mention.createdAt = new Date(createdMs).toISOString();
    mention.firstSeenAt = new Date(createdMs + 60_000).toISOString();
    if (nowMs - createdMs < 48 * HOUR) {
      mention.waiting = 1;
    } else {
      mention.dismissedAt = new Date(createdMs + 2 * HOUR).toISOString();
      mention.dismissedBy = 'bench';
    }
    out.push(mention);
  }
  return out;
}

async function putAll(desk: Desk, mentions: readonly StoredMention[] | null) {
  await desk.popup.evaluate(
    (chunk) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('tanggap');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('mentions', 'readwrite');
          const store = tx.objectStore('mentions');
          if (chunk) for (const m of chunk) store.put(m);
          else store.clear();
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    mentions,
  );
}

/** Stores the desk's mentions; checks the extension's own triage list sees the waiting ones. */
export async function receiveDeskMentions(desk: Desk, nowMs: number): Promise<DeskMentions> {
  const mentions = deskMentions(desk.all, nowMs);
  const t = performance.now();
  for (let i = 0; i < mentions.length; i += CHUNK) {
    await putAll(desk, mentions.slice(i, i + CHUNK));
  }
  const waiting = mentions.filter((m) => m.waiting === 1).length;
  const intake = await ask<{ untriaged: number }>(desk.popup, 'getIntake', { limit: 1 });
  if (intake.untriaged !== waiting) {
    fail(`the extension counts ${intake.untriaged} untriaged mentions, not ${waiting}`);
  }
  log(
    `received ${mentions.length} mentions (${waiting} waiting) in ${fmt((performance.now() - t) / 1000, 1)} s`,
  );
  const waitingAt = mentions.filter((m) => m.waiting === 1).map((m) => m.createdAt);
  return { received: mentions.length, waiting, waitingAt };
}

/** Removes every mention again. */
export async function clearDeskMentions(desk: Desk): Promise<void> {
  await putAll(desk, null);
}
