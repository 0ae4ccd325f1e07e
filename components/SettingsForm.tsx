import { useEffect, useState } from 'preact/hooks';
import type { Language, Settings } from '../utils/domain/settings';
import { MAX_DUE_SOON_HOURS } from '../utils/domain/sla';
import type { Translate } from '../utils/i18n/i18n';
import {
  checkSettingsDraft,
  type SettingsErrors,
  type SettingsField,
} from '../utils/forms/settings-checks';
import { FieldErrorText } from './FieldErrorText';
import { FormMessage } from './FormMessage';
import { errorWords } from '../utils/i18n/error-words';

interface Props {
  settings: Settings;
  tr: Translate;
  /** For weekday names. */
  locale: string;
  /** Resolves with the stored settings, or rejects with the background's error. */
  onSave: (settings: Settings) => Promise<unknown>;
}

/** Indonesia's three zones first; any IANA zone may be typed. */
const TIME_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

function weekdayName(day: number, locale: string): string {
  // 1 January 2024 was a Monday.
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, day)),
  );
}

/** The officer's settings; saved together, taking effect at once in every open X tab. */
export function SettingsForm({ settings, tr, locale, onSave }: Props) {
  const storedKey = JSON.stringify(settings);
  const [draft, setDraft] = useState(settings);
  const [holiday, setHoliday] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<SettingsErrors>({});
  useEffect(() => setDraft(JSON.parse(storedKey) as Settings), [storedKey]);
  const invalid = (field: SettingsField) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': `${field}-error` } : {};

  const hours = draft.workingHours;
  const set = (patch: Partial<Settings>) => setDraft({ ...draft, ...patch });
  const setHours = (patch: Partial<Settings['workingHours']>) =>
    set({ workingHours: { ...hours, ...patch } });
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  const checked = (e: Event) => (e.currentTarget as HTMLInputElement).checked;
  const toggle = (name: 'notifications' | 'otherHandleReplyResponds', label: string) => (
    <div class="field">
      <label class="choice">
        <input
          type="checkbox"
          name={name}
          checked={draft[name]}
          onChange={(e) => set({ [name]: checked(e) })}
        />{' '}
        {label}
      </label>
    </div>
  );

  async function save(event: Event) {
    event.preventDefault();
    const found = checkSettingsDraft(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setMessage({ text: tr('optionsFixErrors'), error: true });
      return;
    }
    setBusy(true);
    setMessage(undefined);
    try {
      await onSave(draft);
      setMessage({ text: tr('optionsSaved'), error: false });
    } catch (error) {
      setMessage({ text: tr('optionsSaveFailed', errorWords(error)), error: true });
    } finally {
      setBusy(false);
    }
  }

  function addHoliday() {
    if (!holiday || hours.holidays.includes(holiday)) return;
    setHours({ holidays: [...hours.holidays, holiday].sort() });
    setHoliday('');
  }

  return (
    <form class="settings" onSubmit={(e) => void save(e)} noValidate>
      <div class="field">
        <label for="officerName">{tr('optionsOfficerName')}</label>
        <input
          id="officerName"
          name="officerName"
          type="text"
          maxLength={100}
          value={draft.officerName}
          onInput={(e) => set({ officerName: value(e) })}
        />
      </div>

      <fieldset>
        <legend>{tr('optionsClockStart')}</legend>
        {(['assignment', 'post'] as const).map((start) => (
          <label key={start} class="choice">
            <input
              type="radio"
              name="clockStart"
              value={start}
              checked={draft.clockStart === start}
              onChange={() => set({ clockStart: start })}
            />{' '}
            {tr(start === 'assignment' ? 'optionsClockAssignment' : 'optionsClockPost')}
          </label>
        ))}
      </fieldset>

      <div class="field">
        <label for="dueSoonHours">{tr('optionsDueSoonHours')}</label>
        <input
          id="dueSoonHours"
          name="dueSoonHours"
          type="number"
          min={0.5}
          max={MAX_DUE_SOON_HOURS}
          step={0.5}
          aria-describedby="dueSoonHelp"
          value={draft.dueSoonHours}
          onInput={(e) => set({ dueSoonHours: Number(value(e)) })}
          {...invalid('dueSoonHours')}
        />
        <FieldErrorText id="dueSoonHours-error" error={errors.dueSoonHours} tr={tr} />
        <p class="help" id="dueSoonHelp">
          {tr('optionsDueSoonHelp')}
        </p>
      </div>

      <fieldset>
        <legend>
          <label class="choice">
            <input
              type="checkbox"
              name="workingHoursEnabled"
              checked={hours.enabled}
              aria-describedby="workingHoursHelp"
              onChange={(e) => setHours({ enabled: checked(e) })}
            />{' '}
            {tr('optionsWorkingHours')}
          </label>
        </legend>
        <p class="help" id="workingHoursHelp">
          {tr('optionsWorkingHoursHelp')}
        </p>
        <div class="row">
          <div class="field">
            <label for="timeZone">{tr('optionsTimeZone')}</label>
            <input
              id="timeZone"
              name="timeZone"
              list="timeZones"
              value={hours.timeZone}
              onInput={(e) => setHours({ timeZone: value(e).trim() })}
              {...invalid('timeZone')}
            />
            <FieldErrorText id="timeZone-error" error={errors.timeZone} tr={tr} />
            <datalist id="timeZones">
              {TIME_ZONES.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </div>
          <div class="field">
            <label for="workStart">{tr('optionsOpensAt')}</label>
            <input
              id="workStart"
              name="start"
              type="time"
              value={hours.start}
              onInput={(e) => setHours({ start: value(e) })}
            />
          </div>
          <div class="field">
            <label for="workEnd">{tr('optionsClosesAt')}</label>
            <input
              id="workEnd"
              name="end"
              type="time"
              value={hours.end}
              onInput={(e) => setHours({ end: value(e) })}
              {...invalid('end')}
            />
            <FieldErrorText id="end-error" error={errors.end} tr={tr} />
          </div>
        </div>
        <fieldset class="days" {...invalid('days')}>
          <legend>{tr('optionsWorkingDays')}</legend>
          <FieldErrorText id="days-error" error={errors.days} tr={tr} />
          {WEEKDAYS.map((day) => (
            <label key={day} class="choice">
              <input
                type="checkbox"
                name="days"
                value={day}
                checked={hours.days.includes(day)}
                onChange={(e) =>
                  setHours({
                    days: checked(e)
                      ? [...hours.days, day].sort((a, b) => a - b)
                      : hours.days.filter((d) => d !== day),
                  })
                }
              />{' '}
              {weekdayName(day, locale)}
            </label>
          ))}
        </fieldset>
        <fieldset class="holidays">
          <legend>{tr('optionsHolidays')}</legend>
          {hours.holidays.length === 0 && <p class="help">{tr('optionsNoHolidays')}</p>}
          <ul>
            {hours.holidays.map((day) => (
              <li key={day}>
                <time dateTime={day}>{day}</time>{' '}
                <button
                  type="button"
                  aria-label={tr('optionsRemoveHoliday', day)}
                  title={tr('optionsRemoveHoliday', day)}
                  onClick={() => setHours({ holidays: hours.holidays.filter((h) => h !== day) })}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
          <label for="holiday">{tr('optionsHolidayDate')}</label>{' '}
          <input
            id="holiday"
            name="holiday"
            type="date"
            value={holiday}
            onInput={(e) => setHoliday(value(e))}
          />{' '}
          <button type="button" onClick={addHoliday} disabled={!holiday}>
            {tr('optionsAddHoliday')}
          </button>
        </fieldset>
      </fieldset>

      {toggle('notifications', tr('optionsNotifications'))}

      {toggle('otherHandleReplyResponds', tr('optionsOtherHandleReplyResponds'))}

      <div class="field">
        <label for="language">{tr('optionsLanguage')}</label>
        <select
          id="language"
          name="language"
          value={draft.language}
          onChange={(e) => set({ language: value(e) as Language })}
        >
          <option value="auto">{tr('optionsLanguageAuto')}</option>
          <option value="id" lang="id">
            Bahasa Indonesia
          </option>
          <option value="en" lang="en">
            English
          </option>
        </select>
      </div>

      <div class="actions">
        <button type="submit" disabled={busy}>
          {tr('optionsSaveSettings')}
        </button>
      </div>
      <FormMessage message={message} />
    </form>
  );
}
