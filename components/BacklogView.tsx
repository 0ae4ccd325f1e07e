import type { AnnotationView } from '../utils/domain/annotation-view';
import { annotationView } from '../utils/domain/annotation-view';
import type { ComponentChild } from 'preact';
import { DUE_SOON_WINDOW_MS, HOUR_MS } from '../utils/domain/sla';
import { annotationWords, t, uiLanguage } from '../utils/i18n/i18n';
import type { Assignment, Backlog, Department } from '../utils/domain/types';

interface Props {
  backlog: Backlog | undefined;
  departments: Department[];
  departmentFilter: string;
  nowMs: number;
  error?: string;
  onFilter: (departmentId: string) => void;
  onOpen: (url: string) => void;
  /** The settings' due-soon window (`dueSoonWindow`); 6 h without. */
  dueSoonMs?: number;
  /** Shown under each item: its history and actions (components/ItemDetail). */
  detail?: (item: Assignment) => ComponentChild;
}

const FIRST_WORDS = 14;

function firstWords(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length > FIRST_WORDS ? `${words.slice(0, FIRST_WORDS).join(' ')}…` : words.join(' ');
}

/** The day's backlog: today's counts, then open items by deadline, filterable by department. */
export function BacklogView(props: Props) {
  const { backlog, departments, departmentFilter, nowMs } = props;
  const dueSoonMs = props.dueSoonMs ?? DUE_SOON_WINDOW_MS;
  const dueSoonHours = new Intl.NumberFormat(uiLanguage()).format(dueSoonMs / HOUR_MS);
  const durationWords = annotationWords();
  const byId = new Map(departments.map((d) => [d.id, d]));
  const summary = backlog?.summary;
  const counts: [string, number | undefined, string][] = [
    [t('popupAssignedToday'), summary?.assignedToday, 'assigned'],
    [t('popupRespondedToday'), summary?.respondedToday, 'responded'],
    [t('popupDueWithin', dueSoonHours), summary?.dueSoon, 'soon'],
    [t('popupOverdue'), summary?.overdue, 'overdue'],
  ];

  return (
    <main class="backlog" aria-busy={backlog ? 'false' : 'true'}>
      <h1>{t('popupTitle')}</h1>
      <dl class="counts">
        {counts.map(([label, value, kind]) => (
          <div class={`count ${kind}`} key={kind} data-count={kind}>
            <dt>{label}</dt>
            <dd>{value ?? '–'}</dd>
          </div>
        ))}
      </dl>
      <label class="filter">
        <span>{t('popupFilterLabel')}</span>
        <select
          value={departmentFilter}
          onChange={(event) => props.onFilter(event.currentTarget.value)}
        >
          <option value="">{t('popupAllDepartments')}</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.shortName} — {d.name}
            </option>
          ))}
        </select>
      </label>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      {backlog && backlog.items.length === 0 && <p class="empty">{t('popupEmpty')}</p>}
      <ol class="items">
        {backlog?.items.map((item) => {
          const department = byId.get(item.departmentId);
          const view: AnnotationView = annotationView(
            { id: item.tweetId, createdAt: item.post.createdAt },
            item,
            department,
            nowMs,
            durationWords,
            dueSoonMs,
          );
          return (
            <li key={item.tweetId} data-backlog-item data-tweet-id={item.tweetId}>
              <button
                type="button"
                class="item"
                aria-label={`${t('popupOpenPost', item.post.authorHandle)}: ${view.badgeLabel}`}
                onClick={() => props.onOpen(item.post.url)}
              >
                <span class="chip" style={{ backgroundColor: view.chipColor }}>
                  {view.chipText}
                </span>
                <span class="badge" data-urgency={view.urgency}>
                  {view.badgeText}
                </span>
                <span class="author">@{item.post.authorHandle}</span>
                <span class="text">{firstWords(item.post.text)}</span>
              </button>
              {props.detail?.(item)}
            </li>
          );
        })}
      </ol>
      {backlog && backlog.totalOpen > backlog.items.length && (
        <p class="more">{t('popupMore', backlog.totalOpen - backlog.items.length)}</p>
      )}
    </main>
  );
}
