/**
 * The settings form's checks, in the officer's words (message keys): the same rules as
 * `applySettingsUpdate`, which stays the background's final guard.
 */
import { fieldError, type FieldError } from './form-checks';
import type { Settings } from '../domain/settings';
import { MAX_DUE_SOON_HOURS } from '../domain/sla';
import { isTimeZone, minutesOf } from '../domain/working-hours';
import { parseHandle } from '../domain/x-handle';
import { MAX_INTAKE_URGENT_MINUTES, MAX_WATCHED_HANDLES } from '../domain/schemas/settings';

export type SettingsField =
  'dueSoonHours' | 'timeZone' | 'days' | 'end' | 'watchedHandles' | 'intakeUrgentAfterMinutes';

/** The handles typed in one field, separated by commas or spaces, each as typed. */
export function splitHandles(typed: string): string[] {
  return typed.split(/[\s,;]+/).filter(Boolean);
}
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
  const bad = draft.watchedHandles.find((h) => !parseHandle(h));
  if (bad !== undefined) {
    errors.watchedHandles = fieldError('optionsErrorWatchedHandle', bad);
  } else if (draft.watchedHandles.length > MAX_WATCHED_HANDLES) {
    errors.watchedHandles = fieldError('optionsErrorWatchedCount', String(MAX_WATCHED_HANDLES));
  }
  const urgent = draft.intakeUrgentAfterMinutes;
  if (!Number.isInteger(urgent) || urgent < 1 || urgent > MAX_INTAKE_URGENT_MINUTES) {
    errors.intakeUrgentAfterMinutes = fieldError(
      'optionsErrorIntakeUrgent',
      String(MAX_INTAKE_URGENT_MINUTES / 60),
    );
  }
  return errors;
}
