import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { BacklogView, type BacklogWords } from '../../components/BacklogView';
import { DigestButton } from '../../components/DigestButton';
import { ProgrammeStats } from '../../components/ProgrammeStats';
import { FocusBanner } from '../../components/FocusBanner';
import { ItemDetail, type ItemDetailWords } from '../../components/ItemDetail';
import { performItemAction } from '../../utils/item-actions';
import { historyTimeFormat, historyWords, itemActionWords } from '../../utils/lifecycle-words';
import { focusBacklog, parseFocus } from '../../utils/escalation';
import { annotationWords, setLanguage, t, uiLanguage } from '../../utils/i18n';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/settings';
import { HOUR_MS, soonFractionOf } from '../../utils/sla';
import { onBroadcast, sendToBackground } from '../../utils/messages';
import type { Backlog, Department } from '../../utils/types';

const backlogWords = (dueSoonHours = DEFAULT_SETTINGS.dueSoonHours): BacklogWords => ({
  title: t('popupTitle'),
  assignedToday: t('popupAssignedToday'),
  respondedToday: t('popupRespondedToday'),
  dueSoon: t('popupDueWithin', new Intl.NumberFormat(uiLanguage()).format(dueSoonHours)),
  overdue: t('popupOverdue'),
  filterLabel: t('popupFilterLabel'),
  allDepartments: t('popupAllDepartments'),
  empty: t('popupEmpty'),
  more: (count) => t('popupMore', count),
  openPost: (handle) => t('popupOpenPost', handle),
  annotation: annotationWords(),
});

const itemDetailWords = (): ItemDetailWords => ({
  toggle: t('detailsToggle'),
  history: t('historyTitle'),
  empty: t('historyEmpty'),
  lines: historyWords(),
  actions: itemActionWords(),
});

/** Loads the backlog through the background and keeps it live while the popup is open. */
export function PopupApp() {
  const [backlog, setBacklog] = useState<Backlog>();
  const [departments, setDepartments] = useState<Department[]>([]);
  const [filter, setFilter] = useState('');
  const [nowMs, setNowMs] = useState(Date.now());
  const [error, setError] = useState<string>();
  // Opened from a notification: only its items (popup.html?urgency=overdue&departments=…).
  const [focus, setFocus] = useState(() => parseFocus(location.search));
  // Words and the due-soon rule follow the settings, live.
  const [settings, setSettings] = useState<Settings>();
  const words = useMemo(
    () => backlogWords(settings?.dueSoonHours),
    [settings?.language, settings?.dueSoonHours],
  );
  const detailWords = useMemo(itemDetailWords, [settings?.language]);
  const formatTime = useMemo(() => historyTimeFormat(nowMs), [nowMs, settings?.language]);

  const load = useCallback(() => {
    sendToBackground('getBacklog', {
      ...(filter && { departmentId: filter }),
      // Narrowed here, from the most urgent items: ask for as many as allowed.
      ...(focus && { limit: 500 }),
    })
      .then((result) => {
        setBacklog(result);
        setNowMs(Date.now());
        setError(undefined);
      })
      .catch((e: unknown) => setError((e as Error).message));
  }, [filter, focus]);

  useEffect(() => {
    const apply = (next: Settings) => {
      setLanguage(next.language);
      document.documentElement.lang = uiLanguage();
      setSettings(next);
    };
    sendToBackground('getSettings', {})
      .then(apply)
      .catch((e: unknown) => setError((e as Error).message));
    return onBroadcast('settingsChanged', ({ settings: next }) => {
      apply(next);
      load();
    });
  }, [load]);

  useEffect(() => {
    sendToBackground('listDepartments', {})
      .then(setDepartments)
      .catch((e: unknown) => setError((e as Error).message));
    return onBroadcast('departmentsChanged', ({ departments: list }) => setDepartments(list));
  }, []);

  useEffect(() => {
    load();
    const stop = onBroadcast('assignmentsChanged', load);
    const stopReplaced = onBroadcast('dataReplaced', load);
    const timer = setInterval(load, 60_000);
    return () => {
      stop();
      stopReplaced();
      clearInterval(timer);
    };
  }, [load]);

  const dueSoonMs = (settings?.dueSoonHours ?? 6) * HOUR_MS;
  return (
    <>
      {focus && (
        <FocusBanner
          focus={focus}
          departments={departments}
          onClear={() => {
            setFocus(null);
            history.replaceState(null, '', location.pathname);
          }}
        />
      )}
      <BacklogView
        backlog={focus && backlog ? focusBacklog(backlog, focus, nowMs, dueSoonMs) : backlog}
        departments={departments}
        departmentFilter={filter}
        nowMs={nowMs}
        words={words}
        soonFraction={soonFractionOf(settings?.dueSoonHours)}
        error={error}
        onFilter={setFilter}
        detail={(item) => (
          <ItemDetail
            item={item}
            departments={departments}
            words={detailWords}
            formatTime={formatTime}
            onAction={(action) => performItemAction(item.tweetId, action)}
          />
        )}
        onOpen={(url) => {
          void browser.tabs.create({ url }).then(() => window.close());
        }}
      />
      <DigestButton />
      <ProgrammeStats />
      <p class="options-link">
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('optionsOpenSettings')}
        </button>
      </p>
    </>
  );
}
