// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, test } from 'vitest';
import { createProgramme } from '../../tests/factories';
import { setLanguage, t } from '../../utils/i18n/i18n';
import { DEFAULT_PROGRAMMES } from '../../utils/domain/programmes';
import type { Programme } from '../../utils/domain/types';
import { ProgrammesEditor } from './programmes-editor';
import { fakeSend } from '../../tests/fake-send';
import { useTestRoot } from '../../tests/test-root';

let root: HTMLElement;
let calls: { name: string; data: unknown }[];
let answers: Record<string, (data: never) => unknown>;
const send = fakeSend(
  (name, data) => calls.push({ name, data }),
  (name) => answers[name],
);

useTestRoot((el) => (root = el));
beforeEach(() => {
  calls = [];
  answers = { listProgrammes: () => DEFAULT_PROGRAMMES };
});

const flush = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
const $ = <E extends Element = HTMLElement>(selector: string) => root.querySelector<E>(selector);
const sent = (name: string) => calls.filter((c) => c.name === name);

async function type(selector: string, value: string) {
  const input = $<HTMLInputElement>(selector)!;
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function click(selector: string) {
  await act(() => $(selector)!.click());
  await flush();
}
async function submit(selector: string) {
  await act(() => {
    $<HTMLFormElement>(selector)!.dispatchEvent(
      new Event('submit', { bubbles: true, cancelable: true }),
    );
  });
  await flush();
}

describe('ProgrammesEditor', () => {
  test('lists the programmes with their fields', async () => {
    act(() => render(<ProgrammesEditor send={send} />, root));
    await flush();
    const kur = $('[data-programme-id="kur"]')!;
    expect(kur.querySelector<HTMLInputElement>('[name="name"]')!.value).toBe(
      'Kredit Usaha Rakyat (KUR)',
    );
    expect(kur.querySelector<HTMLTextAreaElement>('[name="keywords"]')!.value).toBe(
      DEFAULT_PROGRAMMES[0]!.keywords.join('\n'),
    );
    expect(kur.querySelector<HTMLInputElement>('[name="active"]')!.checked).toBe(true);
  });

  test('adds a programme: keywords one per line or by comma', async () => {
    const added = createProgramme({ id: 'beasiswa', name: 'Beasiswa', keywords: ['beasiswa'] });
    answers.saveProgramme = () => [...DEFAULT_PROGRAMMES, added];
    act(() => render(<ProgrammesEditor send={send} />, root));
    await flush();
    await click('button.add');
    await type('[data-new-programme] [name="name"]', ' Beasiswa Kota ');
    await type('[data-new-programme] [name="keywords"]', 'Beasiswa, KIP\nbantuan pendidikan');
    await submit('[data-new-programme] form');
    expect(sent('saveProgramme')).toEqual([
      {
        name: 'saveProgramme',
        data: {
          programme: {
            name: 'Beasiswa Kota',
            shortName: '',
            color: '#0b6e4f',
            keywords: ['beasiswa', 'kip', 'bantuan pendidikan'],
            active: true,
          },
        },
      },
    ]);
    expect($('[data-programme-id="beasiswa"]')).not.toBeNull();
    expect($('[data-new-programme]')).toBeNull();
  });

  test('what is typed at once into a new programme, before the page paints, is kept', async () => {
    act(() => render(<ProgrammesEditor send={send} />, root));
    await flush();
    // Outside act(): effects wait for the next frame, as in a busy browser.
    $('button.add')!.click();
    await Promise.resolve();
    const name = $<HTMLInputElement>('[data-new-programme] [name="name"]')!;
    name.value = 'Jaminan Kesehatan Nasional';
    name.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect($<HTMLInputElement>('[data-new-programme] [name="name"]')!.value).toBe(
      'Jaminan Kesehatan Nasional',
    );
  });

  test('an empty name or no keywords is refused in words, and nothing is sent', async () => {
    act(() => render(<ProgrammesEditor send={send} />, root));
    await flush();
    await type('[data-programme-id="kur"] [name="name"]', ' ');
    await type('[data-programme-id="kur"] [name="keywords"]', ' , ');
    await submit('[data-programme-id="kur"] form');
    expect(sent('saveProgramme')).toEqual([]);
    const kur = $('[data-programme-id="kur"]')!;
    expect(kur.querySelector('[name="name"]')!.getAttribute('aria-invalid')).toBe('true');
    expect(kur.querySelector('#programme-kur-keywords-error')!.textContent).toBe('Required.');
    expect(kur.querySelector('[role="alert"]')!.textContent).not.toBe('');
  });

  test('a light colour is refused with its contrast', async () => {
    act(() => render(<ProgrammesEditor send={send} />, root));
    await flush();
    await type('[data-programme-id="kur"] [name="color"]', '#ffee00');
    await submit('[data-programme-id="kur"] form');
    expect(sent('saveProgramme')).toEqual([]);
    expect($('#programme-kur-color-error')!.textContent).toMatch(/too light/i);
  });

  test('deactivating keeps the id; removing asks first', async () => {
    let list: Programme[] = DEFAULT_PROGRAMMES;
    answers.saveProgramme = ({ programme }: { programme: Programme }) =>
      (list = list.map((p) => (p.id === programme.id ? programme : p)));
    answers.removeProgramme = ({ id }: { id: string }) => (list = list.filter((p) => p.id !== id));
    act(() => render(<ProgrammesEditor send={send} />, root));
    await flush();
    await act(() => $<HTMLInputElement>('[data-programme-id="kur"] [name="active"]')!.click());
    await submit('[data-programme-id="kur"] form');
    expect(sent('saveProgramme')[0]!.data).toMatchObject({
      programme: { id: 'kur', active: false },
    });
    expect($('[data-programme-id="kur"] [role="status"]')!.textContent).toBe('Saved.');

    await click('[data-programme-id="kur"] button.danger');
    expect(sent('removeProgramme')).toEqual([]);
    await click('[data-programme-id="kur"] [data-action="confirm-remove"]');
    expect(sent('removeProgramme')).toEqual([{ name: 'removeProgramme', data: { id: 'kur' } }]);
    expect($('[data-programme-id="kur"]')).toBeNull();
  });

  test('removing: focus on the question once, then on the next programme', async () => {
    let list: Programme[] = DEFAULT_PROGRAMMES;
    answers.removeProgramme = ({ id }: { id: string }) => (list = list.filter((p) => p.id !== id));
    act(() => render(<ProgrammesEditor send={send} />, root));
    await flush();
    await click('[data-programme-id="kur"] button.danger');
    const yes = $('[data-programme-id="kur"] [data-action="confirm-remove"]');
    expect(document.activeElement).toBe(yes);
    // A keystroke in another field re-renders the form; the focus stays in that field.
    const name = $<HTMLInputElement>('[data-programme-id="kur"] [name="name"]')!;
    name.focus();
    await type('[data-programme-id="kur"] [name="name"]', 'KUR');
    expect(document.activeElement).toBe(name);
    await click('[data-programme-id="kur"] .confirm button:not(.danger)');
    expect(document.activeElement).toBe($('[data-programme-id="kur"] button.danger'));

    await click('[data-programme-id="kur"] button.danger');
    await click('[data-programme-id="kur"] [data-action="confirm-remove"]');
    expect($('[data-programme-id="kur"]')).toBeNull();
    expect(document.activeElement).toBe($('[data-programme-id="imunisasi"] [name="name"]'));
  });

  test('field errors follow the page language', async () => {
    setLanguage('id');
    try {
      act(() => render(<ProgrammesEditor send={send} />, root));
      await flush();
      await type('[data-programme-id="kur"] [name="color"]', '#ffee00');
      await type('[data-programme-id="kur"] [name="keywords"]', '');
      await submit('[data-programme-id="kur"] form');
      expect($('#programme-kur-color-error')!.textContent).toMatch(/^Terlalu terang/);
      expect($('#programme-kur-keywords-error')!.textContent).toBe(t('optionsErrorRequired'));
      expect(t('optionsErrorRequired')).not.toBe('Required.');
    } finally {
      setLanguage('auto');
    }
  });

  test('a refusal from the background is shown', async () => {
    answers.saveProgramme = () => {
      throw new Error('request.programme.id must be a department id');
    };
    act(() => render(<ProgrammesEditor send={send} />, root));
    await flush();
    await submit('[data-programme-id="kur"] form');
    expect($('[data-programme-id="kur"] [role="alert"]')!.textContent).toMatch(/^Not saved: /);
  });
});
