// Types for serve.mjs, for TypeScript tests (the project does not check .mjs).
import type { BrowserContext } from 'playwright-core';
import type { PostSpec } from './post-template.mjs';
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
export const X_HOSTS: ReadonlySet<string>;
/** The replica's live state and its page, rendered again only when the state changed. */
export function createReplica(options?: ReplicaOptions): { state: ReplicaState; html(): string };
export function routeXReplica(
  context: BrowserContext,
  options?: ReplicaOptions,
): Promise<ReplicaState>;
