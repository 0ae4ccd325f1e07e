/**
 * Remembers the post under the pointer when the context menu opened, so that the menu's
 * actions (handled by the background) apply to that post, even if X re-uses its element
 * before the officer picks an item.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { POST_SELECTOR } from '../../utils/x-page/selectors';
import { isPromoted, readPost } from '../../utils/x-page/post';
import type { Post } from '../../utils/domain/types';

export function startRememberRightClick(ctx: ContentScriptContext) {
  let lastPost: Post | null = null;

  ctx.addEventListener(
    document,
    'contextmenu',
    (event) => {
      const target = event.target instanceof Element ? event.target : null;
      const postEl = target?.closest(POST_SELECTOR);
      lastPost = postEl && !isPromoted(postEl) ? readPost(postEl, location.href) : null;
    },
    { capture: true },
  );

  return {
    /** The post of the last right-click, once: a second menu action needs a new right-click. */
    take(): Post | null {
      const post = lastPost;
      lastPost = null;
      return post;
    },
  };
}
