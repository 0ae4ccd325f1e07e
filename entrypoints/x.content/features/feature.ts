/**
 * The content script is a list of peer features (index.ts) fed by one observer of X's page:
 * each batch of posts that appeared or changed is read once and handed to every feature, and
 * every change of what the page knows (page-data.ts) too. A feature's error is counted and
 * does not stop the others.
 */
import type { Assignment, AssignmentOnPage, Post } from '../../../utils/domain/types';

/** One post element of a batch, read once for all the features. */
export type PostOnPage =
  | { el: Element; kind: 'promoted' }
  /** Not a post the reader understands, or one without X's author line. */
  | { el: Element; kind: 'unreadable' }
  | { el: Element; kind: 'read'; post: Post; authorLine: Element };

export interface PostBatch {
  /** The page's address when the batch was read. */
  href: string;
  /** X went to another page since the last batch (it changes pages without reloading). */
  newPage: boolean;
  /** The post elements on the page that appeared or changed, each read once. */
  posts: readonly PostOnPage[];
  /** The posts read, in the order of `posts`. */
  read: readonly Post[];
  /** The element changed again since: the next batch reads it anew. */
  changedSince(el: Element): boolean;
}

export interface AssignmentChange {
  /** What the page knew before: `null` unassigned, `undefined` not known. */
  before: AssignmentOnPage | null | undefined;
  after: Assignment;
}

export type PageChange =
  | { kind: 'assignments'; changes: readonly AssignmentChange[] }
  /** A restore replaced every assignment; the recent ones are known again. */
  | { kind: 'replaced' }
  | { kind: 'departments' }
  | { kind: 'programmes' }
  | { kind: 'settings' }
  /** Mentions were dismissed as not a complaint, or taken back. */
  | { kind: 'dismissals' }
  /** Another officer signed in or out, or the same one with other rights. */
  | { kind: 'actor' }
  /** The countdown clock's minute: deadlines read differently. */
  | { kind: 'minute' };

export interface ContentFeature {
  readonly name: string;
  onPosts?(batch: PostBatch): void;
  onChange?(change: PageChange): void;
  /** The extension went (updated, reloaded): leave nothing behind on X's page. */
  stop(): void;
}
