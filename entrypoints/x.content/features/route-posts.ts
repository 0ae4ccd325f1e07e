/**
 * Feature `route-posts`: the routing suggestion on an unassigned post's chip, programme
 * labels on every post, and the count of posts per programme.
 *
 * The directory and the programmes are compiled once per change (utils/domain/routing.ts,
 * utils/domain/programmes.ts), then each post is matched once and remembered by its id and text.
 * Programme mentions go to the background in one message a second at most (report-soon.ts),
 * only when new ones were read; the background counts each post once per programme anyway.
 *
 * Seen working on: x.com/notifications/mentions and search (tests/e2e/suggest.test.ts runs
 * it on the replica of the mentions page).
 */
import {
  withRouting,
  type AnnotationView,
  type RoutingWords,
} from '../../../utils/domain/annotation-view';
import { t } from '../../../utils/i18n/i18n';
import { type ProgrammeMentionReport } from '../../../utils/messaging/protocol';
import { sendToBackground } from '../../../utils/messaging/transport';
import {
  compileProgrammes,
  MAX_MENTION_REPORTS,
  type ProgrammeMatcher,
} from '../../../utils/domain/programmes';
import { chunks } from '../../../utils/domain/chunks';
import { wordsOf } from '../../../utils/domain/keyword-match';
import { compileRouter, type Router, type Suggestion } from '../../../utils/domain/routing';
import type { Department, Post, Programme } from '../../../utils/domain/types';
import type { ReportSoon } from '../report-soon';
import type { ContentFeature } from './feature';

const CACHE_LIMIT = 2000;
const REPORTED_LIMIT = 20_000;

interface Matched {
  text: string;
  /** Undefined until the post is shown unassigned: an assigned post's chip shows none. */
  suggestion?: Suggestion | null;
  programmeIds: string[];
}

/** What routing reads of the page's data (page-data.ts). */
export interface RoutingData {
  departments(): readonly Department[];
  programmes(): readonly Programme[];
  programmesReady: Promise<unknown>;
}

export interface RoutePosts extends ContentFeature {
  /** The view with the post's suggestion (when unassigned) and programme labels. */
  decorate(view: AnnotationView, post: Post): AnnotationView;
}

function routingWords(): RoutingWords {
  return {
    suggested: (name) => t('chipSuggested', name),
    suggestedLabel: (name, matched) => t('chipSuggestedLabel', name, matched),
    matched: (matched) => t('chipSuggestedMatched', matched),
    programme: (name) => t('programmeLabel', name),
    pickOther: t('chipPickOther'),
  };
}

export function createRoutePosts(
  data: RoutingData,
  { reports, onError }: { reports: ReportSoon; onError: (error: unknown) => void },
): RoutePosts {
  /** The lists compiled below; another list (a change) is compiled anew. */
  let departmentList: readonly Department[] | undefined;
  let programmeList: readonly Programme[] | undefined;
  let departments = new Map<string, Department>();
  let programmes = new Map<string, Programme>();
  let route: Router = () => null;
  let matchProgrammes: ProgrammeMatcher = () => [];
  const matched = new Map<string, Matched>();
  /** `programmeId tweetId` pairs already sent: a post seen again is not sent again. */
  const reported = new Set<string>();
  /** Read, not sent yet. */
  let waiting: ProgrammeMentionReport[] = [];

  function compile() {
    if (data.departments() !== departmentList) {
      departmentList = data.departments();
      departments = new Map(departmentList.map((d) => [d.id, d]));
      route = compileRouter(departmentList);
      matched.clear();
    }
    if (data.programmes() !== programmeList) {
      programmeList = data.programmes();
      programmes = new Map(programmeList.map((p) => [p.id, p]));
      matchProgrammes = compileProgrammes(programmeList);
      matched.clear();
    }
  }

  /** The post's programmes, and its suggestion when `routed` (the directory's matching). */
  function match(post: Post, routed: boolean): Matched {
    compile();
    const known = matched.get(post.id);
    if (known?.text === post.text) {
      if (routed && known.suggestion === undefined) {
        known.suggestion = route(post, wordsOf(post.text));
      }
      return known;
    }
    if (matched.size >= CACHE_LIMIT) matched.clear();
    // One split of the text into words for both matchers.
    const words = wordsOf(post.text);
    const result: Matched = {
      text: post.text,
      programmeIds: matchProgrammes(post.text, words),
    };
    if (routed) result.suggestion = route(post, words);
    matched.set(post.id, result);
    return result;
  }

  function decorate(view: AnnotationView, post: Post): AnnotationView {
    const { suggestion, programmeIds } = match(post, view.status === 'unassigned');
    const department = suggestion && departments.get(suggestion.departmentId);
    const labels = programmeIds.flatMap((id) => programmes.get(id) ?? []);
    const words = department || labels.length ? routingWords() : EMPTY_WORDS;
    return withRouting(
      view,
      department && suggestion ? { department, matched: suggestion.matched } : null,
      labels,
      words,
    );
  }

  /** Keeps the batch's new programme mentions for the next report (none when there are none). */
  async function report(posts: readonly Post[]) {
    await data.programmesReady;
    const mentions: ProgrammeMentionReport[] = [];
    for (const post of posts) {
      if (Number.isNaN(Date.parse(post.createdAt))) continue;
      const ids = match(post, false).programmeIds.filter((id) => !reported.has(`${id} ${post.id}`));
      if (ids.length)
        mentions.push({ tweetId: post.id, createdAt: post.createdAt, programmeIds: ids });
    }
    if (mentions.length === 0) return;
    if (reported.size > REPORTED_LIMIT) reported.clear();
    for (const key of keysOf(mentions)) reported.add(key);
    waiting.push(...mentions);
    reports.soon(sendWaiting);
  }

  /** One function, so that the report time sends once however many batches asked. */
  function sendWaiting() {
    void sendChunks();
  }

  async function sendChunks() {
    const mentions = waiting;
    waiting = [];
    for (const chunk of chunks(mentions, MAX_MENTION_REPORTS)) {
      try {
        await sendToBackground('recordProgrammeMentions', { mentions: chunk });
      } catch (error) {
        // Sent again when the post is seen again.
        for (const key of keysOf(chunk)) reported.delete(key);
        onError(error);
      }
    }
  }

  return {
    name: 'route-posts',
    decorate,
    onPosts: (batch) => {
      if (batch.read.length) void report(batch.read);
    },
    stop: () => {},
  };
}

function keysOf(mentions: readonly ProgrammeMentionReport[]): string[] {
  return mentions.flatMap((m) => m.programmeIds.map((id) => `${id} ${m.tweetId}`));
}

const EMPTY_WORDS: RoutingWords = {
  suggested: () => '',
  suggestedLabel: () => '',
  matched: () => '',
  programme: () => '',
  pickOther: '',
};
