/**
 * The UI's words (`public/_locales`), read from the same files bundled: `browser.i18n` cannot
 * be told to use another locale than the browser's, and each of its calls crosses into the
 * extension's native bindings, which a page of two thousand annotations feels. `auto` speaks
 * the locale the browser picked for the extension.
 */
import { browser } from 'wxt/browser';
import en from '../../public/_locales/en/messages.json';
import id from '../../public/_locales/id/messages.json';
import type { DurationWords } from '../domain/annotation-view';
import type { Language } from '../domain/settings';
import type { DurationUnits } from '../domain/sla';

export type MessageKey = keyof typeof en;

interface LocaleEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
type Dictionary = Partial<Record<string, LocaleEntry>>;

const dictionaries: Record<'id' | 'en', Dictionary> = { en, id };
let language: Language = 'auto';

/** Chooses the UI language from now on (`auto`: the browser's). Returns whether it changed. */
export function setLanguage(next: Language): boolean {
  if (next === language || !(next === 'auto' || next in dictionaries)) return false;
  language = next;
  units = undefined;
  return true;
}

/** The language the UI speaks now, for `<html lang>` and for formatting numbers and dates. */
export function uiLanguage(): 'id' | 'en' {
  return dictionary() === dictionaries.id ? 'id' : 'en';
}

/**
 * The locale the browser chose for our messages, asked once a page: each locale file names
 * itself in `localeCode` (the browser's own language code can differ from the locale it
 * picked, e.g. under `--lang`).
 */
let browserDictionary: Dictionary | undefined;

function dictionary(): Dictionary {
  if (language !== 'auto') return dictionaries[language];
  browserDictionary ??= browser.i18n.getMessage('localeCode') === 'id' ? dictionaries.id : en;
  return browserDictionary;
}

/**
 * A message as its literal pieces and, between them, the index of the substitution that goes
 * there: made once per message, as a timeline words thousands of annotations with a few.
 */
type Compiled = readonly (string | number)[];
const compiledMessages = new WeakMap<LocaleEntry, Compiled>();

/**
 * Chrome's rules: `$NAME$` is a named placeholder whose content may hold `$1`…`$9`, and `$$` in
 * the message's own text is `$`. A substituted value is taken as it is.
 */
function compile(entry: LocaleEntry): Compiled {
  const parts: (string | number)[] = [];
  const literal = (text: string) => {
    if (text) parts.push(text.replace(/\$\$/g, '$'));
  };
  // split() with a group: the odd pieces are what the group caught.
  entry.message.split(/\$([a-z0-9_@]+)\$/i).forEach((piece, i) => {
    if (i % 2 === 0) return literal(piece);
    const placeholder = entry.placeholders?.[piece.toLowerCase()];
    if (!placeholder) return literal(`$${piece}$`);
    placeholder.content.split(/\$(\d)/).forEach((inner, j) => {
      if (j % 2 === 0) literal(inner);
      else parts.push(Number(inner) - 1);
    });
  });
  return parts;
}

export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const entry = dictionary()[key] ?? dictionaries.en[key];
  if (!entry) return key;
  let compiled = compiledMessages.get(entry);
  if (!compiled) {
    compiled = compile(entry);
    compiledMessages.set(entry, compiled);
  }
  let text = '';
  for (const part of compiled) {
    text += typeof part === 'string' ? part : String(substitutions[part] ?? '');
  }
  return text;
}

let units: DurationUnits | undefined;

/** Duration units in the UI language, for `formatDuration`. */
export function durationUnits(): DurationUnits {
  units ??= {
    day: { one: t('unitDay'), other: t('unitDays'), short: t('unitDayShort') },
    hour: { one: t('unitHour'), other: t('unitHours'), short: t('unitHourShort') },
    minute: { one: t('unitMinute'), other: t('unitMinutes'), short: t('unitMinuteShort') },
    lessThanMinute: t('lessThanAMinute'),
    lessThanMinuteShort: t('lessThanAMinuteShort'),
  };
  return units;
}

/** The annotation's words in the UI language. */
export function annotationWords(): DurationWords {
  return {
    units: durationUnits(),
    left: (d) => t('badgeLeft', d),
    overdue: (d) => t('badgeOverdue', d),
    waiting: (d) => t('badgeWaiting', d),
    urgent: (d) => t('badgeUrgent', d),
    responded: t('badgeResponded'),
    resolved: t('badgeResolved'),
    unassigned: t('chipUnassigned'),
    urgency: { ok: t('urgencyOk'), soon: t('urgencySoon'), overdue: t('urgencyOverdue') },
    chipAssignedLabel: (name) => t('chipAssignedLabel', name),
    chipUnassignedLabel: (age) => t('chipUnassignedLabel', age),
  };
}
