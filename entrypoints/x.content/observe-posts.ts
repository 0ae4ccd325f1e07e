/**
 * The content script's one MutationObserver: it collects the posts that appeared or changed
 * and, at most once per animation frame, reads each of them once and hands the batch on.
 *
 * Seen working on: x.com/notifications/mentions, x.com/home, x.com/search, profiles and
 * conversation pages (tests/e2e run it on the saved pages in tests/fixtures/x).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { isPromoted, readShownPost } from '../../utils/x-page/post';
import { POST_SELECTOR, selectors } from '../../utils/x-page/selectors';
import { ANNOTATION_TAG } from './ui/annotation-host';
import { contentStats } from './content-stats';
import type { PostBatch, PostOnPage } from './features/feature';

export function startObservingPosts(
  ctx: ContentScriptContext,
  { onBatch, onError }: { onBatch: (batch: PostBatch) => void; onError: (error: unknown) => void },
) {
  const pending = new Set<Element>();
  /** The frame requested for the next batch, if any. */
  let frame: number | undefined;
  let batchedThisFrame = false;
  let href = location.href;

  function collect(node: Node) {
    if (!(node instanceof Element) || node.localName === ANNOTATION_TAG) return;
    if (node.matches(POST_SELECTOR)) pending.add(node);
    for (const postEl of node.querySelectorAll(POST_SELECTOR)) pending.add(postEl);
  }

  /**
   * Every post we annotate brings a record of our own insertion: indexed, as an iterator over a
   * NodeList costs several times the loop.
   */
  function isOurs(nodes: NodeList) {
    for (let i = 0; i < nodes.length; i++) {
      if ((nodes[i] as Element).localName !== ANNOTATION_TAG) return false;
    }
    return true;
  }

  /**
   * X updates a post's counters (replies, likes, views) in place, in its action bar: nothing the
   * reader reads changed, so the post is not read again. A post X re-uses for another changes
   * outside the bar too.
   */
  function inActionBar(target: Element, postEl: Element) {
    const bar = target.closest(selectors.actionBar);
    return bar !== null && postEl.contains(bar);
  }

  function onMutations(records: MutationRecord[]) {
    try {
      for (const record of records) {
        if (record.type === 'childList') {
          // Our own insertions and removals are not news.
          if (isOurs(record.addedNodes) && isOurs(record.removedNodes)) continue;
          for (const node of record.addedNodes) collect(node);
        }
        const target =
          record.target instanceof Element ? record.target : record.target.parentElement;
        const postEl = target?.closest(POST_SELECTOR);
        if (postEl && !inActionBar(target!, postEl)) pending.add(postEl);
      }
      if (pending.size) scheduleBatch();
    } catch (error) {
      onError(error);
    }
  }

  // At most one batch per animation frame. The first change of a frame is read at once, so
  // the background's answer can be painted in the next frame; later changes of the same
  // frame wait for the next one.
  function scheduleBatch() {
    if (batchedThisFrame) requestFrame();
    else runBatch();
  }

  function runBatch() {
    batchedThisFrame = true;
    requestFrame();
    onBatch(readPending());
  }

  // Plain requestAnimationFrame: WXT's ctx.requestAnimationFrame adds an abort listener per
  // call that stays until the page goes, one per frame with changes. The one pending frame is
  // cancelled by the invalidation handler below instead.
  function requestFrame() {
    if (frame !== undefined) return;
    frame = requestAnimationFrame(onFrame);
  }

  function onFrame() {
    frame = undefined;
    if (ctx.isInvalid) return;
    batchedThisFrame = false;
    if (pending.size) runBatch();
  }

  function readPending(): PostBatch {
    // X changes pages without reloading, and every change of page mutates the DOM: noticing it
    // here needs no polling (WXT's location watcher polls where the Navigation API is missing).
    const newPage = location.href !== href;
    href = location.href;
    const posts: PostOnPage[] = [];
    for (const el of pending) {
      try {
        if (el.isConnected) posts.push(readOne(el));
      } catch (error) {
        onError(error);
      }
    }
    pending.clear();
    const read = posts.flatMap((p) => (p.kind === 'read' ? [p.post] : []));
    return { href, newPage, posts, read, changedSince: (el) => pending.has(el) };
  }

  function readOne(el: Element): PostOnPage {
    if (isPromoted(el)) {
      contentStats.promoted++;
      return { el, kind: 'promoted' };
    }
    const read = readShownPost(el, href);
    if (!read) {
      contentStats.unreadable++;
      return { el, kind: 'unreadable' };
    }
    contentStats.read++;
    return { el, kind: 'read', ...read };
  }

  const observer = new MutationObserver(onMutations);
  observer.observe(document.documentElement, {
    childList: true,
    subtree: true,
    // X re-points a re-used post's links instead of replacing them at times.
    attributes: true,
    attributeFilter: ['href'],
  });
  collect(document.documentElement);
  if (pending.size) scheduleBatch();

  ctx.onInvalidated(() => {
    observer.disconnect();
    if (frame !== undefined) cancelAnimationFrame(frame);
    frame = undefined;
  });
}
