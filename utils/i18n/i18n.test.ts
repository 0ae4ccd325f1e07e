import { afterEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import english from '../../public/_locales/en/messages.json';
import indonesian from '../../public/_locales/id/messages.json';
import { annotationWords, durationUnits, setLanguage, t, uiLanguage } from './i18n';

afterEach(() => {
  setLanguage('auto');
});

describe('the language setting', () => {
  test('auto speaks the browser’s language (English here)', () => {
    expect(t('chipUnassigned')).toBe('Unassigned');
    expect(uiLanguage()).toBe('en');
  });

  test('auto speaks Indonesian in an Indonesian browser, as Chrome picks the locale', async () => {
    vi.resetModules();
    fakeBrowser.i18n.getMessage = ((key: string) =>
      key === 'localeCode' ? 'id' : '') as typeof fakeBrowser.i18n.getMessage;
    const fresh = await import('./i18n');
    expect(fresh.t('chipUnassigned')).toBe('Belum ditugaskan');
    expect(fresh.t('badgeLeft', '5j 12m')).toBe('sisa 5j 12m');
    expect(fresh.uiLanguage()).toBe('id');
  });

  test('a chosen language applies at once, placeholders filled as Chrome fills them', () => {
    expect(setLanguage('id')).toBe(true);
    expect(setLanguage('id')).toBe(false);
    expect(uiLanguage()).toBe('id');
    expect(t('chipUnassigned')).toBe('Belum ditugaskan');
    expect(t('badgeLeft', '5j 12m')).toBe('sisa 5j 12m');
    expect(t('optionsRemoveInUse', 'DLH', 3)).toMatch(/^DLH tidak dapat dihapus: 3 aduan/);
    expect(durationUnits().hour).toBe('j');
    expect(annotationWords().overdue('2j')).toBe('lewat 2j');

    setLanguage('en');
    expect(t('badgeLeft', '5h 12m')).toBe('5h 12m left');
    expect(durationUnits().hour).toBe('h');
  });

  test('an unknown language changes nothing', () => {
    expect(setLanguage('fr' as 'en')).toBe(false);
    expect(t('chipUnassigned')).toBe('Unassigned');
  });
});

test('both locale files hold the same keys, each with a message and a description for new ones', () => {
  expect(Object.keys(indonesian).sort()).toEqual(Object.keys(english).sort());
  for (const [key, entry] of Object.entries(english)) {
    if (!key.startsWith('options')) continue;
    expect(entry).toHaveProperty('description');
    expect((indonesian as Record<string, { message: string }>)[key]!.message).not.toBe('');
  }
});
