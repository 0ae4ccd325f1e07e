// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createDepartment } from '../tests/factories';
import { inUseMessage } from '../utils/domain/directory';
import { setLanguage } from '../utils/i18n/i18n';
import { TanggapError } from '../utils/domain/errors';
import type { Department } from '../utils/domain/types';
import { DirectoryEditor } from './DirectoryEditor';
import { useTestRoot } from '../tests/test-root';

const departments = [
  createDepartment({
    id: 'dinas-pu',
    shortName: 'PU',
    name: 'Dinas PU',
    handle: 'pu_kota',
    order: 1,
  }),
  createDepartment({
    id: 'dlh',
    shortName: 'DLH',
    name: 'Dinas Lingkungan Hidup',
    handle: '',
    order: 2,
  }),
];

let container: HTMLElement;
const onSave = vi.fn<(d: Department) => Promise<unknown>>();
const onRemove = vi.fn<(id: string) => Promise<unknown>>();
const onMove = vi.fn<(id: string, delta: -1 | 1) => Promise<unknown>>();

useTestRoot((el) => (container = el));
beforeEach(() => {
  onSave.mockReset().mockResolvedValue(undefined);
  onRemove.mockReset().mockResolvedValue(undefined);
  onMove.mockReset().mockResolvedValue(undefined);
  act(() => {
    render(
      <DirectoryEditor
        departments={departments}
        onSave={onSave}
        onRemove={onRemove}
        onMove={onMove}
      />,
      container,
    );
  });
});

const row = (id: string) => container.querySelector(`[data-department-id="${id}"]`)!;
const field = (id: string, name: string) =>
  row(id).querySelector<HTMLInputElement>(`[name="${name}"]`)!;

async function type(input: HTMLInputElement, value: string) {
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function click(el: Element | null) {
  await act(async () => {
    (el as HTMLElement).click();
    await Promise.resolve();
  });
}
const button = (scope: Element, text: RegExp) =>
  [...scope.querySelectorAll('button')].find((b) =>
    text.test(b.getAttribute('aria-label') ?? b.textContent ?? ''),
  )!;

describe('DirectoryEditor', () => {
  test('each department is a form with the stable field names', () => {
    for (const name of ['name', 'shortName', 'handle', 'color', 'slaHours', 'keywords']) {
      expect(field('dlh', name), name).not.toBeNull();
    }
    expect(field('dinas-pu', 'handle').value).toBe('pu_kota');
  });

  test('a valid change is saved, normalised, and the officer is told', async () => {
    await type(field('dlh', 'handle'), '@DLH_Kota');
    await click(button(row('dlh'), /^Save/));
    expect(onSave).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ id: 'dlh', handle: 'DLH_Kota', order: 2 }),
    );
    expect(row('dlh').querySelector('[role="status"]')!.textContent).toBe('Saved.');
  });

  test('bad fields are marked beside themselves and nothing is sent', async () => {
    await type(field('dlh', 'handle'), 'PU_KOTA');
    await type(field('dlh', 'slaHours'), '0');
    await click(button(row('dlh'), /^Save/));
    expect(onSave).not.toHaveBeenCalled();
    const handle = field('dlh', 'handle');
    expect(handle.getAttribute('aria-invalid')).toBe('true');
    expect(
      container.querySelector(`#${handle.getAttribute('aria-describedby')}`)!.textContent,
    ).toBe('@PU_KOTA is already the handle of Dinas PU.');
    expect(field('dlh', 'slaHours').getAttribute('aria-invalid')).toBe('true');
    expect(row('dlh').querySelector('[role="alert"]')!.textContent).toMatch(/Not saved/);
  });

  test('a refused removal says how many items keep the department', async () => {
    onRemove.mockRejectedValue(
      new TanggapError('department-in-use', inUseMessage('Dinas PU', 4), { data: { count: 4 } }),
    );
    await click(button(row('dinas-pu'), /^Remove PU/));
    expect(onRemove).not.toHaveBeenCalled();
    await click(row('dinas-pu').querySelector('[data-action="confirm-remove"]'));
    expect(onRemove).toHaveBeenCalledExactlyOnceWith('dinas-pu');
    expect(row('dinas-pu').querySelector('[role="alert"]')!.textContent).toBe(
      'Dinas PU cannot be removed while items are assigned to it (4, open or closed): they keep their department. Reassign them first.',
    );
  });

  test('move buttons name their department and stop at the ends', async () => {
    const up = button(row('dinas-pu'), /^Move PU up$/);
    expect(up.disabled).toBe(true);
    await click(button(row('dinas-pu'), /^Move PU down$/));
    expect(onMove).toHaveBeenCalledExactlyOnceWith('dinas-pu', 1);
  });

  test('a new department gets its id from its short name', async () => {
    await click(button(container, /^Add department$/));
    const form = container.querySelector('[data-new-department]')!;
    const set = (name: string, value: string) =>
      type(form.querySelector<HTMLInputElement>(`[name="${name}"]`)!, value);
    await set('name', 'Dinas Pariwisata');
    await set('shortName', 'Dispar');
    await click(button(form, /^Save/));
    expect(onSave).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ id: 'dispar', name: 'Dinas Pariwisata', slaHours: 24 }),
    );
  });
});

describe('focus around removing', () => {
  // A move in an earlier test puts the focus back on its button in the next frame.
  beforeEach(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
  const confirmButton = () =>
    row('dinas-pu').querySelector<HTMLButtonElement>('[data-action="confirm-remove"]');

  test('moves to the question once, and back to Remove after Cancel', async () => {
    await click(button(row('dinas-pu'), /^Remove PU/));
    expect(document.activeElement).toBe(confirmButton());
    // Typing elsewhere re-renders the form: the focus must stay where the officer put it.
    const name = field('dinas-pu', 'name');
    name.focus();
    await type(name, 'Dinas Pekerjaan Umum');
    expect(document.activeElement).toBe(name);
    await click(button(row('dinas-pu'), /^Cancel$/));
    expect(confirmButton()).toBeNull();
    expect(document.activeElement).toBe(button(row('dinas-pu'), /^Remove PU/));
  });

  test('after a removal, focus goes to the next department, or to Add after the last', async () => {
    let list = departments;
    const rerender = () =>
      render(
        <DirectoryEditor
          departments={list}
          onSave={onSave}
          onRemove={async (id) => {
            list = list.filter((d) => d.id !== id);
            act(rerender);
          }}
          onMove={onMove}
        />,
        container,
      );
    act(rerender);
    await click(button(row('dinas-pu'), /^Remove PU/));
    await click(confirmButton());
    expect(row('dinas-pu')).toBeNull();
    expect(document.activeElement).toBe(field('dlh', 'name'));

    await click(button(row('dlh'), /^Remove DLH/));
    await click(row('dlh').querySelector('[data-action="confirm-remove"]'));
    expect(container.querySelector('[data-department-id]')).toBeNull();
    expect(document.activeElement).toBe(button(container, /^Add department$/));
  });

  test('a refused removal keeps the focus on Remove, with the reason announced', async () => {
    onRemove.mockRejectedValue(
      new TanggapError('department-in-use', inUseMessage('Dinas PU', 2), { data: { count: 2 } }),
    );
    await click(button(row('dinas-pu'), /^Remove PU/));
    await click(confirmButton());
    await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(document.activeElement).toBe(button(row('dinas-pu'), /^Remove PU/));
    expect(row('dinas-pu').querySelector('[role="alert"]')!.textContent).toMatch(/\(2, open/);
  });
});

describe.each([
  {
    language: 'en' as const,
    handle: 'An X handle has 1 to 15 letters, digits or _.',
    contrast: /^Too light for the chip's white text \(1\.\d:1/,
    inUse: /^Dinas PU cannot be removed while items are assigned to it \(3,/,
  },
  {
    language: 'id' as const,
    handle: 'Akun X terdiri atas 1–15 huruf, angka, atau _.',
    contrast: /^Terlalu terang untuk teks putih pada label \(1\.\d:1/,
    inUse: /^Dinas PU tidak dapat dihapus: 3 aduan ditugaskan/,
  },
])('form errors in the page language ($language)', ({ language, handle, contrast, inUse }) => {
  beforeEach(() => {
    setLanguage(language);
    // Re-rendered so that the words come from the language just set.
    act(() => {
      render(
        <DirectoryEditor
          departments={departments}
          onSave={onSave}
          onRemove={onRemove}
          onMove={onMove}
        />,
        container,
      );
    });
  });
  afterEach(() => setLanguage('auto'));

  const save = () => click(row('dlh').querySelector('button[type="submit"]'));
  const errorOf = (name: string) =>
    container.querySelector(`#${field('dlh', name).getAttribute('aria-describedby')}`)!.textContent;

  test('a bad handle', async () => {
    await type(field('dlh', 'handle'), 'bukan handle!');
    await save();
    expect(errorOf('handle')).toBe(handle);
    expect(onSave).not.toHaveBeenCalled();
  });

  test('a colour too light for white text', async () => {
    await type(field('dlh', 'color'), '#f0f0f0');
    await save();
    expect(errorOf('color')).toMatch(contrast);
  });

  test('a department still in use, from the error code and its count', async () => {
    onRemove.mockRejectedValue(
      new TanggapError('department-in-use', 'English text the page never shows', {
        data: { count: 3 },
      }),
    );
    await click(row('dinas-pu').querySelector('button.danger'));
    await click(row('dinas-pu').querySelector('[data-action="confirm-remove"]'));
    expect(row('dinas-pu').querySelector('[role="alert"]')!.textContent).toMatch(inUse);
  });
});
