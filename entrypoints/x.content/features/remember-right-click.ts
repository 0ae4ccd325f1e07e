/**
 * Feature `remember-right-click`: the post under the pointer when the context menu opened, so
 * that the menu's actions (handled by the background) apply to that post, even if X re-uses
 * its element before the officer picks an item. It reads the post at the right-click, not from
 * a batch: the element may have changed since it was last read.
 */
import { POST_SELECTOR } from '../../../utils/x-page/selectors';
import { isPromoted, readPost } from '../../../utils/x-page/post';
import type { AssignmentOnPage, AssignmentStatus, Post } from '../../../utils/domain/types';
import type { ContentFeature } from './feature';

export interface RememberRightClick extends ContentFeature {
  /** The post of the last right-click, once: a second menu action needs a new right-click. */
  take(): Post | null;
}

export interface RememberRightClickOptions {
  /** The post's item as the page knows it: null unassigned, undefined not known. */
  itemOf: (tweetId: string) => Pick<AssignmentOnPage, 'status' | 'departmentId'> | null | undefined;
  /**
   * Tells the background, before the menu opens, which of its items apply: the post's status
   * and the department holding it (for the officer's rights on it).
   */
  showMenuFor: (context: AssignmentStatus | 'none', departmentId?: string) => Promise<unknown>;
  onError: (error: unknown) => void;
}

export function createRememberRightClick({
  itemOf,
  showMenuFor,
  onError,
}: RememberRightClickOptions): RememberRightClick {
  let lastPost: Post | null = null;

  function onContextMenu(event: Event) {
    const target = event.target instanceof Element ? event.target : null;
    const postEl = target?.closest(POST_SELECTOR);
    lastPost = postEl && !isPromoted(postEl) ? readPost(postEl, location.href) : null;
    const item = lastPost ? itemOf(lastPost.id) : undefined;
    const context = item === null ? 'unassigned' : (item?.status ?? 'none');
    showMenuFor(context, item?.departmentId || undefined).catch(onError);
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
