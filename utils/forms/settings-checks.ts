/**
 * The settings form's checks, in the officer's words (message keys): the same rules as
 * `applySettingsUpdate`, which stays the background's final guard.
 */
import { fieldError, type FieldError } from './form-checks';
import type { Settings } from '../domain/settings';
import { MAX_DUE_SOON_HOURS } from '../domain/sla';
import { isTimeZone, minutesOf } from '../domain/working-hours';

export type SettingsField = 'dueSoonHours' | 'timeZone' | 'days' | 'end';
export type SettingsErrors = Partial<Record<SettingsField, FieldError>>;

export function checkSettingsDraft(draft: Settings): SettingsErrors {
  const errors: SettingsErrors = {};
  const soon = draft.dueSoonHours;
  if (!Number.isFinite(soon) || soon <= 0 || soon > MAX_DUE_SOON_HOURS) {
    errors.dueSoonHours = fieldError('optionsErrorDueSoon', String(MAX_DUE_SOON_HOURS));
  }
  const hours = draft.workingHours;
  if (!hours.timeZone || hours.timeZone.length > 64 || !isTimeZone(hours.timeZone)) {
    errors.timeZone = fieldError('optionsErrorTimeZone');
  }
  if (hours.days.length === 0) errors.days = fieldError('optionsErrorWorkingDays');
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  if (Number.isNaN(start) || Number.isNaN(end) || start >= end) {
    errors.end = fieldError('optionsErrorWorkingTimes');
  }
  return errors;
}
