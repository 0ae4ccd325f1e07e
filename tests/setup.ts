/**
 * Runs before every unit test file: a fresh in-memory IndexedDB and a reset fake browser
 * whose UI speaks English (fake-browser leaves `browser.i18n` unimplemented).
 */
import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

beforeEach(() => {
  fakeBrowser.reset();
  fakeBrowser.i18n.getMessage = ((key: string) =>
    key === 'localeCode' ? 'en' : '') as typeof fakeBrowser.i18n.getMessage;
});
