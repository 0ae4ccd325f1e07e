// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { exportDirectory } from '../../utils/domain/directory';
import { setLanguage } from '../../utils/i18n/i18n';
import { DEFAULT_PROGRAMMES } from '../../utils/domain/programmes';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/domain/settings';
import type { Actor } from '../../utils/domain/actor';
import { createActor } from '../../tests/factories';
import { OptionsApp } from './OptionsApp';

const calls: { name: string; data: unknown }[] = [];
let stored: Settings;
/** Who is signed in; null: no team. */
let signedIn: Actor | null = null;

vi.mock('../../utils/messaging/transport', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../utils/messaging/transport')>();
  const answers: Record<string, (data: never) => unknown> = {
    getSettings: () => stored,
    saveSettings: ({ settings }: { settings: Settings }) => (stored = settings),
    listDepartments: () => DEFAULT_DEPARTMENTS,
    listProgrammes: () => DEFAULT_PROGRAMMES,
    programmeStats: () => ({ days: [], programmes: [] }),
    importDirectory: ({ departments }: { departments: unknown[] }) => departments,
    getActor: () => signedIn,
  };
  return {
    ...actual,
    sendToBackground: async (name: string, data: unknown) => {
      calls.push({ name, data });
      const answer = answers[name];
      if (!answer) throw new Error(`unexpected ${name}`);
      return answer(data as never);
    },
  };
});

let root: HTMLElement;
beforeEach(async () => {
  calls.length = 0;
  stored = { ...structuredClone(DEFAULT_SETTINGS), language: 'en' } as Settings;
  root = document.createElement('div');
  document.body.append(root);
  act(() => render(<OptionsApp />, root));
  await flush();
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
  setLanguage('auto');
  signedIn = null;
});

const flush = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
const headings = () => [...root.querySelectorAll('h2')].map((h) => h.textContent);
const importInput = () => root.querySelector<HTMLInputElement>('[name="directoryImport"]')!;

async function choose(file: File) {
  const input = importInput();
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await flush();
}

test('shows every section with the stored settings and directory', () => {
  expect(root.querySelector('h1')!.textContent).toBe('Tanggap — settings');
  expect(headings()).toEqual(
    expect.arrayContaining(['Settings', 'Departments', 'Programmes', 'Export and backup']),
  );
  expect(root.querySelectorAll('[data-department-id]')).toHaveLength(DEFAULT_DEPARTMENTS.length);
  expect(root.querySelectorAll('[data-programme-id]')).toHaveLength(DEFAULT_PROGRAMMES.length);
});

test('choosing Indonesian and saving re-words the whole page at once', async () => {
  const select = root.querySelector<HTMLSelectElement>('[name="language"]')!;
  await act(() => {
    select.value = 'id';
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await act(() => root.querySelector<HTMLFormElement>('form.settings')!.requestSubmit());
  await flush();
  expect(calls.filter((c) => c.name === 'saveSettings')).toHaveLength(1);
  expect(root.querySelector('h1')!.textContent).toBe('Tanggap — pengaturan');
  expect(headings()).toEqual(
    expect.arrayContaining(['Pengaturan', 'Daftar SKPD', 'Program', 'Ekspor dan cadangan']),
  );
  expect(document.documentElement.lang).toBe('id');
});

test('a directory file over 1 MB is refused before it is read, in words', async () => {
  const big = new File([new Uint8Array(1_500_000)], 'directory.json', {
    type: 'application/json',
  });
  const read = vi.spyOn(big, 'text');
  await choose(big);
  expect(read).not.toHaveBeenCalled();
  expect(calls.some((c) => c.name === 'importDirectory')).toBe(false);
  expect(root.querySelector('.transfer [role="alert"]')!.textContent).toBe(
    'The file is too big (1.5 MB; a directory file is at most 1 MB). Nothing was read.',
  );
});

test('a directory file within the limit is imported', async () => {
  const json = JSON.stringify(exportDirectory(DEFAULT_DEPARTMENTS.slice(0, 2)));
  await choose(new File([json], 'directory.json', { type: 'application/json' }));
  expect(calls.filter((c) => c.name === 'importDirectory')).toHaveLength(1);
  expect(root.querySelector('.transfer [role="status"]')!.textContent).not.toBe('');
  expect(root.querySelector('.transfer [role="alert"]')!.textContent).toBe('');
});

describe('the directory per role: only an admin changes it', () => {
  async function openAs(actor: Actor | null) {
    act(() => render(null, root));
    signedIn = actor;
    act(() => render(<OptionsApp />, root));
    await flush();
  }
  const dlhRow = () => root.querySelector('[data-department-id="dlh"]')!;
  const editable = () => ({
    fields: [...dlhRow().querySelectorAll<HTMLInputElement>('input, textarea')].filter(
      (f) => !f.disabled,
    ).length,
    buttons: dlhRow().querySelectorAll('button').length,
    add: root.querySelector('.directory > button.add') !== null,
    import: root.querySelector('[name="directoryImport"]') !== null,
    why: root.querySelector('[data-directory-read-only]')?.textContent ?? '',
  });

  test.each([
    ['no team', true, null],
    ['an admin', true, createActor({ role: 'admin' })],
    ['a triage officer', false, createActor({ role: 'triage' })],
    ['a DLH officer', false, createActor({ role: 'department', departmentId: 'dlh' })],
  ] as const)('%s: may change it: %s', async (_, changes, actor) => {
    await openAs(actor);
    const shown = editable();
    expect(shown.fields > 0).toBe(changes);
    expect(shown.buttons > 0).toBe(changes);
    expect(shown.add).toBe(changes);
    expect(shown.import).toBe(changes);
    expect(shown.why).toBe(
      changes ? '' : "Only your team's admin can change the directory. You can read and export it.",
    );
    // Read, as a form's fields with their values, either way; the export stays.
    expect(dlhRow().querySelector<HTMLInputElement>('[name="name"]')!.value).toBe(
      'Dinas Lingkungan Hidup',
    );
    expect(root.querySelector('.transfer button')!.textContent).toBe('Export the directory (JSON)');
  });
});

describe('the team’s rules per role: only an admin changes them, everyone keeps their own', () => {
  async function openAs(actor: Actor | null) {
    act(() => render(null, root));
    signedIn = actor;
    act(() => render(<OptionsApp />, root));
    await flush();
  }
  const field = (name: string) => root.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
  /** What a keyboard or a screen reader meets: a field inside a disabled fieldset is disabled. */
  const usable = (name: string) => !field(name).matches(':disabled');

  test.each([
    ['no team', true, null],
    ['an admin', true, createActor({ role: 'admin' })],
    ['a triage officer', false, createActor({ role: 'triage' })],
    ['a DLH officer', false, createActor({ role: 'department', departmentId: 'dlh' })],
  ] as const)('%s: may change them: %s', async (_, changes, actor) => {
    await openAs(actor);
    for (const name of ['watchedHandles', 'dueSoonHours', 'clockStart', 'intakeUrgentHours']) {
      expect(usable(name), name).toBe(changes);
    }
    expect(root.querySelector('[data-team-settings-read-only]') !== null).toBe(!changes);
    // The officer's own settings stay theirs, and so does saving them.
    for (const name of ['officerName', 'language', 'notifications']) {
      expect(usable(name), name).toBe(true);
    }
    expect(field('watchedHandles').value).toBe(
      DEFAULT_SETTINGS.watchedHandles.map((h) => `@${h}`).join(', '),
    );
  });
});
