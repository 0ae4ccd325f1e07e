import type { AnnotationView, DurationWords } from '../utils/domain/annotation-view';
import { annotationView } from '../utils/domain/annotation-view';
import type { ComponentChild } from 'preact';
import type { Assignment, Backlog, Department } from '../utils/domain/types';

export interface BacklogWords {
  title: string;
  assignedToday: string;
  respondedToday: string;
  dueSoon: string;
  overdue: string;
  filterLabel: string;
  allDepartments: string;
  empty: string;
  more: (count: number) => string;
  openPost: (handle: string) => string;
  annotation: DurationWords;
}

interface Props {
  backlog: Backlog | undefined;
  departments: Department[];
  departmentFilter: string;
  nowMs: number;
  words: BacklogWords;
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
  const { backlog, departments, departmentFilter, nowMs, words } = props;
  const byId = new Map(departments.map((d) => [d.id, d]));
  const summary = backlog?.summary;
  const counts: [string, number | undefined, string][] = [
    [words.assignedToday, summary?.assignedToday, 'assigned'],
    [words.respondedToday, summary?.respondedToday, 'responded'],
    [words.dueSoon, summary?.dueSoon, 'soon'],
    [words.overdue, summary?.overdue, 'overdue'],
  ];

  return (
    <main class="backlog" aria-busy={backlog ? 'false' : 'true'}>
      <h1>{words.title}</h1>
      <dl class="counts">
        {counts.map(([label, value, kind]) => (
          <div class={`count ${kind}`} key={kind} data-count={kind}>
            <dt>{label}</dt>
            <dd>{value ?? '–'}</dd>
          </div>
        ))}
      </dl>
      <label class="filter">
        <span>{words.filterLabel}</span>
        <select
          value={departmentFilter}
          onChange={(event) => props.onFilter(event.currentTarget.value)}
        >
          <option value="">{words.allDepartments}</option>
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
      {backlog && backlog.items.length === 0 && <p class="empty">{words.empty}</p>}
      <ol class="items">
        {backlog?.items.map((item) => {
          const department = byId.get(item.departmentId);
          const view: AnnotationView = annotationView(
            { id: item.tweetId, createdAt: item.post.createdAt },
            item,
            department,
            nowMs,
            words.annotation,
            props.dueSoonMs,
          );
          return (
            <li key={item.tweetId} data-backlog-item data-tweet-id={item.tweetId}>
              <button
                type="button"
                class="item"
                aria-label={`${words.openPost(item.post.authorHandle)}: ${view.badgeLabel}`}
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
        <p class="more">{words.more(backlog.totalOpen - backlog.items.length)}</p>
      )}
    </main>
  );
}
