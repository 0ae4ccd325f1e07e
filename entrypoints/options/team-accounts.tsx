import { useEffect, useRef, useState } from 'preact/hooks';
import { FormMessage } from '../../components/FormMessage';
import { t, uiLanguage } from '../../utils/i18n/i18n';
import { loginErrorWords } from '../../utils/i18n/sync-words';
import type { sendToBackground } from '../../utils/messaging/transport';
import type { Role } from '../../utils/domain/actor';
import type { AccountAction, TeamAccount, TeamAccounts } from '../../utils/domain/admin-protocol';
import type { Department } from '../../utils/domain/types';

interface Props {
  departments: readonly Department[];
  send: typeof sendToBackground;
}

type Message = { text: string; error: boolean } | undefined;

/** The actions that take something from a colleague, asked again before they are done. */
type ConfirmedAction = Extract<AccountAction, 'disable' | 'password' | 'revoke-tokens'>;
const ASKS_FIRST: readonly AccountAction[] = ['disable', 'password', 'revoke-tokens'];

/** A role and its department in one value of a select: `admin`, `triage`, `department:dlh`. */
const roleValue = (role: Role, departmentId = '') =>
  role === 'department' ? `department:${departmentId}` : role;
function roleOf(value: string): { role: Role; departmentId?: string } {
  if (value.startsWith('department:')) {
    return { role: 'department', departmentId: value.slice('department:'.length) };
  }
  return { role: value as Role };
}

/**
 * The Team section's part for admins: the team's accounts on the server, and what an admin
 * does to them (create, disable or enable, a new password, end the logins, another role). A
 * generated password is shown once, with a button that copies it.
 */
export function TeamAccountsPanel({ departments, send }: Props) {
  const [team, setTeam] = useState<TeamAccounts>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>();
  const [shown, setShown] = useState<{ username: string; password: string }>();
  const [newName, setNewName] = useState('');
  const [newRole, setNewRole] = useState('triage');
  const [roles, setRoles] = useState<Record<string, string>>({});
  const [asking, setAsking] = useState<{ username: string; action: ConfirmedAction }>();
  const yesRef = useRef<HTMLButtonElement>(null);
  const askedFrom = useRef<HTMLButtonElement | null>(null);

  useEffect(() => {
    if (asking) yesRef.current?.focus();
  }, [asking]);

  async function load() {
    setTeam(await send('teamAccounts', {}));
  }
  useEffect(() => {
    load().catch((e: unknown) => setMessage({ text: loginErrorWords(e), error: true }));
  }, [send]);

  async function run(action: () => Promise<Message>) {
    setBusy(true);
    setMessage(undefined);
    try {
      setMessage(await action());
      await load();
    } catch (e) {
      setMessage({ text: loginErrorWords(e), error: true });
    } finally {
      setBusy(false);
    }
  }

  const roleWords = (role: Role, departmentId: string) => {
    if (role === 'admin') return t('teamRoleAdmin');
    if (role === 'triage') return t('teamRoleTriage');
    const dept = departments.find((d) => d.id === departmentId);
    return t('teamRoleDepartment', dept?.name ?? departmentId);
  };

  /** An action from a row's button: the ones in ASKS_FIRST wait for "Yes". */
  function request(user: TeamAccount, action: AccountAction, from: HTMLButtonElement) {
    if (!ASKS_FIRST.includes(action)) return change(user, action);
    askedFrom.current = from;
    setAsking({ username: user.username, action: action as ConfirmedAction });
  }

  function answer(yes: boolean) {
    const question = asking;
    setAsking(undefined);
    const user = team?.users.find((u) => u.username === question?.username);
    if (yes && user && question) change(user, question.action);
    else askedFrom.current?.focus();
  }

  const questions: Record<ConfirmedAction, (name: string) => string> = {
    disable: (name) => t('teamConfirmDisable', name),
    password: (name) => t('teamConfirmPassword', name),
    'revoke-tokens': (name) => t('teamConfirmEndLogins', name),
  };

  function change(user: TeamAccount, action: AccountAction) {
    setShown(undefined);
    void run(async () => {
      const chosen = roleOf(roles[user.username] ?? roleValue(user.role, user.departmentId));
      const answer = await send('teamChangeAccount', {
        username: user.username,
        action,
        ...(action === 'role' ? chosen : {}),
      });
      if (answer.password) setShown({ username: user.username, password: answer.password });
      const words: Record<AccountAction, string> = {
        disable: t('teamAccountDisabled', user.username),
        enable: t('teamAccountEnabled', user.username),
        'revoke-tokens': t('teamAccountLoginsEnded', user.username),
        password: t('teamAccountPasswordReset', user.username),
        role: t('teamAccountRoleChanged', user.username),
      };
      return { text: words[action], error: false };
    });
  }

  function onCreate(e: Event) {
    e.preventDefault();
    setShown(undefined);
    void run(async () => {
      const answer = await send('teamCreateAccount', { username: newName, ...roleOf(newRole) });
      const username = answer.user?.username ?? newName;
      if (answer.password) setShown({ username, password: answer.password });
      setNewName('');
      return { text: t('teamAccountCreated', username), error: false };
    });
  }

  const roleSelect = (id: string, value: string, onChange: (v: string) => void, label: string) => (
    <select
      id={id}
      value={value}
      aria-label={label}
      onChange={(e) => onChange(e.currentTarget.value)}
    >
      <option value="admin">{t('teamRoleAdmin')}</option>
      <option value="triage">{t('teamRoleTriage')}</option>
      {departments.map((d) => (
        <option key={d.id} value={roleValue('department', d.id)}>
          {t('teamRoleDepartment', d.name)}
        </option>
      ))}
    </select>
  );

  return (
    <div class="team-accounts" data-section="team-accounts">
      <h3 id="team-accounts-heading">{t('teamAccountsHeading')}</h3>
      {team && <p class="help">{t('teamAccountsHelp', team.team.name, team.team.id)}</p>}
      {shown && (
        <div class="shown-password" role="group" aria-labelledby="team-shown-password">
          <p id="team-shown-password">{t('teamAccountPasswordOnce', shown.username)}</p>
          <p>
            <code data-password>{shown.password}</code>{' '}
            <button
              type="button"
              onClick={() =>
                void navigator.clipboard
                  .writeText(shown.password)
                  .then(() => setMessage({ text: t('teamAccountPasswordCopied'), error: false }))
                  .catch(() => setMessage({ text: t('teamAccountPasswordNotCopied'), error: true }))
              }
            >
              {t('teamAccountCopyPassword')}
            </button>{' '}
            <button type="button" onClick={() => setShown(undefined)}>
              {t('teamAccountPasswordDone')}
            </button>
          </p>
        </div>
      )}
      {team && (
        <table aria-labelledby="team-accounts-heading">
          <thead>
            <tr>
              <th scope="col">{t('teamAccountName')}</th>
              <th scope="col">{t('teamAccountRole')}</th>
              <th scope="col">{t('teamAccountLastLogin')}</th>
              <th scope="col">{t('teamAccountActions')}</th>
            </tr>
          </thead>
          <tbody>
            {team.users.map((u) => (
              <tr key={u.username} data-account={u.username}>
                <th scope="row">
                  {u.username}
                  {u.disabled && <span class="detail"> ({t('teamAccountIsDisabled')})</span>}
                </th>
                <td>{roleWords(u.role, u.departmentId)}</td>
                <td>
                  {u.lastLoginAt
                    ? new Date(u.lastLoginAt).toLocaleString(uiLanguage())
                    : t('teamNever')}
                </td>
                <td class="actions">
                  <button
                    type="button"
                    disabled={busy}
                    data-action={u.disabled ? 'enable' : 'disable'}
                    onClick={(e) => request(u, u.disabled ? 'enable' : 'disable', e.currentTarget)}
                  >
                    {u.disabled
                      ? t('teamAccountEnable', u.username)
                      : t('teamAccountDisable', u.username)}
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    data-action="password"
                    onClick={(e) => request(u, 'password', e.currentTarget)}
                  >
                    {t('teamAccountResetPassword', u.username)}
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    data-action="revoke-tokens"
                    onClick={(e) => request(u, 'revoke-tokens', e.currentTarget)}
                  >
                    {t('teamAccountEndLogins', u.username)}
                  </button>
                  {roleSelect(
                    `team-role-${u.username}`,
                    roles[u.username] ?? roleValue(u.role, u.departmentId),
                    (v) => setRoles((r) => ({ ...r, [u.username]: v })),
                    t('teamAccountNewRole', u.username),
                  )}
                  <button
                    type="button"
                    disabled={busy}
                    data-action="role"
                    onClick={() => change(u, 'role')}
                  >
                    {t('teamAccountChangeRole', u.username)}
                  </button>
                  {asking?.username === u.username && (
                    <div
                      class="confirm"
                      role="group"
                      aria-label={questions[asking.action](u.username)}
                      data-confirm={asking.action}
                      onKeyDown={(e) => {
                        if (e.key === 'Escape') answer(false);
                      }}
                    >
                      <span>{questions[asking.action](u.username)}</span>{' '}
                      <button
                        type="button"
                        class="danger"
                        data-action="confirm"
                        ref={yesRef}
                        onClick={() => answer(true)}
                      >
                        {t('teamConfirmYes')}
                      </button>{' '}
                      <button type="button" data-action="cancel" onClick={() => answer(false)}>
                        {t('teamConfirmCancel')}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={onCreate} aria-labelledby="team-new-account">
        <h4 id="team-new-account">{t('teamAccountNew')}</h4>
        <div class="field">
          <label for="team-new-name">{t('teamUsername')}</label>
          <input
            id="team-new-name"
            name="username"
            required
            value={newName}
            onInput={(e) => setNewName(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="team-new-role">{t('teamAccountRole')}</label>
          {roleSelect('team-new-role', newRole, setNewRole, t('teamAccountRole'))}
        </div>
        <div class="actions">
          <button type="submit" disabled={busy}>
            {t('teamAccountCreate')}
          </button>
        </div>
      </form>
      <FormMessage message={message} />
    </div>
  );
}
