/**
 * Runs before every unit test file: a fresh in-memory IndexedDB and a reset fake browser.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

interface LocaleMessage {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

const english = JSON.parse(
  // A path, not a URL: under jsdom the global URL is jsdom's, which node:fs does not accept.
  readFileSync(join(import.meta.dirname, '../public/_locales/en/messages.json'), 'utf8'),
) as Record<string, LocaleMessage>;

/**
 * fake-browser does not implement `i18n.getMessage`: answer from the English messages
 * with Chrome's substitution rules, so tests see the words a user would.
 */
function getMessage(key: string, substitutions?: string | string[]): string {
  const entry = english[key];
  if (!entry) return '';
  const subs = substitutions === undefined ? [] : [substitutions].flat();
  const fill = (text: string) =>
    text.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
  return entry.message
    .replace(/\$([a-z0-9_]+)\$/gi, (match, name: string) => {
      const placeholder = entry.placeholders?.[name.toLowerCase()];
      return placeholder ? fill(placeholder.content) : match;
    })
    .replace(/\$\$/g, '$');
}

fakeBrowser.i18n.getMessage = getMessage as typeof fakeBrowser.i18n.getMessage;

beforeEach(() => {
  fakeBrowser.reset();
});
