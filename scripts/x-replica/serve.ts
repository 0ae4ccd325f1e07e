/**
 * Serves the X replica to a playwright-core browser context, and keeps everything else off the
 * network: the demo, the end-to-end tests and the benchmark must run offline and see only X.
 */
import type { BrowserContext } from 'playwright-core';
import { complaints } from './complaints';
import type { PostSpec } from './post-template';
import { renderTimelinePage } from './timeline-page';

export interface ReplicaOptions {
  theme?: 'dark' | 'light';
  nowMs?: number;
  posts?: PostSpec[];
  replies?: Record<string, PostSpec[]>;
  lang?: 'en' | 'id';
  allow?: (url: URL) => boolean;
}

/** The live options: change `theme` or `posts`, then reload the page. */
export interface ReplicaState {
  theme: 'dark' | 'light';
  nowMs: number;
  posts: PostSpec[] | undefined;
  replies: Record<string, PostSpec[]>;
  lang: 'en' | 'id';
}

/** The hosts the replica answers for; every other request is kept off the network. */
export const X_HOSTS: ReadonlySet<string> = new Set([
  'x.com',
  'twitter.com',
  'mobile.x.com',
  'mobile.twitter.com',
  'www.x.com',
]);

/**
 * The replica's live state and its page, rendered again only when the state changed: change
 * `theme` or `posts`, then reload the page to see them. Any browser can serve `html()`.
 */
export function createReplica(options: ReplicaOptions = {}): {
  state: ReplicaState;
  html(): string;
} {
  const state: ReplicaState = {
    theme: options.theme ?? 'dark',
    nowMs: options.nowMs ?? Date.now(),
    posts: options.posts,
    replies: options.replies ?? {},
    lang: options.lang ?? 'en',
  };
  let cache: { key: string; html: string } | null = null;
  const html = () => {
    const posts = state.posts ?? complaints(state.nowMs);
    const key = JSON.stringify([state.theme, state.lang, posts, state.replies]);
    if (cache?.key !== key) {
      cache = {
        key,
        html: renderTimelinePage({
          theme: state.theme,
          posts,
          replies: state.replies,
          lang: state.lang,
        }),
      };
    }
    return cache.html;
  };
  return { state, html };
}

/**
 * Routes every request of `context`. Pages on x.com get the replica (any path: the page
 * renders by its location); other x.com requests get an empty 204; anything else is aborted
 * unless `allow` accepts it (e.g. a local team-sync server in a test).
 * Returns the live options: change `theme` or `posts` and reload the page to see them.
 */
export async function routeXReplica(
  context: BrowserContext,
  options: ReplicaOptions = {},
): Promise<ReplicaState> {
  const { state, html: page } = createReplica(options);
  await context.route('**/*', async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (
      url.protocol === 'chrome-extension:' ||
      url.protocol === 'moz-extension:' ||
      url.protocol === 'data:'
    ) {
      return route.continue();
    }
    if (X_HOSTS.has(url.hostname)) {
      if (request.resourceType() === 'document' && request.method() === 'GET') {
        return route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: page(),
        });
      }
      return route.fulfill({ status: 204, body: '' });
    }
    if (options.allow?.(url)) return route.continue();
    return route.abort('blockedbyclient');
  });
  return state;
}
