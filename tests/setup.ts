/**
 * Runs before every unit test file: a fresh in-memory IndexedDB and a reset fake browser
 * whose UI speaks English (fake-browser leaves `i18n.getUILanguage` unimplemented).
 */
import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

beforeEach(() => {
  fakeBrowser.reset();
  fakeBrowser.i18n.getUILanguage = () => 'en-US';
});
