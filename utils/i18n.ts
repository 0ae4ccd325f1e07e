/**
 * The UI's words, through `browser.i18n` (`public/_locales`). One wrapper, so that a
 * language setting can later pick a dictionary other than the browser's.
 */
import { browser } from 'wxt/browser';
import type { DurationWords } from './annotation-view';

export type MessageKey = keyof typeof import('../public/_locales/en/messages.json');

export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const text = browser.i18n.getMessage(key, substitutions.map(String));
  // getMessage answers '' for a missing key: show the key rather than nothing.
  return text || key;
}

let units: { day: string; hour: string; minute: string; lessThanMinute: string } | undefined;

/** Duration units in the UI language, for `formatDuration`. */
export function durationUnits() {
  units ??= {
    day: t('unitDay'),
    hour: t('unitHour'),
    minute: t('unitMinute'),
    lessThanMinute: t('lessThanAMinute'),
  };
  return units;
}

/** The annotation's words in the UI language. */
export function annotationWords(): DurationWords {
  return {
    units: durationUnits(),
    left: (d) => t('badgeLeft', d),
    overdue: (d) => t('badgeOverdue', d),
    ago: (d) => t('badgeAge', d),
    responded: t('badgeResponded'),
    resolved: t('badgeResolved'),
    unassigned: t('chipUnassigned'),
    urgency: { ok: t('urgencyOk'), soon: t('urgencySoon'), overdue: t('urgencyOverdue') },
    chipAssignedLabel: (name) => t('chipAssignedLabel', name),
    chipUnassignedLabel: (age) => t('chipUnassignedLabel', age),
  };
}
