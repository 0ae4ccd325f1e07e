// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { exportDirectory } from '../../utils/domain/directory';
import { setLanguage } from '../../utils/i18n/i18n';
import { DEFAULT_PROGRAMMES } from '../../utils/domain/programmes';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/domain/settings';
import { OptionsApp } from './OptionsApp';

const calls: { name: string; data: unknown }[] = [];
let stored: Settings;

vi.mock('../../utils/messaging/transport', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../utils/messaging/transport')>();
  const answers: Record<string, (data: never) => unknown> = {
    getSettings: () => stored,
    saveSettings: ({ settings }: { settings: Settings }) => (stored = settings),
    listDepartments: () => DEFAULT_DEPARTMENTS,
    listProgrammes: () => DEFAULT_PROGRAMMES,
    programmeStats: () => ({ days: [], programmes: [] }),
    importDirectory: ({ departments }: { departments: unknown[] }) => departments,
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
