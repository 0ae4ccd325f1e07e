import { useEffect, useRef, useState } from 'preact/hooks';
import { FormMessage } from '../../components/FormMessage';
import { errorWords } from '../../utils/i18n/error-words';
import { requestHostPermission } from './host-permission';
import { TeamAccountsPanel } from './team-accounts';
import { t, uiLanguage } from '../../utils/i18n/i18n';
import { onBroadcast, sendToBackground } from '../../utils/messaging/transport';
import { TanggapError } from '../../utils/domain/errors';
import { normaliseServerUrl, permissionPattern } from '../../utils/domain/server-origins';
import {
  agoWords,
  loginErrorWords,
  quarantinedWords,
  refusalWords,
  syncErrorWords,
} from '../../utils/i18n/sync-words';
import { type SyncStatus } from '../../utils/domain/sync-state';
import type { Department } from '../../utils/domain/types';

interface Props {
  departments: readonly Department[];
  /** Requests to the background (the real one by default). */
  send?: typeof sendToBackground;
  /** The browser's permission prompt (the real one by default). */
  requestPermission?: (origins: string[]) => Promise<boolean>;
  now?: () => number;
}

type Message = { text: string; error: boolean } | undefined;
/** A question before an action that loses or replaces something. */
type Question = { kind: 'logout'; waiting: number } | { kind: 'discard'; waiting: number };

/**
 * The options page's "Team" section: the team server's address, log in and out, and how sync
 * is doing (last sync, changes waiting, the last error, what the server refused); for an
 * admin, the team's accounts (team-accounts.tsx).
 */
export function TeamSection({
  departments,
  send = sendToBackground,
  requestPermission = requestHostPermission,
  now = Date.now,
}: Props) {
  const [status, setStatus] = useState<SyncStatus>();
  const [serverUrl, setServerUrl] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>();
  const [question, setQuestion] = useState<Question>();
  const questionButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const show = (s: SyncStatus) => {
      setStatus(s);
      setServerUrl((v) => v || s.serverUrl);
      setUsername((v) => v || s.username);
    };
    send('syncStatus', {})
      .then(show)
      .catch((e: unknown) => setMessage({ text: errorWords(e), error: true }));
    return onBroadcast('syncStatusChanged', ({ status: next }) => show(next));
  }, [send]);

  useEffect(() => {
    if (question) questionButton.current?.focus();
  }, [question]);

  async function run(action: () => Promise<Message>, words = errorWords) {
    setBusy(true);
    setMessage(undefined);
    try {
      setMessage(await action());
    } catch (e) {
      setMessage({ text: words(e), error: true });
    } finally {
      setBusy(false);
    }
  }

  async function logIn(discardWaiting = false): Promise<Message> {
    const s = await send('teamLogin', { serverUrl, username, password, discardWaiting });
    setStatus(s);
    setPassword('');
    setQuestion(undefined);
    return { text: t('teamLoggedIn', s.username, s.team?.name ?? ''), error: false };
  }

  function onLogIn(e: Event) {
    e.preventDefault();
    let origin: string;
    try {
      origin = normaliseServerUrl(serverUrl);
    } catch (error) {
      setMessage({ text: loginErrorWords(error), error: true });
      return;
    }
    // First, within the click: the browser shows its prompt only for a user's gesture.
    const granted = requestPermission([permissionPattern(origin)]);
    void run(async () => {
      if (!(await granted.catch(() => false)))
        return { text: t('teamPermissionRefused'), error: true };
      try {
        return await logIn();
      } catch (error) {
        const waiting = error instanceof TanggapError ? error.data?.waiting : undefined;
        if (typeof waiting === 'number') {
          setQuestion({ kind: 'discard', waiting });
          return undefined;
        }
        throw error;
      }
    }, loginErrorWords);
  }

  function onLogOut() {
    if (status && status.waiting > 0 && !question) {
      setQuestion({ kind: 'logout', waiting: status.waiting });
      return;
    }
    setQuestion(undefined);
    void run(async () => {
      setStatus(await send('teamLogout', {}));
      return { text: t('teamLoggedOut'), error: false };
    });
  }

  function onSyncNow() {
    void run(async () => {
      const s = await send('syncNow', {});
      setStatus(s);
      return s.lastError ? undefined : { text: t('teamSynced'), error: false };
    });
  }

  const roleWords = (s: SyncStatus) => {
    if (s.role === 'admin') return t('teamRoleAdmin');
    if (s.role === 'triage') return t('teamRoleTriage');
    const dept = departments.find((d) => d.id === s.departmentId);
    return t('teamRoleDepartment', dept?.name ?? s.departmentId);
  };

  const questionBox = question && (
    <div class="confirm" role="group" aria-labelledby="team-question">
      <p id="team-question">
        {question.kind === 'logout'
          ? t('teamLogoutWaiting', question.waiting, status?.username ?? '')
          : t('teamDiscardWaiting', question.waiting, status?.username ?? '')}
      </p>
      <div class="actions">
        <button
          type="button"
          class="danger"
          ref={questionButton}
          data-action={question.kind === 'logout' ? 'confirm-logout' : 'confirm-discard'}
          onClick={() =>
            question.kind === 'logout' ? onLogOut() : void run(() => logIn(true), loginErrorWords)
          }
        >
          {question.kind === 'logout' ? t('teamLogOutAnyway') : t('teamDiscardAndLogIn')}
        </button>
        <button type="button" onClick={() => setQuestion(undefined)}>
          {t('teamCancel')}
        </button>
      </div>
    </div>
  );

  const loggedIn = status?.loggedIn === true;
  return (
    <section aria-labelledby="team-heading" data-section="team">
      <h2 id="team-heading">{t('teamHeading')}</h2>
      <p class="help">{t('teamHelp')}</p>
      {status && loggedIn && (
        <dl class="team-status">
          <dt>{t('teamSignedInAs')}</dt>
          <dd data-status="user">
            {status.username} ({roleWords(status)})
          </dd>
          <dt>{t('teamTeam')}</dt>
          <dd>{status.team?.name}</dd>
          <dt>{t('teamServer')}</dt>
          <dd>{status.serverUrl}</dd>
          <dt>{t('teamLastSync')}</dt>
          <dd data-status="last-sync">
            {status.lastSyncAt ? agoWords(status.lastSyncAt, now(), uiLanguage()) : t('teamNever')}
          </dd>
          <dt>{t('teamWaiting')}</dt>
          <dd data-status="waiting">{status.waiting}</dd>
        </dl>
      )}
      {status?.lastError && (
        <p class="error" data-status="last-error">
          {syncErrorWords(status.lastError)}
        </p>
      )}
      {status && status.refusals.length > 0 && (
        <div>
          <h3>{t('teamRefusalsHeading')}</h3>
          <ul class="team-refusals">
            {[...status.refusals].reverse().map((r) => (
              <li key={`${r.id}-${r.at}`} data-refusal={r.code}>
                {r.tweetId
                  ? t('teamRefusedItem', refusalWords(r.code), r.tweetId)
                  : t('teamRefused', refusalWords(r.code))}{' '}
                <span class="detail">{t('teamRefusalDetail', r.message)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}

      {status && status.quarantined.length > 0 && (
        <div>
          <h3>{t('teamQuarantineHeading', status.quarantined.length)}</h3>
          <p class="help">{t('teamQuarantineHelp')}</p>
          <ul class="team-quarantined">
            {[...status.quarantined].reverse().map((q) => (
              <li key={`${q.kind}-${q.id}-${q.reason}`} data-quarantined={q.kind}>
                {quarantinedWords(q)}{' '}
                <span class="detail">{t('teamQuarantineReason', q.reason)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}

      {loggedIn ? (
        <div class="actions">
          <button type="button" disabled={busy} onClick={onSyncNow}>
            {t('teamSyncNow')}
          </button>
          <button type="button" disabled={busy} onClick={onLogOut}>
            {t('teamLogOut')}
          </button>
        </div>
      ) : (
        <form onSubmit={onLogIn}>
          <div class="field">
            <label for="team-server">{t('teamServerUrl')}</label>
            <input
              id="team-server"
              name="serverUrl"
              type="url"
              inputMode="url"
              autoComplete="url"
              placeholder="https://tanggap.example.go.id"
              required
              value={serverUrl}
              onInput={(e) => setServerUrl(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="team-username">{t('teamUsername')}</label>
            <input
              id="team-username"
              name="username"
              autoComplete="username"
              required
              value={username}
              onInput={(e) => setUsername(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="team-password">{t('teamPassword')}</label>
            <input
              id="team-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </div>
          {status && status.itemsHere > 0 && (
            <p class="help" id="team-replace">
              {t('teamReplaceWarning', status.itemsHere)}
            </p>
          )}
          <div class="actions">
            <button
              type="submit"
              disabled={busy}
              aria-describedby={status?.itemsHere ? 'team-replace' : undefined}
            >
              {t('teamLogIn')}
            </button>
          </div>
        </form>
      )}
      {questionBox}
      <FormMessage message={message} />
      {loggedIn && status.role === 'admin' && (
        <TeamAccountsPanel departments={departments} send={send} />
      )}
    </section>
  );
}
