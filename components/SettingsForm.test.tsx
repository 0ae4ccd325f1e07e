// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { setLanguage, t } from '../utils/i18n/i18n';
import { TanggapError } from '../utils/domain/errors';
import { DEFAULT_SETTINGS, type Settings } from '../utils/domain/settings';
import { SettingsForm } from './SettingsForm';
import { useTestRoot } from '../tests/test-root';

let container: HTMLElement;
const onSave = vi.fn<(s: Settings) => Promise<unknown>>();

useTestRoot((el) => (container = el));
beforeEach(() => {
  onSave.mockReset().mockResolvedValue(undefined);
  mount();
});

function mount() {
  act(() => {
    render(
      <SettingsForm settings={structuredClone(DEFAULT_SETTINGS) as Settings} onSave={onSave} />,
      container,
    );
  });
}

const input = (name: string) => container.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
async function type(el: HTMLInputElement, value: string) {
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function click(el: Element) {
  await act(async () => {
    (el as HTMLElement).click();
    await Promise.resolve();
  });
}
const buttonNamed = (text: string) =>
  [...container.querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent) === text,
  )!;

test('weekdays are named in the UI language, Monday first', () => {
  setLanguage('id');
  mount();
  setLanguage('auto');
  const days = [...container.querySelectorAll('[name="days"]')].map((el) =>
    el.parentElement!.textContent!.trim(),
  );
  expect(days).toEqual(['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu']);
});

test('the calendar, holidays and threshold are saved together', async () => {
  await click(input('workingHoursEnabled'));
  await click(container.querySelector('[name="days"][value="5"]')!);
  await type(input('holiday'), '2025-08-17');
  await click(buttonNamed('Add holiday'));
  await type(input('holiday'), '2025-03-31');
  await click(buttonNamed('Add holiday'));
  await click(buttonNamed('Remove holiday 2025-08-17'));
  await type(input('dueSoonHours'), '4.5');
  await click(buttonNamed('Save settings'));
  expect(onSave).toHaveBeenCalledExactlyOnceWith({
    ...DEFAULT_SETTINGS,
    dueSoonHours: 4.5,
    workingHours: {
      ...DEFAULT_SETTINGS.workingHours,
      enabled: true,
      days: [1, 2, 3, 4],
      holidays: ['2025-03-31'],
    },
  });
  expect(container.querySelector('[role="status"]')!.textContent).toBe('Saved.');
});

test('a refusal is shown with its reason', async () => {
  onSave.mockRejectedValue(new TanggapError('bad-request', 'settings.dueSoonHours must be …'));
  await click(buttonNamed('Save settings'));
  expect(container.querySelector('[role="alert"]')!.textContent).toBe(
    'Not saved: settings.dueSoonHours must be …',
  );
});

test('another department’s reply counting as a response is a labelled checkbox, saved with the rest', async () => {
  const box = input('otherHandleReplyResponds');
  expect(box.type).toBe('checkbox');
  expect(box.checked).toBe(false);
  expect(box.closest('label')!.textContent).toContain(t('optionsOtherHandleReplyResponds'));
  await click(box);
  await click(buttonNamed('Save settings'));
  expect(onSave).toHaveBeenCalledExactlyOnceWith({
    ...DEFAULT_SETTINGS,
    otherHandleReplyResponds: true,
  });
});

describe.each([
  {
    language: 'en' as const,
    dueSoon: /^Enter a number of hours above 0/,
    days: 'Choose at least one working day.',
  },
  {
    language: 'id' as const,
    dueSoon: /^Isi jumlah jam lebih dari 0/,
    days: 'Pilih minimal satu hari kerja.',
  },
])(
  'mistakes are marked beside their field ($language), nothing is sent',
  ({ language, dueSoon, days }) => {
    beforeEach(() => setLanguage(language));
    afterEach(() => setLanguage('auto'));

    const errorOf = (el: Element) =>
      container.querySelector(`#${el.getAttribute('aria-describedby')}`)?.textContent;

    test('a threshold out of range, an unknown zone, no working day, closing before opening', async () => {
      await type(input('dueSoonHours'), '0');
      await type(input('timeZone'), 'Asia/Bandung');
      await type(input('end'), '07:00');
      for (const box of container.querySelectorAll<HTMLInputElement>('[name="days"]:checked')) {
        await click(box);
      }
      await click(container.querySelector('button[type="submit"]')!);
      expect(onSave).not.toHaveBeenCalled();
      expect(input('dueSoonHours').getAttribute('aria-invalid')).toBe('true');
      expect(errorOf(input('dueSoonHours'))).toMatch(dueSoon);
      expect(errorOf(input('timeZone'))).toBe(t('optionsErrorTimeZone'));
      expect(errorOf(input('end'))).toBe(t('optionsErrorWorkingTimes'));
      expect(errorOf(container.querySelector('fieldset.days')!)).toBe(days);
      expect(container.querySelector('[role="alert"]')!.textContent).toBe(t('optionsFixErrors'));

      await type(input('dueSoonHours'), '6');
      await type(input('timeZone'), 'Asia/Makassar');
      await type(input('end'), '17:00');
      await click(input('days'));
      await click(container.querySelector('button[type="submit"]')!);
      expect(onSave).toHaveBeenCalledOnce();
      expect(container.querySelector('.field-error')).toBeNull();
    });
  },
);

test('the watched accounts, with or without "@", and the urgency in hours and minutes', async () => {
  expect(input('intakeUrgentHours').value).toBe('2');
  expect(input('intakeUrgentMinutes').value).toBe('0');
  await type(input('watchedHandles'), '@PemkotBdg, walikota_bdg');
  await type(input('intakeUrgentHours'), '1');
  await type(input('intakeUrgentMinutes'), '30');
  await click(buttonNamed('Save settings'));
  expect(onSave).toHaveBeenCalledExactlyOnceWith({
    ...DEFAULT_SETTINGS,
    watchedHandles: ['@PemkotBdg', 'walikota_bdg'],
    intakeUrgentAfterMinutes: 90,
  });
});

test('a watched account that is not a handle is named, and nothing is saved', async () => {
  await type(input('watchedHandles'), '@pemkot, pemkot.go.id');
  await click(buttonNamed('Save settings'));
  expect(onSave).not.toHaveBeenCalled();
  expect(input('watchedHandles').getAttribute('aria-invalid')).toBe('true');
  expect(container.querySelector('#watchedHandles-error')!.textContent).toContain('pemkot.go.id');
});

test('what is typed before the form has painted is kept', async () => {
  act(() => render(null, container));
  // Outside act(): the mount's effects wait for the next frame, as in a busy browser.
  render(<SettingsForm settings={DEFAULT_SETTINGS} onSave={onSave} />, container);
  input('watchedHandles').value = '@PemkotBdg';
  input('watchedHandles').dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(input('watchedHandles').value).toBe('@PemkotBdg');
  await click(buttonNamed('Save settings'));
  expect(onSave).toHaveBeenCalledExactlyOnceWith({
    ...DEFAULT_SETTINGS,
    watchedHandles: ['@PemkotBdg'],
  });
});

test('settings saved in another tab replace the form, the watched accounts as well', async () => {
  await type(input('watchedHandles'), '@draft');
  const saved: Settings = { ...DEFAULT_SETTINGS, watchedHandles: ['pemkot'], dueSoonHours: 3 };
  act(() => render(<SettingsForm settings={saved} onSave={onSave} />, container));
  expect(input('watchedHandles').value).toBe('@pemkot');
  expect(input('dueSoonHours').value).toBe('3');
});
