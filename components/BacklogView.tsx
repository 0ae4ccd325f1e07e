import type { AnnotationView } from '../utils/domain/annotation-view';
import { annotationView } from '../utils/domain/annotation-view';
import type { ComponentChild } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { DUE_SOON_WINDOW_MS, HOUR_MS } from '../utils/domain/sla';
import { BACKLOG_PERIODS, type BacklogPeriod } from '../utils/domain/backlog-period';
import { matchesWords, queryWords, searchText } from '../utils/domain/backlog-search';
import { annotationWords, t, uiLanguage, type MessageKey } from '../utils/i18n/i18n';
import type { Assignment, Backlog, Department } from '../utils/domain/types';
import type { Actor } from '../utils/domain/actor';
import { itemRights, mayAssign } from '../utils/domain/rights';
import { BulkActions, type BulkChange, type BulkOutcome } from './BulkActions';
import { VirtualList } from './VirtualList';

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
  /** Today's open items (the default), or what was assigned yesterday or this week. */
  period?: BacklogPeriod;
  onPeriod?: (period: BacklogPeriod) => void;
  /** Changes the selected items together; absent, nothing can be selected. */
  onBulk?: (change: BulkChange, tweetIds: string[]) => Promise<BulkOutcome[]>;
  /**
   * Who acts (null or absent: no team): only the items they may change can be selected, and
   * only the changes they may make are offered.
   */
  actor?: Actor | null;
}

const FIRST_WORDS = 14;
/** The search waits for a pause in typing before it filters thousands of items. */
export const SEARCH_DEBOUNCE_MS = 150;

const PERIOD_WORDS: Record<BacklogPeriod, MessageKey> = {
  today: 'popupPeriodToday',
  yesterday: 'popupPeriodYesterday',
  week: 'popupPeriodWeek',
};

function firstWords(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length > FIRST_WORDS ? `${words.slice(0, FIRST_WORDS).join(' ')}…` : words.join(' ');
}

/**
 * The backlog: the period's counts, then its items (today: open by deadline), searchable,
 * selectable for a change to several at once, in a list that draws only what is in view.
 */
export function BacklogView(props: Props) {
  const { backlog, departments, departmentFilter, nowMs } = props;
  const period = props.period ?? 'today';
  const dueSoonMs = props.dueSoonMs ?? DUE_SOON_WINDOW_MS;
  const dueSoonHours = new Intl.NumberFormat(uiLanguage()).format(dueSoonMs / HOUR_MS);
  const durationWords = annotationWords();
  const byId = useMemo(() => new Map(departments.map((d) => [d.id, d])), [departments]);
  const summary = backlog?.summary;
  const today = period === 'today';
  const counts: [string, number | undefined, string][] = [
    [t(today ? 'popupAssignedToday' : 'popupAssignedInPeriod'), summary?.assignedToday, 'assigned'],
    [
      t(today ? 'popupRespondedToday' : 'popupRespondedInPeriod'),
      summary?.respondedToday,
      'responded',
    ],
    [t('popupDueWithin', dueSoonHours), summary?.dueSoon, 'soon'],
    [t('popupOverdue'), summary?.overdue, 'overdue'],
  ];

  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(typed), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  const items = useMemo(() => backlog?.items ?? [], [backlog]);
  // Folded once per load, so a keystroke only compares strings.
  const haystacks = useMemo(
    () => items.map((item) => searchText(item, byId.get(item.departmentId))),
    [items, byId],
  );
  const shown = useMemo(() => {
    const words = queryWords(query);
    return words.length === 0 ? items : items.filter((_, i) => matchesWords(haystacks[i]!, words));
  }, [items, haystacks, query]);

  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // The bulk actions stay to show their result once the changed items left the selection.
  const [bulkResult, setBulkResult] = useState<BulkOutcome[]>();
  const lastClicked = useRef<number>(-1);
  const actor = props.actor ?? null;
  const selectable = (a: Assignment) => {
    const rights = itemRights(actor, a);
    return rights.assign || rights.resolve || rights.reopen;
  };
  // What is no longer loaded, or no longer the officer's to change (a role changed), cannot
  // stay selected: it would still be counted and sent.
  useEffect(() => {
    const kept = new Set(items.filter(selectable).map((a) => a.tweetId));
    setSelected((s) => (s.size === 0 ? s : new Set([...s].filter((id) => kept.has(id)))));
  }, [items, actor]);
  const shownSelectable = useMemo(() => shown.filter(selectable), [shown, actor]);
  const shownSelected = shownSelectable.filter((a) => selected.has(a.tweetId)).length;
  const selectAll = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (selectAll.current) {
      selectAll.current.indeterminate = shownSelected > 0 && shownSelected < shownSelectable.length;
    }
  });

  const toggle = (index: number, on: boolean, range: boolean) => {
    const from = range && lastClicked.current >= 0 ? Math.min(lastClicked.current, index) : index;
    const to = range && lastClicked.current >= 0 ? Math.max(lastClicked.current, index) : index;
    lastClicked.current = index;
    setSelected((s) => {
      const next = new Set(s);
      for (const a of shown.slice(from, to + 1)) {
        if (on && !selectable(a)) continue;
        if (on) next.add(a.tweetId);
        else next.delete(a.tweetId);
      }
      return next;
    });
  };

  const row = (item: Assignment, index: number) => {
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
      <>
        <div class="row">
          {props.onBulk && selectable(item) && (
            <input
              type="checkbox"
              class="select"
              data-action="select"
              aria-label={t('popupSelectItem', item.post.authorHandle)}
              checked={selected.has(item.tweetId)}
              onClick={(event) =>
                toggle(index, event.currentTarget.checked, (event as MouseEvent).shiftKey)
              }
            />
          )}
          <button
            type="button"
            class="item"
            data-row-focus
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
        </div>
        {props.detail?.(item)}
      </>
    );
  };

  return (
    <main class="backlog" aria-busy={backlog ? 'false' : 'true'}>
      <h1>{t('popupTitle')}</h1>
      {props.onPeriod && (
        <fieldset class="periods">
          <legend>{t('popupPeriodLabel')}</legend>
          {BACKLOG_PERIODS.map((p) => (
            <label key={p} class={p === period ? 'chosen' : ''}>
              <input
                type="radio"
                name="period"
                value={p}
                checked={p === period}
                onChange={() => props.onPeriod?.(p)}
              />
              {t(PERIOD_WORDS[p])}
            </label>
          ))}
        </fieldset>
      )}
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
      <label class="search">
        <span>{t('popupSearchLabel')}</span>
        <input
          type="search"
          name="search"
          value={typed}
          onInput={(event) => setTyped(event.currentTarget.value)}
        />
      </label>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      {backlog && items.length === 0 && (
        <p class="empty">{t(today ? 'popupEmpty' : 'popupPeriodEmpty')}</p>
      )}
      {items.length > 0 && (
        <div class="list-head">
          {props.onBulk && shownSelectable.length > 0 && (
            <label class="select-all">
              <input
                ref={selectAll}
                type="checkbox"
                data-action="select-all"
                checked={shownSelected === shownSelectable.length}
                onChange={(event) => {
                  const on = event.currentTarget.checked;
                  setSelected((s) => {
                    const next = new Set(s);
                    for (const a of shownSelectable) {
                      if (on) next.add(a.tweetId);
                      else next.delete(a.tweetId);
                    }
                    return next;
                  });
                }}
              />
              {t('popupSelectAll')}
            </label>
          )}
          <span class="shown" aria-live="polite" data-shown-count={shown.length}>
            {t('popupSearchCount', shown.length, items.length)}
          </span>
        </div>
      )}
      {props.onBulk && (selected.size > 0 || bulkResult) && (
        <BulkActions
          selected={[...selected]}
          items={items}
          departments={departments}
          mayAssign={mayAssign(actor)}
          onBulk={props.onBulk}
          result={bulkResult}
          onClear={() => {
            setSelected(new Set());
            setBulkResult(undefined);
          }}
          onDone={(outcomes) => {
            setBulkResult(outcomes);
            const changed = new Set(outcomes.filter((o) => o.ok).map((o) => o.tweetId));
            setSelected((s) => new Set([...s].filter((id) => !changed.has(id))));
          }}
        />
      )}
      {items.length > 0 && shown.length === 0 && <p class="empty">{t('popupSearchEmpty')}</p>}
      <VirtualList
        items={shown}
        keyOf={(a) => a.tweetId}
        label={t('popupListLabel')}
        class="items"
        rowAttributes={(a) => ({ 'data-backlog-item': true, 'data-tweet-id': a.tweetId })}
        renderRow={row}
      />
    </main>
  );
}
