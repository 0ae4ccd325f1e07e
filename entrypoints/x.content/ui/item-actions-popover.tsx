/** The item actions of an assigned post, opened from its "…" button. */
import { ItemActions } from '../../../components/ItemActions';
import type { ItemAction } from '../../../utils/messaging/item-actions';
import { ITEM_ACTIONS_CSS } from '../../../components/item-actions-styles';
import { t } from '../../../utils/i18n/i18n';
import type { ItemRights } from '../../../utils/domain/rights';
import type { AssignmentOnPage, ClosureReason, Department } from '../../../utils/domain/types';
import type { PopoverKind, Popovers } from './popovers';

const ITEM_ACTIONS: PopoverKind = {
  tagName: 'tanggap-actions',
  css: ITEM_ACTIONS_CSS,
  width: 300,
  // The tallest form (not our remit, with a note).
  height: 300,
};

export interface OpenActionsOptions {
  anchor: HTMLElement;
  item: AssignmentOnPage;
  /** What the officer may do to it: only those actions are offered. */
  rights?: ItemRights;
  departments: Department[];
  onAction: (action: ItemAction) => Promise<unknown>;
  /** Open at the resolve form with this reason chosen. */
  reason?: ClosureReason;
  /** False once the anchor's element shows another post: the panel closes then. */
  stillValid?: () => boolean;
}

export function openItemActions(popovers: Popovers, options: OpenActionsOptions) {
  popovers.open({
    kind: ITEM_ACTIONS,
    anchor: options.anchor,
    content: (close) => (
      <div role="dialog" aria-label={t('actionsTitle')}>
        <ItemActions
          item={options.item}
          rights={options.rights}
          departments={options.departments}
          autoFocus
          reason={options.reason}
          onAction={options.onAction}
          onDone={close}
          onClose={close}
        />
      </div>
    ),
    dataset: { tweetId: options.item.tweetId },
    stillValid: options.stillValid,
  });
}
