// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createSyncStatus } from '../../tests/factories';
import { fakeSend } from '../../tests/fake-send';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { setLanguage } from '../../utils/i18n/i18n';
import { TanggapError } from '../../utils/domain/errors';
import type { SyncStatus } from '../../utils/domain/sync-state';
import { TeamSection } from './team-section';

const NOW = Date.parse('2025-03-10T04:00:00.000Z');
let root: HTMLElement;
let calls: { name: string; data: unknown }[];
let answers: Record<string, (data: never) => unknown>;
let permission: ReturnType<typeof vi.fn<(origins: string[]) => Promise<boolean>>>;
const send = fakeSend(
  (name, data) => calls.push({ name, data }),
  (name) => answers[name],
);

const signedIn = createSyncStatus({
  loggedIn: true,
  serverUrl: 'https://tanggap.example.go.id',
  username: 'budi',
  role: 'department',
  departmentId: 'dlh',
  team: { id: 't1', name: 'Kota Raya' },
  lastSyncAt: '2025-03-10T03:58:00.000Z',
  waiting: 3,
});

beforeEach(() => {
  setLanguage('en');
  root = document.createElement('div');
  document.body.append(root);
  calls = [];
  answers = { syncStatus: () => createSyncStatus() };
  permission = vi.fn(async () => true);
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
});

const flush = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
const $ = <T extends HTMLElement = HTMLElement>(selector: string) =>
  root.querySelector<T>(selector);
const sent = (name: string) => calls.filter((c) => c.name === name);
const text = () => root.textContent ?? '';

async function mount(status: SyncStatus = createSyncStatus()) {
  answers.syncStatus = () => status;
  act(() =>
    render(
      <TeamSection
        departments={DEFAULT_DEPARTMENTS}
        send={send}
        requestPermission={permission}
        now={() => NOW}
      />,
      root,
    ),
  );
  await flush();
}

function type(name: string, value: string) {
  const input = $<HTMLInputElement>(`input[name="${name}"]`)!;
  act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function submit() {
  act(() => {
    $('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
  await flush();
}

async function click(selector: string) {
  act(() => $(selector)!.click());
  await flush();
}

const button = (label: string) =>
  [...root.querySelectorAll('button')].find((b) => b.textContent === label)!;

describe('logging in', () => {
  test('labelled fields by name, filled with the last login’s server and user', async () => {
    await mount(createSyncStatus({ serverUrl: 'https://tanggap.example.go.id', username: 'budi' }));
    for (const name of ['serverUrl', 'username', 'password']) {
      const input = $<HTMLInputElement>(`input[name="${name}"]`)!;
      expect(root.querySelector(`label[for="${input.id}"]`)?.textContent).toBeTruthy();
    }
    expect($<HTMLInputElement>('input[name="serverUrl"]')!.value).toBe(
      'https://tanggap.example.go.id',
    );
    expect($<HTMLInputElement>('input[name="username"]')!.value).toBe('budi');
    expect($<HTMLInputElement>('input[name="password"]')!.type).toBe('password');
  });

  test('asks for the server’s permission first; refused, it logs in nowhere', async () => {
    await mount();
    type('serverUrl', 'https://tanggap.example.go.id');
    type('username', 'siti');
    type('password', 'kata-sandi-panjang-1');
    permission.mockResolvedValue(false);
    await submit();
    expect(permission).toHaveBeenCalledWith(['https://tanggap.example.go.id/*']);
    expect(sent('teamLogin')).toEqual([]);
    expect($('[role="alert"]')?.textContent).toMatch(/needs your permission to reach this server/);
  });

  test('a plain-http address elsewhere is refused before any prompt', async () => {
    await mount();
    type('serverUrl', 'http://tanggap.example.go.id');
    await submit();
    expect(permission).not.toHaveBeenCalled();
    expect($('[role="alert"]')?.textContent).toMatch(/HTTPS is required/);
  });

  test.each([
    ['http://tanggap.example.go.id', 'Alamat server tim harus diawali https:// (wajib HTTPS)'],
    ['bukan alamat', '"bukan alamat" bukan alamat web seperti https://tanggap.example.go.id'],
    [
      'https://tanggap.example.go.id/admin',
      'Cukup isi alamat server timnya saja, misalnya https://tanggap.example.go.id',
    ],
  ])('in Indonesian, the address %s is refused in Indonesian', async (address, words) => {
    setLanguage('id');
    await mount();
    type('serverUrl', address);
    await submit();
    expect(permission).not.toHaveBeenCalled();
    expect($('[role="alert"]')?.textContent).toBe(words);
  });

  test('a login error from the server is said in the UI’s language', async () => {
    setLanguage('id');
    await mount();
    answers.teamLogin = () => {
      throw new TanggapError('sync-failed', 'The name or the password is wrong', {
        data: { reason: 'bad-login' },
      });
    };
    type('serverUrl', 'https://tanggap.example.go.id');
    await submit();
    expect($('[role="alert"]')?.textContent).toBe('Nama pengguna atau kata sandi salah.');
  });

  test('granted, it logs in and shows who is signed in; the password is cleared', async () => {
    await mount();
    answers.teamLogin = () => signedIn;
    type('serverUrl', 'https://tanggap.example.go.id');
    type('username', 'budi');
    type('password', 'kata-sandi-panjang-1');
    await submit();
    expect(sent('teamLogin')).toEqual([
      {
        name: 'teamLogin',
        data: {
          serverUrl: 'https://tanggap.example.go.id',
          username: 'budi',
          password: 'kata-sandi-panjang-1',
          discardWaiting: false,
        },
      },
    ]);
    expect($('[role="status"]')?.textContent).toBe('Logged in as budi to the team Kota Raya.');
    expect($('input[name="password"]')).toBeNull();
  });

  test('a wrong password is said in plain words', async () => {
    await mount();
    answers.teamLogin = () => {
      throw new TanggapError('sync-failed', 'x', { data: { reason: 'bad-login' } });
    };
    type('serverUrl', 'https://tanggap.example.go.id');
    await submit();
    expect($('[role="alert"]')?.textContent).toBe('The name or the password is wrong.');
  });

  test('another user’s waiting changes are discarded only when the officer agrees', async () => {
    await mount(createSyncStatus({ username: 'siti', serverUrl: 'https://a.example.go.id' }));
    answers.teamLogin = (data: { discardWaiting: boolean }) => {
      if (!data.discardWaiting) {
        throw new TanggapError('sync-failed', 'waiting', {
          data: { reason: 'waiting', waiting: 2 },
        });
      }
      return signedIn;
    };
    type('username', 'budi');
    await submit();
    expect(text()).toMatch(/2 changes made as siti have not reached their server/);
    expect(document.activeElement?.getAttribute('data-action')).toBe('confirm-discard');
    await click('[data-action="confirm-discard"]');
    expect(
      sent('teamLogin').map((c) => (c.data as { discardWaiting: boolean }).discardWaiting),
    ).toEqual([false, true]);
    expect(text()).toMatch(/Signed in as/);
  });

  test('warns, before a first login, that this browser’s items will be replaced', async () => {
    await mount(createSyncStatus({ itemsHere: 12 }));
    const warning = $('#team-replace')!;
    expect(warning.textContent).toMatch(/holds 12 items.*download a backup first/);
    expect($('button[type="submit"]')!.getAttribute('aria-describedby')).toBe('team-replace');
  });
});

describe('signed in', () => {
  test('status: user, role and department, team, last sync, waiting, last error, refusals', async () => {
    await mount({
      ...signedIn,
      lastError: { code: 'timeout', at: '2025-03-10T03:59:00.000Z' },
      refusals: [
        {
          id: 4,
          code: 'forbidden',
          message: 'This item is with dishub',
          name: 'setStatus',
          tweetId: '1900000000000000123',
          at: '2025-03-10T03:59:00.000Z',
        },
      ],
    });
    expect($('[data-status="user"]')?.textContent).toBe('budi (officer of Dinas Lingkungan Hidup)');
    expect(text()).toContain('Kota Raya');
    expect($('[data-status="last-sync"]')?.textContent).toMatch(/^2 min\.? ago$/);
    expect($('[data-status="waiting"]')?.textContent).toBe('3');
    expect($('[data-status="last-error"]')?.textContent).toBe(
      'The team server did not answer (timed out after 15 s). Tanggap will try again.',
    );
    const refusal = $('[data-refusal="forbidden"]')!;
    expect(refusal.textContent).toBe(
      'The server refused: Your role or department does not allow this change ' +
        "(post 1900000000000000123) Server's message: This item is with dishub",
    );
  });

  test.each([
    ['forbidden', 'Peran atau SKPD Anda tidak berwenang melakukan perubahan ini'],
    ['unknown-department', 'SKPD tersebut sudah tidak ada di daftar SKPD tim'],
    ['department-in-use', 'Masih ada aduan yang ditugaskan ke SKPD ini'],
    ['not-found', 'Aduan atau SKPD tersebut tidak ada di server tim'],
    ['bad-request', 'Perubahan ini tidak sah'],
    ['rate-limited', 'Server tim tidak menerima perubahan ini'],
  ])(
    'a refusal %s is said in Indonesian, the server’s words only as a detail',
    async (code, words) => {
      setLanguage('id');
      await mount({
        ...signedIn,
        refusals: [
          { id: 7, code, message: 'English words', name: 'removeDepartment', tweetId: '', at: '' },
        ],
      });
      const refusal = $(`[data-refusal="${code}"]`)!;
      expect(refusal.textContent).toBe(`Server menolak: ${words} Pesan dari server: English words`);
      expect(refusal.querySelector('.detail')?.textContent).toBe(
        'Pesan dari server: English words',
      );
    },
  );

  const quarantined: SyncStatus['quarantined'] = [
    {
      kind: 'assignment',
      id: '1900000000000000456',
      version: 12,
      reason: 'assignment.history[0].at is out of range: "…"',
      at: '2025-03-10T03:59:00.000Z',
      reported: true,
    },
    {
      kind: 'department',
      id: 'dlh',
      version: 13,
      reason: 'department.slaHours must be a whole number of hours from 1 to 720',
      at: '2025-03-10T03:59:30.000Z',
      reported: false,
    },
  ];

  test('the records from the team that could not be read here, newest first, with why', async () => {
    await mount({ ...signedIn, quarantined });

    expect(text()).toContain('Records from the team this browser could not read: 2');
    expect(text()).toContain('Sync goes on without them');
    expect([...root.querySelectorAll('[data-quarantined]')].map((li) => li.textContent)).toEqual([
      'Department dlh (department.slaHours must be a whole number of hours from 1 to 720)',
      'Post 1900000000000000456 (assignment.history[0].at is out of range: "…")',
    ]);
  });

  test('the records not readable here, in Indonesian', async () => {
    setLanguage('id');
    await mount({ ...signedIn, quarantined: [{ ...quarantined[0]!, id: '' }] });
    expect(text()).toContain('Data dari tim yang tidak dapat dibaca peramban ini: 1');
    expect($('[data-quarantined="assignment"]')?.textContent).toBe(
      'Sebuah unggahan tanpa id yang terbaca (assignment.history[0].at is out of range: "…")',
    );
  });

  test('with every record readable, nothing is said of them', async () => {
    await mount(signedIn);
    expect($('[data-quarantined]')).toBeNull();
    expect(text()).not.toContain('could not read');
  });

  test('in Indonesian', async () => {
    setLanguage('id');
    await mount({ ...signedIn, lastError: { code: 'session-ended', at: '' } });
    expect($('[data-status="user"]')?.textContent).toBe('budi (petugas Dinas Lingkungan Hidup)');
    expect($('[data-status="last-sync"]')?.textContent).toMatch(/^2 mnt\.? lalu$/);
    expect($('[data-status="last-error"]')?.textContent).toMatch(/^Sesi Anda sudah berakhir/);
    expect(button('Sinkronkan sekarang')).toBeDefined();
  });

  test('logging out with changes waiting asks first', async () => {
    await mount(signedIn);
    answers.teamLogout = () => createSyncStatus({ username: 'budi', waiting: 3 });
    act(() => button('Log out').click());
    await flush();
    expect(sent('teamLogout')).toEqual([]);
    expect(text()).toMatch(/3 changes have not reached the server/);
    await click('[data-action="confirm-logout"]');
    expect(sent('teamLogout')).toHaveLength(1);
    expect($('[role="status"]')?.textContent).toMatch(/^Logged out/);
    expect($('input[name="serverUrl"]')).not.toBeNull();
  });

  test('sync now shows the result', async () => {
    await mount(signedIn);
    answers.syncNow = () => ({ ...signedIn, waiting: 0 });
    act(() => button('Sync now').click());
    await flush();
    expect($('[role="status"]')?.textContent).toBe('Synced with the team server.');
    expect($('[data-status="waiting"]')?.textContent).toBe('0');
  });
});
