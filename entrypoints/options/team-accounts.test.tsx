// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createSyncStatus } from '../../tests/factories';
import { fakeSend } from '../../tests/fake-send';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { TanggapError } from '../../utils/domain/errors';
import { setLanguage } from '../../utils/i18n/i18n';
import type { TeamAccounts } from '../../utils/domain/admin-protocol';
import type { SyncStatus } from '../../utils/domain/sync-state';
import { TeamSection } from './team-section';

let root: HTMLElement;
let calls: { name: string; data: unknown }[];
let answers: Record<string, (data: never) => unknown>;
const send = fakeSend(
  (name, data) => calls.push({ name, data }),
  (name) => answers[name],
);

const accounts: TeamAccounts = {
  team: { id: 'kota-raya', name: 'Kota Raya' },
  users: [
    { username: 'rina', role: 'admin', departmentId: '', disabled: false, lastLoginAt: null },
    {
      username: 'budi',
      role: 'department',
      departmentId: 'dlh',
      disabled: true,
      lastLoginAt: '2025-03-10T03:00:00.000Z',
    },
  ],
};
const loggedInAs = (role: SyncStatus['role']) =>
  createSyncStatus({
    loggedIn: true,
    serverUrl: 'https://tanggap.example.go.id',
    username: 'rina',
    role,
    departmentId: role === 'department' ? 'dlh' : '',
    team: { id: 'kota-raya', name: 'Kota Raya' },
  });

beforeEach(() => {
  setLanguage('en');
  root = document.createElement('div');
  document.body.append(root);
  calls = [];
  answers = { teamAccounts: () => accounts };
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
});

const flush = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
const panel = () => root.querySelector('[data-section="team-accounts"]')!;
const sent = (name: string) => calls.filter((c) => c.name === name).map((c) => c.data);
const button = (name: string) =>
  [...root.querySelectorAll('button')].find((b) => b.textContent === name)!;

async function mount(status: SyncStatus) {
  answers.syncStatus = () => status;
  act(() => render(null, root));
  act(() =>
    render(
      <TeamSection
        departments={DEFAULT_DEPARTMENTS}
        send={send}
        requestPermission={async () => true}
      />,
      root,
    ),
  );
  await flush();
}

test('only an admin sees the team accounts, and the others never ask for them', async () => {
  for (const role of ['triage', 'department'] as const) {
    await mount(loggedInAs(role));
    expect(root.querySelector('[data-section="team-accounts"]')).toBeNull();
  }
  await mount(createSyncStatus());
  expect(root.querySelector('[data-section="team-accounts"]')).toBeNull();
  expect(sent('teamAccounts')).toEqual([]);

  await mount(loggedInAs('admin'));
  const panel = root.querySelector('[data-section="team-accounts"]')!;
  expect(panel.textContent).toContain('Accounts of the team Kota Raya (kota-raya)');
  const table = panel.querySelector('table')!;
  expect(table.getAttribute('aria-labelledby')).toBe('team-accounts-heading');
  expect([...table.querySelectorAll('th[scope="col"]')].map((th) => th.textContent)).toEqual([
    'Name',
    'Role',
    'Last login',
    'Actions',
  ]);
  const budi = table.querySelector('[data-account="budi"]')!;
  expect(budi.querySelector('th[scope="row"]')!.textContent).toBe('budi (disabled)');
  expect(budi.textContent).toContain('officer of Dinas Lingkungan Hidup');
  expect(table.querySelector('[data-account="rina"]')!.textContent).toContain('not yet');
  // Each action's name says whose account it acts on.
  expect(button('Enable budi')).toBeDefined();
  expect(button('Disable rina')).toBeDefined();
  expect(root.querySelector('select#team-role-budi')!.getAttribute('aria-label')).toBe(
    'New role for budi',
  );
});

test('the actions ask the background, and a new password is shown once with a copy button', async () => {
  const writeText = vi.fn(async () => {});
  Object.assign(navigator, { clipboard: { writeText } });
  answers.teamChangeAccount = (req: { username: string; action: string }) =>
    req.action === 'password' ? { password: 'AbcdEfgh2345Jkmn67' } : {};
  await mount(loggedInAs('admin'));

  act(() => button('Enable budi').click());
  await flush();
  act(() => button('Log rina out everywhere').click());
  await flush();
  // Taking something from a colleague is asked again; nothing is sent before "Yes".
  const question = root.querySelector('[data-confirm="revoke-tokens"]')!;
  expect(question.textContent).toContain('Log rina out everywhere? Every browser of theirs');
  expect(document.activeElement).toBe(button('Yes, go ahead'));
  expect(sent('teamChangeAccount')).toEqual([{ username: 'budi', action: 'enable' }]);
  act(() => button('Yes, go ahead').click());
  await flush();
  const select = root.querySelector<HTMLSelectElement>('select#team-role-budi')!;
  act(() => {
    select.value = 'triage';
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  act(() => button('Change the role of budi').click());
  await flush();
  expect(sent('teamChangeAccount')).toEqual([
    { username: 'budi', action: 'enable' },
    { username: 'rina', action: 'revoke-tokens' },
    { username: 'budi', action: 'role', role: 'triage' },
  ]);
  // After each change the list is asked for again.
  expect(sent('teamAccounts')).toHaveLength(4);
  expect(panel().querySelector('[role="status"]')!.textContent).toBe(
    'budi has a new role; they log in again to use it.',
  );
  expect(root.querySelector('[data-password]')).toBeNull();

  act(() => button('New password for budi').click());
  act(() => button('Yes, go ahead').click());
  await flush();
  expect(root.querySelector('[data-password]')!.textContent).toBe('AbcdEfgh2345Jkmn67');
  expect(root.textContent).toContain('The password of budi, shown only this once');
  act(() => button('Copy the password').click());
  await flush();
  expect(writeText).toHaveBeenCalledWith('AbcdEfgh2345Jkmn67');
  expect(panel().querySelector('[role="status"]')!.textContent).toBe('Password copied.');
  act(() => button('Done, hide it').click());
  expect(root.querySelector('[data-password]')).toBeNull();
  expect(root.textContent).not.toContain('AbcdEfgh2345Jkmn67');
});

test('a new account is created through the background; a refusal is shown as an alert', async () => {
  answers.teamCreateAccount = () => ({
    user: {
      username: 'siti',
      role: 'department',
      departmentId: 'pdam',
      disabled: false,
      lastLoginAt: null,
    },
    password: 'Pqrs2345TuvwXyz678',
  });
  await mount(loggedInAs('admin'));
  const name = root.querySelector<HTMLInputElement>('#team-new-name')!;
  const role = root.querySelector<HTMLSelectElement>('#team-new-role')!;
  act(() => {
    name.value = 'Siti';
    name.dispatchEvent(new Event('input', { bubbles: true }));
    role.value = 'department:pdam';
    role.dispatchEvent(new Event('change', { bubbles: true }));
  });
  act(() => button('Create the account').click());
  await flush();
  expect(sent('teamCreateAccount')).toEqual([
    { username: 'Siti', role: 'department', departmentId: 'pdam' },
  ]);
  expect(root.querySelector('[data-password]')!.textContent).toBe('Pqrs2345TuvwXyz678');
  expect(panel().querySelector('[role="status"]')!.textContent).toBe('Account siti created.');
  expect(name.value).toBe('');

  answers.teamChangeAccount = () => {
    throw new TanggapError('sync-failed', 'refused', {
      data: { reason: 'refused', detail: "rina is the team's last active admin" },
    });
  };
  act(() => button('Disable rina').click());
  act(() => button('Yes, go ahead').click());
  await flush();
  expect(panel().querySelector('[role="alert"]')!.textContent).toContain(
    "rina is the team's last active admin",
  );
  // The password shown before is gone: it belonged to another action.
  expect(root.querySelector('[data-password]')).toBeNull();
});

test('a question answered "Cancel" or Esc sends nothing and gives the focus back', async () => {
  await mount(loggedInAs('admin'));
  const disable = button('Disable rina');
  act(() => disable.click());
  act(() => button('Cancel').click());
  expect(root.querySelector('[data-confirm]')).toBeNull();
  expect(document.activeElement).toBe(disable);

  const reset = button('New password for budi');
  act(() => reset.click());
  expect(root.querySelector('[data-confirm="password"]')!.textContent).toContain(
    'Their old password stops working',
  );
  act(() => {
    document.activeElement!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }),
    );
  });
  expect(root.querySelector('[data-confirm]')).toBeNull();
  expect(document.activeElement).toBe(reset);
  await flush();
  expect(sent('teamChangeAccount')).toEqual([]);
});
