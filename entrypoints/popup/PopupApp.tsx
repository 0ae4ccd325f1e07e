import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { BacklogView } from '../../components/BacklogView';
import { ClosedToday } from '../../components/ClosedToday';
import { DigestButton } from '../../components/DigestButton';
import { FocusBanner } from '../../components/FocusBanner';
import { ProgrammeStatsContainer } from './programme-stats';
import { ItemDetail } from '../../components/ItemDetail';
import { IntakeList } from '../../components/IntakeList';
import { postOfMention, type IntakeSummary } from '../../utils/domain/mentions';
import { performItemAction } from '../../utils/messaging/item-actions';
import {
  batchWithOfficerName,
  saveOfficerName,
  withOfficerName,
} from '../../utils/messaging/officer-name';
import { OfficerNamePrompt } from '../../components/OfficerNamePrompt';
import { historyTimeFormat } from '../../utils/i18n/lifecycle-words';
import { focusBacklog, namedBacklog, parseFocus } from '../../utils/domain/escalation';
import { setLanguage, t, uiLanguage } from '../../utils/i18n/i18n';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/domain/settings';
import { dueSoonWindow } from '../../utils/domain/sla';
import { onBroadcast, sendToBackground } from '../../utils/messaging/transport';
import type { Assignment, Backlog, Department } from '../../utils/domain/types';
import type { BacklogPeriod } from '../../utils/domain/backlog-period';
import type { Actor } from '../../utils/domain/actor';
import { watchActor } from '../../utils/messaging/actor';

/** Items per message while the popup reads the whole backlog: the background's most. */
const BACKLOG_PAGE = 500;

/** Every page of the backlog (today's open items, or a period's), as one backlog. */
async function loadBacklog(req: { departmentId?: string; period: BacklogPeriod }) {
  const first = await sendToBackground('getBacklog', { ...req, limit: BACKLOG_PAGE });
  const items = [...first.items];
  for (let after = first.next; after;) {
    const page = await sendToBackground('getBacklog', { ...req, limit: BACKLOG_PAGE, after });
    items.push(...page.items);
    after = page.next;
  }
  return { ...first, items, next: null };
}

/** Loads the backlog through the background and keeps it live while the popup is open. */
export function PopupApp() {
  const [backlog, setBacklog] = useState<Backlog>();
  const [closed, setClosed] = useState<Assignment[]>();
  const [intake, setIntake] = useState<IntakeSummary>();
  const [departments, setDepartments] = useState<Department[]>([]);
  const [filter, setFilter] = useState('');
  const [period, setPeriod] = useState<BacklogPeriod>('today');
  const [nowMs, setNowMs] = useState(Date.now());
  const [error, setError] = useState<string>();
  // Opened from a notification: only its items (popup.html?notification=<id>).
  const [focus, setFocus] = useState(() => parseFocus(location.search));
  // Whether the backlog holds the notification's own items (no narrowing needed).
  const [named, setNamed] = useState(false);
  // Words and the due-soon rule follow the settings, live.
  const [settings, setSettings] = useState<Settings>();
  // The name step, while an action waits for the officer's name: its answer.
  const [askingName, setAskingName] = useState<(saved: boolean) => void>();
  // Who acts: the lists wait for it, so no control is offered and then taken away.
  const [actor, setActor] = useState<Actor | null>();
  useEffect(() => watchActor(setActor), []);
  const formatTime = useMemo(() => historyTimeFormat(nowMs), [nowMs, settings?.language]);

  const load = useCallback(() => {
    // A notification's own items, while its list is kept; else narrowed below by its kind.
    const notified = focus?.notificationId
      ? sendToBackground('getNotificationItems', { id: focus.notificationId })
      : null;
    Promise.all([
      // Narrowed here, from the most urgent items: one page of as many as allowed.
      focus
        ? sendToBackground('getBacklog', { ...(filter && { departmentId: filter }), limit: 500 })
        : loadBacklog({ departmentId: filter || undefined, period }),
      notified,
    ])
      .then(([result, named]) => {
        setBacklog(named ? namedBacklog(result, named, filter) : result);
        setNamed(named !== null);
        setNowMs(Date.now());
        setError(undefined);
      })
      .catch((e: unknown) => setError((e as Error).message));
    sendToBackground('getIntake', {})
      .then(setIntake)
      .catch((e: unknown) => setError((e as Error).message));
    sendToBackground('listClosedToday', { limit: 50 })
      .then(setClosed)
      .catch((e: unknown) => setError((e as Error).message));
  }, [filter, focus, period]);

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
    const stopIntake = onBroadcast('intakeChanged', load);
    const timer = setInterval(load, 60_000);
    return () => {
      stop();
      stopReplaced();
      stopIntake();
      clearInterval(timer);
    };
  }, [load]);

  const dueSoonMs = dueSoonWindow(settings?.dueSoonHours);
  // The name step, shown until the officer saves a name (true) or cancels (false).
  const askName = () => new Promise<boolean>((answer) => setAskingName(() => answer));
  const detail = (item: Assignment) => (
    <ItemDetail
      item={item}
      departments={departments}
      formatTime={formatTime}
      actor={actor}
      onAction={(action) => withOfficerName(() => performItemAction(item.tweetId, action), askName)}
    />
  );
  const openPost = (url: string) => {
    void browser.tabs.create({ url }).then(() => window.close());
  };
  const answerName = (saved: boolean) => {
    askingName?.(saved);
    setAskingName(undefined);
  };
  return (
    <>
      {askingName && (
        <div class="name-step" role="dialog" aria-modal="true" aria-label={t('officerNameTitle')}>
          <OfficerNamePrompt
            onSave={async (name) => {
              await saveOfficerName(name);
              answerName(true);
            }}
            onCancel={() => answerName(false)}
          />
        </div>
      )}
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
      {!focus && actor !== undefined && (
        <IntakeList
          actor={actor}
          intake={intake}
          departments={departments}
          nowMs={nowMs}
          urgentAfterMinutes={
            settings?.intakeUrgentAfterMinutes ?? DEFAULT_SETTINGS.intakeUrgentAfterMinutes
          }
          watching={(settings?.watchedHandles.length ?? 1) > 0}
          onAssign={(mention, departmentId) =>
            withOfficerName(
              () => sendToBackground('assignPost', { post: postOfMention(mention), departmentId }),
              askName,
            )
          }
          onDismiss={(mention) =>
            withOfficerName(
              () => sendToBackground('dismissMention', { tweetId: mention.tweetId }),
              askName,
            )
          }
          onRestore={(mention) => sendToBackground('restoreMention', { tweetId: mention.tweetId })}
          onOpen={openPost}
        />
      )}
      <BacklogView
        actor={actor}
        backlog={
          focus && backlog && !named ? focusBacklog(backlog, focus, nowMs, dueSoonMs) : backlog
        }
        departments={departments}
        departmentFilter={filter}
        nowMs={nowMs}
        dueSoonMs={dueSoonMs}
        error={error}
        onFilter={setFilter}
        detail={detail}
        onOpen={openPost}
        period={period}
        onPeriod={focus ? undefined : setPeriod}
        onBulk={
          actor === undefined
            ? undefined
            : (change, tweetIds) =>
                batchWithOfficerName(
                  () =>
                    sendToBackground('bulkChange', { tweetIds, ...change }).then((r) => r.results),
                  askName,
                )
        }
      />
      {!focus && period === 'today' && (
        <ClosedToday
          items={filter ? closed?.filter((a) => a.departmentId === filter) : closed}
          departments={departments}
          detail={detail}
          onOpen={openPost}
        />
      )}
      <DigestButton load={() => sendToBackground('getEscalationDigest', {})} />
      <ProgrammeStatsContainer />
      <p class="options-link">
        <a href="/report.html" target="_blank" rel="noopener" data-action="open-report">
          {t('reportOpen')}
        </a>
        {' · '}
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('optionsOpenSettings')}
        </button>
      </p>
    </>
  );
}
