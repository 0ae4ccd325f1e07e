import type { ComponentChild } from 'preact';
import { truncate } from '../utils/domain/assignment-ops';
import type { Assignment, Department } from '../utils/domain/types';
import { t } from '../utils/i18n/i18n';

interface Props {
  /** Responded or resolved today, most recent first (`listClosedToday`); undefined while loading. */
  items: Assignment[] | undefined;
  departments: Department[];
  onOpen: (url: string) => void;
  /** Shown under each item: its history and actions, Reopen included (components/ItemDetail). */
  detail?: (item: Assignment) => ComponentChild;
}

const PREVIEW_LENGTH = 100;

/**
 * The items closed today, below the open backlog: the popup's way back to a responded or
 * resolved item (to reopen it, or add a note) without finding the post on X.
 */
export function ClosedToday({ items, departments, onOpen, detail }: Props) {
  const byId = new Map(departments.map((d) => [d.id, d]));
  return (
    <section class="closed" aria-labelledby="closed-title" aria-busy={items ? 'false' : 'true'}>
      <h2 id="closed-title">{t('popupClosedToday')}</h2>
      {items?.length === 0 && <p class="empty">{t('popupClosedEmpty')}</p>}
      <ol class="items">
        {items?.map((item) => {
          const department = byId.get(item.departmentId);
          const status =
            item.status === 'resolved' ? t('popupStatusResolved') : t('popupStatusResponded');
          return (
            <li key={item.tweetId} data-closed-item data-tweet-id={item.tweetId}>
              <button
                type="button"
                class="item"
                aria-label={`${t('popupOpenPost', item.post.authorHandle)}: ${status}`}
                onClick={() => onOpen(item.post.url)}
              >
                <span class="chip" style={{ backgroundColor: department?.color ?? '#57606a' }}>
                  {department?.shortName ?? item.departmentId}
                </span>
                <span class="badge" data-status={item.status}>
                  {status}
                </span>
                <span class="author">@{item.post.authorHandle}</span>
                <span class="text">{truncate(item.post.text, PREVIEW_LENGTH)}</span>
              </button>
              {detail?.(item)}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
