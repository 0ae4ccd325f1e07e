import { defineContentScript } from 'wxt/utils/define-content-script';
import { keepLive } from '../../utils/messaging/live-port';
import { type ContentProtocol } from '../../utils/messaging/protocol';
import { handleMessages } from '../../utils/messaging/transport';
import { X_MATCHES } from '../../utils/domain/x-urls';
import { startAnnotatePosts } from './annotate-posts';
import { createPageNotice } from './page-notice';
import { createPopovers } from './popovers';
import { startRememberRightClick } from './remember-right-click';

export default defineContentScript({
  matches: X_MATCHES,
  runAt: 'document_idle',
  main(ctx) {
    const notice = createPageNotice(ctx);
    const popovers = createPopovers(ctx);
    const annotate = startAnnotatePosts(ctx, { notice, popovers });
    const rightClick = startRememberRightClick(ctx);
    const stopHandling = handleMessages<ContentProtocol>({
      takeRightClickedPost: () => rightClick.take(),
      showNotice: ({ message }) => notice.show(message),
      openItemActions: ({ tweetId, reason }) => annotate.openActionsFor(tweetId, reason),
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
