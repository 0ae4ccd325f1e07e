import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { BacklogView, type BacklogWords } from '../../components/BacklogView';
import { annotationWords, t } from '../../utils/i18n';
import { onBroadcast, sendToBackground } from '../../utils/messages';
import type { Backlog, Department } from '../../utils/types';

const words: BacklogWords = {
  title: t('popupTitle'),
  assignedToday: t('popupAssignedToday'),
  respondedToday: t('popupRespondedToday'),
  dueSoon: t('popupDueSoon'),
  overdue: t('popupOverdue'),
  filterLabel: t('popupFilterLabel'),
  allDepartments: t('popupAllDepartments'),
  empty: t('popupEmpty'),
  more: (count) => t('popupMore', count),
  openPost: (handle) => t('popupOpenPost', handle),
  annotation: annotationWords(),
};

/** Loads the backlog through the background and keeps it live while the popup is open. */
export function PopupApp() {
  const [backlog, setBacklog] = useState<Backlog>();
  const [departments, setDepartments] = useState<Department[]>([]);
  const [filter, setFilter] = useState('');
  const [nowMs, setNowMs] = useState(Date.now());
  const [error, setError] = useState<string>();

  const load = useCallback(() => {
    sendToBackground('getBacklog', filter ? { departmentId: filter } : {})
      .then((result) => {
        setBacklog(result);
        setNowMs(Date.now());
        setError(undefined);
      })
      .catch((e: unknown) => setError((e as Error).message));
  }, [filter]);

  useEffect(() => {
    sendToBackground('listDepartments', {})
      .then(setDepartments)
      .catch((e: unknown) => setError((e as Error).message));
    return onBroadcast('departmentsChanged', ({ departments: list }) => setDepartments(list));
  }, []);

  useEffect(() => {
    load();
    const stop = onBroadcast('assignmentsChanged', load);
    const timer = setInterval(load, 60_000);
    return () => {
      stop();
      clearInterval(timer);
    };
  }, [load]);

  return (
    <BacklogView
      backlog={backlog}
      departments={departments}
      departmentFilter={filter}
      nowMs={nowMs}
      words={words}
      error={error}
      onFilter={setFilter}
      onOpen={(url) => {
        void browser.tabs.create({ url }).then(() => window.close());
      }}
    />
  );
}
