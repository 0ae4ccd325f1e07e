// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createDepartment } from '../tests/factories';
import { inUseMessage } from '../utils/directory';
import { t } from '../utils/i18n';
import { TanggapError } from '../utils/messages';
import type { Department } from '../utils/types';
import { DirectoryEditor } from './DirectoryEditor';

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

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  onSave.mockReset().mockResolvedValue(undefined);
  onRemove.mockReset().mockResolvedValue(undefined);
  onMove.mockReset().mockResolvedValue(undefined);
  act(() => {
    render(
      <DirectoryEditor
        departments={departments}
        tr={t}
        onSave={onSave}
        onRemove={onRemove}
        onMove={onMove}
      />,
      container,
    );
  });
});
afterEach(() => {
  render(null, container);
  container.remove();
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
    onRemove.mockRejectedValue(new TanggapError('department-in-use', inUseMessage('Dinas PU', 4)));
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
