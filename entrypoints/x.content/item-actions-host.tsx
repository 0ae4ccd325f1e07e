/**
 * The one item-actions popover of the page, opened from an assigned post's "⋯" button. Like
 * the department picker, it lives in its own host on <body> so X's overflow never clips it.
 */
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { ItemActions, type ItemAction } from '../../components/ItemActions';
import { ITEM_ACTIONS_CSS } from '../../components/item-actions-styles';
import { itemActionWords } from '../../utils/lifecycle-words';
import type { Assignment, Department } from '../../utils/types';
import { readPageTheme } from './page-theme';
import { createShadowHost } from './shadow-host';

const WIDTH = 300;
/** The tallest form (not our remit, with a note). */
const HEIGHT = 300;

export interface OpenActionsOptions {
  anchor: HTMLElement;
  item: Assignment;
  departments: Department[];
  onAction: (action: ItemAction) => Promise<unknown>;
}

export function createItemActionsHost(ctx: ContentScriptContext) {
  let host: HTMLElement | undefined;
  let root: ShadowRoot | undefined;
  let anchor: HTMLElement | undefined;

  function close({ restoreFocus = true } = {}) {
    if (!host || !root) return;
    render(null, root);
    host.remove();
    if (restoreFocus && anchor?.isConnected) anchor.focus();
    anchor = undefined;
  }

  function open(options: OpenActionsOptions) {
    close({ restoreFocus: false });
    if (!host || !root) ({ host, root } = createShadowHost('tanggap-actions', ITEM_ACTIONS_CSS));
    anchor = options.anchor;
    host.dataset.theme = readPageTheme();
    host.dataset.tweetId = options.item.tweetId;
    const rect = options.anchor.getBoundingClientRect();
    const left = Math.max(8, Math.min(rect.left, window.innerWidth - WIDTH - 8));
    const below = rect.bottom + 4 + HEIGHT <= window.innerHeight;
    const top = below ? rect.bottom + 4 : Math.max(8, rect.top - 4 - HEIGHT);
    host.style.left = `${left}px`;
    host.style.top = `${top}px`;
    document.body.append(host);
    const words = itemActionWords();
    render(
      <div role="dialog" aria-label={words.title}>
        <ItemActions
          item={options.item}
          departments={options.departments}
          words={words}
          autoFocus
          onAction={options.onAction}
          onDone={() => close()}
          onClose={() => close()}
        />
      </div>,
      root,
    );
  }

  // A click anywhere outside closes it (clicks inside stop at its host).
  ctx.addEventListener(document, 'click', () => close({ restoreFocus: false }));
  ctx.onInvalidated(() => close({ restoreFocus: false }));

  return { open, close };
}

export type ItemActionsHost = ReturnType<typeof createItemActionsHost>;
