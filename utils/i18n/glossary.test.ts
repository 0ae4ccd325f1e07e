/**
 * The locale files against the glossary (docs/glossary.md): no Indonesian message uses a word
 * the glossary says not to use, and both languages have the same keys and placeholders.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import english from '../../public/_locales/en/messages.json';
import indonesian from '../../public/_locales/id/messages.json';

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
interface Avoided {
  word: string;
  /** Phrases where the word is right. */
  allowedIn: string[];
  /** The glossary's term to use instead. */
  term: string;
}

const GLOSSARY = path.resolve(import.meta.dirname, '../../docs/glossary.md');

/** The table's "do not use" column, each word with the phrases that allow it. */
function avoidedWords(markdown: string): Avoided[] {
  const rows = markdown
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
  const [header, , ...body] = rows;
  expect(header).toEqual(['Indonesian', 'English', 'what it means', 'do not use']);
  return body.flatMap(([term, , , avoid]) =>
    avoid === '—'
      ? []
      : avoid!.split(',').map((item) => {
          const [, word, allowed] = /^\s*([^[]+?)\s*(?:\[(.+)\])?\s*$/.exec(item)!;
          return {
            word: word!,
            allowedIn: allowed ? allowed.split('/').map((p) => p.trim()) : [],
            term: term!,
          };
        }),
  );
}

function wholeWord(word: string): RegExp {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu');
}

/** The message with its placeholders' names taken out: `$DEPARTMENT$` is not a word. */
const words = (text: string) => text.replace(/\$[A-Za-z0-9_@]+\$/g, ' ');

/** The placeholders a message names, and what each holds. */
function placeholdersOf(entry: Entry): Record<string, string> {
  const named = [...entry.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) =>
    m[1]!.toLowerCase(),
  );
  return Object.fromEntries(
    [...new Set(named)].sort().map((name) => [name, entry.placeholders?.[name]?.content ?? '']),
  );
}

const id = indonesian as Record<string, Entry>;
const en = english as Record<string, Entry>;
const avoided = avoidedWords(readFileSync(GLOSSARY, 'utf8'));

describe('the glossary', () => {
  test('its table names words to avoid (the test reads them)', () => {
    expect(avoided.map((a) => a.word)).toEqual(
      expect.arrayContaining(['dinas', 'post', 'terlambat']),
    );
  });

  test('no Indonesian message uses a word the glossary says not to use', () => {
    const found: string[] = [];
    for (const [key, entry] of Object.entries(id)) {
      for (const { word, allowedIn, term } of avoided) {
        let text = words(entry.message);
        for (const phrase of allowedIn) text = text.replace(wholeWord(phrase), ' ');
        if (wholeWord(word).test(text)) found.push(`${key}: "${word}" (use "${term}")`);
      }
    }
    expect(found).toEqual([]);
  });

  test('a word in an allowed phrase passes, the same word alone does not', () => {
    const late = avoided.find((a) => a.word === 'terlambat')!;
    expect(late.allowedIn).toContain('ditanggapi terlambat');
    expect(wholeWord('terlambat').test('3 aduan terlambat')).toBe(true);
    expect(wholeWord('dinas').test('Dinas Sosial')).toBe(true);
    expect(wholeWord('post').test('postingan')).toBe(false);
  });
});

describe('the two languages', () => {
  test('have the same keys', () => {
    expect(Object.keys(id).sort()).toEqual(Object.keys(en).sort());
  });

  test('each message names the same placeholders, holding the same substitutions', () => {
    const differ = Object.keys(en).filter(
      (key) =>
        id[key] &&
        JSON.stringify(placeholdersOf(en[key]!)) !== JSON.stringify(placeholdersOf(id[key]!)),
    );
    expect(differ).toEqual([]);
  });
});
