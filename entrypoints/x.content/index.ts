/**
 * The content script on X: one observer reads the posts that appeared or changed, once per
 * batch, and hands them to the features below; one clock ticks their countdowns; what the page
 * knows from the background (page-data.ts) tells them what changed.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { keepLive } from '../../utils/messaging/live-port';
import { type ContentProtocol } from '../../utils/messaging/protocol';
import { handleMessages, sendToBackground } from '../../utils/messaging/transport';
import { X_MATCHES } from '../../utils/domain/x-urls';
import { errorCounter } from './content-stats';
import { startCountdownClock } from './countdown-clock';
import { createAnnotatePosts } from './features/annotate-posts';
import { createDetectResponses } from './features/detect-responses';
import { createRecordIntake } from './features/record-intake';
import { createRememberRightClick } from './features/remember-right-click';
import { createRoutePosts } from './features/route-posts';
import { runFeatures } from './features/run-features';
import { startObservingPosts } from './observe-posts';
import { createPageData } from './page-data';
import { createReportSoon } from './report-soon';
import { createPageNotice, type PageNotice } from './ui/page-notice';
import { createPopovers, type Popovers } from './ui/popovers';
import { createUndoToast, type UndoToast } from './ui/undo-toast';

/** Starts the features on the page; what the background's messages reach of them. */
export function startFeatures(
  ctx: ContentScriptContext,
  { notice, popovers, undoToast }: { notice: PageNotice; popovers: Popovers; undoToast: UndoToast },
) {
  const onError = errorCounter(ctx);
  // The page's data changes only once the background answers, when `features` below is set.
  const data = createPageData(ctx, { onChange: (change) => features.onChange(change), onError });
  const reports = createReportSoon(ctx, { onError });
  const routing = createRoutePosts(data, { reports, onError });
  const annotation = createAnnotatePosts(data, {
    notice,
    popovers,
    undoToast,
    decorate: routing.decorate,
    onError,
  });
  const rightClick = createRememberRightClick({
    itemOf: (id) => data.known(id),
    showMenuFor: (context, departmentId) =>
      sendToBackground('showMenuFor', { context, ...(departmentId && { departmentId }) }),
    onError,
  });
  const features = runFeatures(
    ctx,
    [
      annotation,
      routing,
      createDetectResponses(data, { onError }),
      createRecordIntake(data, { reports, onError }),
      rightClick,
    ],
    onError,
  );
  startObservingPosts(ctx, { onBatch: features.onPosts, onError });
  startCountdownClock(ctx, () => features.onChange({ kind: 'minute' }));
  return { annotation, rightClick };
}

export default defineContentScript({
  matches: X_MATCHES,
  runAt: 'document_idle',
  main(ctx) {
    const notice = createPageNotice(ctx);
    const { annotation, rightClick } = startFeatures(ctx, {
      notice,
      popovers: createPopovers(ctx),
      undoToast: createUndoToast(ctx, { onError: errorCounter(ctx) }),
    });
    const stopHandling = handleMessages<ContentProtocol>({
      takeRightClickedPost: () => rightClick.take(),
      showNotice: ({ message }) => notice.show(message),
      openItemActions: ({ tweetId, reason }) => annotation.openActionsFor(tweetId, reason),
      offerUndo: ({ assignment, undo }) => annotation.offerUndo(assignment, undo),
    });
    ctx.onInvalidated(stopHandling);
    // ctx's timers stop with the script when the extension is updated or reloaded.
    ctx.onInvalidated(
      keepLive({
        setInterval: (fn, ms) => ctx.setInterval(fn, ms),
        clearInterval: (id) => clearInterval(id),
      }),
    );
  },
});
