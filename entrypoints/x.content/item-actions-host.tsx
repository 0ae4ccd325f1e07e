/** The one item-actions popover of the page, opened from an assigned post's "…" button. */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { ItemActions } from '../../components/ItemActions';
import type { ItemAction } from '../../utils/messaging/item-actions';
import { ITEM_ACTIONS_CSS } from '../../components/item-actions-styles';
import { t } from '../../utils/i18n/i18n';
import type { AssignmentOnPage, ClosureReason, Department } from '../../utils/domain/types';
import { createPopoverHost } from './popover-host';

export interface OpenActionsOptions {
  anchor: HTMLElement;
  item: AssignmentOnPage;
  departments: Department[];
  onAction: (action: ItemAction) => Promise<unknown>;
  /** Open at the resolve form with this reason chosen. */
  reason?: ClosureReason;
}

export function createItemActionsHost(ctx: ContentScriptContext) {
  const popover = createPopoverHost(ctx, {
    tagName: 'tanggap-actions',
    css: ITEM_ACTIONS_CSS,
    width: 300,
    // The tallest form (not our remit, with a note).
    height: 300,
  });

  function open(options: OpenActionsOptions) {
    popover.open(
      options.anchor,
      <div role="dialog" aria-label={t('actionsTitle')}>
        <ItemActions
          item={options.item}
          departments={options.departments}
          autoFocus
          reason={options.reason}
          onAction={options.onAction}
          onDone={() => popover.close()}
          onClose={() => popover.close()}
        />
      </div>,
      { tweetId: options.item.tweetId },
    );
  }

  return { open, close: popover.close };
}

export type ItemActionsHost = ReturnType<typeof createItemActionsHost>;
