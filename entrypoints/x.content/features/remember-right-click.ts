/**
 * Feature `remember-right-click`: the post under the pointer when the context menu opened, so
 * that the menu's actions (handled by the background) apply to that post, even if X re-uses
 * its element before the officer picks an item. It reads the post at the right-click, not from
 * a batch: the element may have changed since it was last read.
 */
import { POST_SELECTOR } from '../../../utils/x-page/selectors';
import { isPromoted, readPost } from '../../../utils/x-page/post';
import type { AssignmentStatus, Post } from '../../../utils/domain/types';
import type { ContentFeature } from './feature';

export interface RememberRightClick extends ContentFeature {
  /** The post of the last right-click, once: a second menu action needs a new right-click. */
  take(): Post | null;
}

export interface RememberRightClickOptions {
  /** The post's status as the page knows it: null unassigned, undefined not known. */
  statusOf: (tweetId: string) => AssignmentStatus | null | undefined;
  /** Tells the background, before the menu opens, which of its items apply. */
  showMenuFor: (context: AssignmentStatus | 'none') => Promise<unknown>;
  onError: (error: unknown) => void;
}

export function createRememberRightClick({
  statusOf,
  showMenuFor,
  onError,
}: RememberRightClickOptions): RememberRightClick {
  let lastPost: Post | null = null;

  function onContextMenu(event: Event) {
    const target = event.target instanceof Element ? event.target : null;
    const postEl = target?.closest(POST_SELECTOR);
    lastPost = postEl && !isPromoted(postEl) ? readPost(postEl, location.href) : null;
    const status = lastPost ? statusOf(lastPost.id) : undefined;
    showMenuFor(status === null ? 'unassigned' : (status ?? 'none')).catch(onError);
  }

  document.addEventListener('contextmenu', onContextMenu, { capture: true });

  return {
    name: 'remember-right-click',
    take() {
      const post = lastPost;
      lastPost = null;
      return post;
    },
    stop() {
      document.removeEventListener('contextmenu', onContextMenu, { capture: true });
    },
  };
}
