import { afterEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import english from '../../public/_locales/en/messages.json';
import indonesian from '../../public/_locales/id/messages.json';
import { DAY_MS, formatDuration, HOUR_MS, MINUTE_MS } from '../domain/sla';
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
    expect(fresh.t('badgeLeft', '5 jam 12 menit')).toBe('sisa 5 jam 12 menit');
    expect(fresh.uiLanguage()).toBe('id');
  });

  test('a chosen language applies at once, placeholders filled as Chrome fills them', () => {
    expect(setLanguage('id')).toBe(true);
    expect(setLanguage('id')).toBe(false);
    expect(uiLanguage()).toBe('id');
    expect(t('chipUnassigned')).toBe('Belum ditugaskan');
    expect(t('badgeLeft', '5 jam 12 menit')).toBe('sisa 5 jam 12 menit');
    expect(t('optionsRemoveInUse', 'DLH', 3)).toMatch(/^DLH tidak dapat dihapus: 3 aduan/);
    const lateBy = 2 * DAY_MS + 3 * HOUR_MS;
    expect(annotationWords().overdue(formatDuration(lateBy, durationUnits()))).toBe(
      'lewat 2 hari 3 jam',
    );
    expect(formatDuration(lateBy, durationUnits(), 'short')).toBe('2 hari 3 jam');
    expect(formatDuration(45 * MINUTE_MS, durationUnits())).toBe('45 menit');

    setLanguage('en');
    expect(t('badgeLeft', '5 h 12 min')).toBe('5 h 12 min left');
    expect(formatDuration(lateBy, durationUnits())).toBe('2 days 3 hours');
    expect(formatDuration(lateBy, durationUnits(), 'short')).toBe('2 d 3 h');
    expect(formatDuration(30_000, durationUnits(), 'short')).toBe('< 1 min');
  });

  test('a substituted value is shown as given, even one that reads like a placeholder', () => {
    expect(t('badgeLeft', '$1 $$ $2')).toBe('$1 $$ $2 left');
    expect(t('optionsRemoveInUse', 'DLH', 3)).toMatch(/^DLH cannot be removed .* \(3, open/);
    expect(t('badgeLeft')).toBe(' left');
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
