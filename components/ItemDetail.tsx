import { useState } from 'preact/hooks';
import { historyLine, type HistoryWords } from '../utils/domain/history-view';
import type { Assignment, Department } from '../utils/domain/types';
import { ItemActions } from './ItemActions';
import type { ItemAction } from '../utils/messaging/item-actions';
import type { ItemActionWords } from '../utils/i18n/lifecycle-words';

export interface ItemDetailWords {
  toggle: string;
  history: string;
  empty: string;
  lines: HistoryWords;
  actions: ItemActionWords;
}

interface Props {
  item: Assignment;
  departments: Department[];
  words: ItemDetailWords;
  formatTime: (iso: string) => string;
  onAction: (action: ItemAction) => Promise<unknown>;
}

/** A backlog item's history and actions, behind a disclosure button. */
export function ItemDetail({ item, departments, words, formatTime, onAction }: Props) {
  const [open, setOpen] = useState(false);
  const byId = new Map(departments.map((d) => [d.id, d]));
  const panelId = `detail-${item.tweetId}`;
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
        {words.toggle}
      </button>
      {open && (
        <div class="detail-panel" id={panelId}>
          <ItemActions
            item={item}
            departments={departments}
            words={words.actions}
            onAction={onAction}
          />
          <h2>{words.history}</h2>
          {item.history.length === 0 ? (
            <p class="empty">{words.empty}</p>
          ) : (
            <ol class="history" data-history>
              {item.history.map((e, i) => (
                <li key={i} data-history-action={e.action}>
                  {historyLine(e, byId, words.lines, formatTime)}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </div>
  );
}
