import { useState } from 'preact/hooks';
import { historyLine } from '../utils/domain/history-view';
import type { Assignment, Department } from '../utils/domain/types';
import type { Actor } from '../utils/domain/actor';
import { itemRights } from '../utils/domain/rights';
import { ItemActions } from './ItemActions';
import type { ItemAction } from '../utils/messaging/item-actions';
import { t } from '../utils/i18n/i18n';
import { historyWords } from '../utils/i18n/lifecycle-words';

interface Props {
  item: Assignment;
  departments: Department[];
  formatTime: (iso: string) => string;
  onAction: (action: ItemAction) => Promise<unknown>;
  /**
   * Who acts (null: no team): only the actions they may use are offered. Undefined while not
   * known yet: no action is offered, rather than all of them for a moment.
   */
  actor: Actor | null | undefined;
}

/** A backlog item's history and actions, behind a disclosure button. */
export function ItemDetail({ item, departments, formatTime, onAction, actor }: Props) {
  const [open, setOpen] = useState(false);
  const byId = new Map(departments.map((d) => [d.id, d]));
  const panelId = `detail-${item.tweetId}`;
  const lines = historyWords();
  return (
    <div class="detail">
      <button
        type="button"
        class="details-toggle"
        data-action="details"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {t('detailsToggle')}
      </button>
      {open && (
        <div class="detail-panel" id={panelId}>
          {actor !== undefined && (
            <ItemActions
              item={item}
              rights={itemRights(actor, item)}
              departments={departments}
              onAction={onAction}
            />
          )}
          <h2>{t('historyTitle')}</h2>
          {item.history.length === 0 ? (
            <p class="empty">{t('historyEmpty')}</p>
          ) : (
            <ol class="history" data-history>
              {item.history.map((e, i) => (
                <li key={i} data-history-action={e.action}>
                  {historyLine(e, byId, lines, formatTime)}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </div>
  );
}
