import { useState } from 'preact/hooks';
import type { Language, Settings } from '../utils/domain/settings';
import { MAX_DUE_SOON_HOURS } from '../utils/domain/sla';
import { t, uiLanguage } from '../utils/i18n/i18n';
import {
  checkSettingsDraft,
  splitHandles,
  type SettingsErrors,
  type SettingsField,
} from '../utils/forms/settings-checks';
import { FieldErrorText } from './FieldErrorText';
import { FormMessage } from './FormMessage';
import { useStoredDraft } from './use-stored-draft';
import { errorWords } from '../utils/i18n/error-words';

interface Props {
  settings: Settings;
  /** Resolves with the stored settings, or rejects with the background's error. */
  onSave: (settings: Settings) => Promise<unknown>;
  /** The team's rules shown but not changeable: in a team, only its admins change them. */
  teamReadOnly?: boolean;
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

const handlesText = (handles: readonly string[]) => handles.map((h) => `@${h}`).join(', ');

/** The officer's settings; saved together, taking effect at once in every open X tab. */
export function SettingsForm({ settings, onSave, teamReadOnly = false }: Props) {
  // The watched accounts as typed ("@pemkot, walikota") beside the settings they become.
  const [form, setForm] = useStoredDraft({
    draft: settings,
    watchedText: handlesText(settings.watchedHandles),
  });
  const { draft, watchedText } = form;
  const [holiday, setHoliday] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const invalid = (field: SettingsField) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': `${field}-error` } : {};

  const hours = draft.workingHours;
  const set = (patch: Partial<Settings>) => setForm({ ...form, draft: { ...draft, ...patch } });
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
      setMessage({ text: t('optionsFixErrors'), error: true });
      return;
    }
    setBusy(true);
    setMessage(undefined);
    try {
      await onSave(draft);
      setMessage({ text: t('optionsSaved'), error: false });
    } catch (error) {
      setMessage({ text: t('optionsSaveFailed', errorWords(error)), error: true });
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
        <label for="officerName">{t('optionsOfficerName')}</label>
        <input
          id="officerName"
          name="officerName"
          type="text"
          maxLength={100}
          value={draft.officerName}
          onInput={(e) => set({ officerName: value(e) })}
        />
      </div>

      <fieldset class="team-rules" disabled={teamReadOnly} data-team-settings>
        <legend>{t('optionsTeamRules')}</legend>
        {teamReadOnly && (
          <p class="help read-only" data-team-settings-read-only>
            {t('rolesTeamSettingsReadOnly')}
          </p>
        )}
        <fieldset>
          <legend>{t('optionsClockStart')}</legend>
          {(['assignment', 'post'] as const).map((start) => (
            <label key={start} class="choice">
              <input
                type="radio"
                name="clockStart"
                value={start}
                checked={draft.clockStart === start}
                onChange={() => set({ clockStart: start })}
              />{' '}
              {t(start === 'assignment' ? 'optionsClockAssignment' : 'optionsClockPost')}
            </label>
          ))}
        </fieldset>

        <div class="field">
          <label for="dueSoonHours">{t('optionsDueSoonHours')}</label>
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
          <FieldErrorText id="dueSoonHours-error" error={errors.dueSoonHours} />
          <p class="help" id="dueSoonHelp">
            {t('optionsDueSoonHelp')}
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
              {t('optionsWorkingHours')}
            </label>
          </legend>
          <p class="help" id="workingHoursHelp">
            {t('optionsWorkingHoursHelp')}
          </p>
          <div class="row">
            <div class="field">
              <label for="timeZone">{t('optionsTimeZone')}</label>
              <input
                id="timeZone"
                name="timeZone"
                list="timeZones"
                value={hours.timeZone}
                onInput={(e) => setHours({ timeZone: value(e).trim() })}
                {...invalid('timeZone')}
              />
              <FieldErrorText id="timeZone-error" error={errors.timeZone} />
              <datalist id="timeZones">
                {TIME_ZONES.map((zone) => (
                  <option key={zone} value={zone} />
                ))}
              </datalist>
            </div>
            <div class="field">
              <label for="workStart">{t('optionsOpensAt')}</label>
              <input
                id="workStart"
                name="start"
                type="time"
                value={hours.start}
                onInput={(e) => setHours({ start: value(e) })}
              />
            </div>
            <div class="field">
              <label for="workEnd">{t('optionsClosesAt')}</label>
              <input
                id="workEnd"
                name="end"
                type="time"
                value={hours.end}
                onInput={(e) => setHours({ end: value(e) })}
                {...invalid('end')}
              />
              <FieldErrorText id="end-error" error={errors.end} />
            </div>
          </div>
          <fieldset class="days" {...invalid('days')}>
            <legend>{t('optionsWorkingDays')}</legend>
            <FieldErrorText id="days-error" error={errors.days} />
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
                {weekdayName(day, uiLanguage())}
              </label>
            ))}
          </fieldset>
          <fieldset class="holidays">
            <legend>{t('optionsHolidays')}</legend>
            {hours.holidays.length === 0 && <p class="help">{t('optionsNoHolidays')}</p>}
            <ul>
              {hours.holidays.map((day) => (
                <li key={day}>
                  <time dateTime={day}>{day}</time>{' '}
                  <button
                    type="button"
                    aria-label={t('optionsRemoveHoliday', day)}
                    title={t('optionsRemoveHoliday', day)}
                    onClick={() => setHours({ holidays: hours.holidays.filter((h) => h !== day) })}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
            <label for="holiday">{t('optionsHolidayDate')}</label>{' '}
            <input
              id="holiday"
              name="holiday"
              type="date"
              value={holiday}
              onInput={(e) => setHoliday(value(e))}
            />{' '}
            <button type="button" onClick={addHoliday} disabled={!holiday}>
              {t('optionsAddHoliday')}
            </button>
          </fieldset>
        </fieldset>

        <div class="field">
          <label for="watchedHandles">{t('optionsWatchedHandles')}</label>
          <input
            id="watchedHandles"
            name="watchedHandles"
            type="text"
            placeholder="@pemkot, @walikota"
            aria-describedby="watchedHandlesHelp"
            value={watchedText}
            onInput={(e) =>
              setForm({
                draft: { ...draft, watchedHandles: splitHandles(value(e)) },
                watchedText: value(e),
              })
            }
            {...invalid('watchedHandles')}
          />
          <FieldErrorText id="watchedHandles-error" error={errors.watchedHandles} />
          <p class="help" id="watchedHandlesHelp">
            {t('optionsWatchedHandlesHint')}
          </p>
        </div>

        <fieldset class="intake-urgent" {...invalid('intakeUrgentAfterMinutes')}>
          <legend>{t('optionsIntakeUrgentAfter')}</legend>
          <FieldErrorText
            id="intakeUrgentAfterMinutes-error"
            error={errors.intakeUrgentAfterMinutes}
          />
          <label class="choice">
            <input
              name="intakeUrgentHours"
              type="number"
              min={0}
              max={168}
              step={1}
              value={Math.floor(draft.intakeUrgentAfterMinutes / 60)}
              onInput={(e) =>
                set({
                  intakeUrgentAfterMinutes:
                    Number(value(e)) * 60 + (draft.intakeUrgentAfterMinutes % 60),
                })
              }
            />{' '}
            {t('optionsIntakeHours')}
          </label>{' '}
          <label class="choice">
            <input
              name="intakeUrgentMinutes"
              type="number"
              min={0}
              max={59}
              step={1}
              value={draft.intakeUrgentAfterMinutes % 60}
              onInput={(e) =>
                set({
                  intakeUrgentAfterMinutes:
                    Math.floor(draft.intakeUrgentAfterMinutes / 60) * 60 + Number(value(e)),
                })
              }
            />{' '}
            {t('optionsIntakeMinutes')}
          </label>
        </fieldset>

        {toggle('otherHandleReplyResponds', t('optionsOtherHandleReplyResponds'))}
      </fieldset>

      {toggle('notifications', t('optionsNotifications'))}

      <div class="field">
        <label for="language">{t('optionsLanguage')}</label>
        <select
          id="language"
          name="language"
          value={draft.language}
          onChange={(e) => set({ language: value(e) as Language })}
        >
          <option value="auto">{t('optionsLanguageAuto')}</option>
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
          {t('optionsSaveSettings')}
        </button>
      </div>
      <FormMessage message={message} />
    </form>
  );
}
