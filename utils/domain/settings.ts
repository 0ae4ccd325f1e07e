/**
 * The officer's settings: a typed object with defaults, versioned migrations of what older
 * versions stored, and the validation of an update. Stored as one record in the
 * `settings` store (storage/settings.ts), read and written in one transaction.
 */
import { FIRST_KEYWORDS_VERSION } from './default-keywords';
import { MAX_OFFICER_LENGTH } from './schemas/assignment';
import { parse, refuse } from './schemas/parse';
import {
  type LANGUAGES,
  settingsUpdateSchema,
  TEAM_SETTING_KEYS,
  teamSettingsUpdateSchema,
  workingHoursUpdateSchema,
} from './schemas/settings';
import type { ClockStart } from './sla';
import { minutesOf, type WorkingHours } from './working-hours';

export { MAX_HOLIDAYS, TEAM_SETTING_KEYS } from './schemas/settings';

/** The UI's language: the browser's, or one chosen. */
export type Language = (typeof LANGUAGES)[number];

export interface Settings {
  version: number;
  /** Recorded as `by` in every change; empty until the officer sets it. */
  officerName: string;
  clockStart: ClockStart;
  /** An open item is due soon with at most this many hours left (wall-clock), whatever its SLA. */
  dueSoonHours: number;
  workingHours: WorkingHours;
  notifications: boolean;
  language: Language;
  /** Whether a reply from another handle than the department's counts as its response. */
  otherHandleReplyResponds: boolean;
  /** The team's own accounts: a post addressed to one of them is a citizen's mention (intake). */
  watchedHandles: string[];
  /** An untriaged mention older than this turns urgent, on X and in the popup. */
  intakeUrgentAfterMinutes: number;
  /** The version of the default keywords the directory has taken (default-keywords.ts). */
  keywordDefaults: number;
}

/** What `saveSettings` takes: any of the settings, and any part of the calendar. */
export type SettingsUpdate = Partial<Omit<Settings, 'workingHours'>> & {
  workingHours?: Partial<WorkingHours>;
};

/** The key of the one settings record. */
export const SETTINGS_KEY = 'settings';

/**
 * Step N turns the stored settings of version N into N+1. Append steps, never edit shipped
 * ones. Version 0 is the first release's bare records, one per setting (`officerName`).
 */
const MIGRATIONS: ((old: Record<string, unknown>) => Record<string, unknown>)[] = [
  (legacy) => ({ version: 1, officerName: legacy.officerName }),
];

export const SETTINGS_VERSION = MIGRATIONS.length;

/** The first release's records, removed once folded into the settings record. */
export const LEGACY_SETTINGS_KEYS: readonly string[] = ['officerName'];

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  version: SETTINGS_VERSION,
  officerName: '',
  clockStart: 'assignment',
  dueSoonHours: 6,
  workingHours: Object.freeze({
    enabled: false,
    timeZone: 'Asia/Jakarta',
    days: [1, 2, 3, 4, 5],
    start: '08:00',
    end: '16:00',
    holidays: [],
  }) as WorkingHours,
  notifications: true,
  language: 'auto',
  otherHandleReplyResponds: false,
  watchedHandles: [],
  intakeUrgentAfterMinutes: 120,
  // A directory that records no version took the first defaults; the background raises it.
  keywordDefaults: FIRST_KEYWORDS_VERSION,
});

/** The settings a team shares; the others (name, language, notifications) are each officer's. */
export type TeamSettings = Pick<Settings, (typeof TEAM_SETTING_KEYS)[number]>;

export function teamSettingsOf(settings: Settings): TeamSettings {
  const {
    clockStart,
    dueSoonHours,
    workingHours,
    otherHandleReplyResponds,
    watchedHandles,
    intakeUrgentAfterMinutes,
    keywordDefaults,
  } = settings;
  return {
    clockStart,
    dueSoonHours,
    workingHours,
    otherHandleReplyResponds,
    watchedHandles,
    intakeUrgentAfterMinutes,
    keywordDefaults,
  };
}

/**
 * The version of the default keywords taken never goes back: a form saved from an old draft
 * would otherwise make the next run add again the defaults the team removed since.
 */
function keptKeywordDefaults(
  current: { keywordDefaults: number },
  update: { keywordDefaults?: number },
): number {
  return Math.max(current.keywordDefaults, update.keywordDefaults ?? 0);
}

/** An update of some team settings applied to `base`; throws a `bad-request` naming the field. */
export function parseTeamSettings(
  x: unknown,
  path = 'settings',
  base: TeamSettings = DEFAULT_TEAM_SETTINGS,
): TeamSettings {
  const { workingHours: hours, ...rest } = parse(teamSettingsUpdateSchema, x, path);
  const next = { ...base, ...rest, keywordDefaults: keptKeywordDefaults(base, rest) };
  return teamSettingsOf({
    ...(DEFAULT_SETTINGS as Settings),
    ...next,
    workingHours:
      hours === undefined
        ? base.workingHours
        : workingHours(hours, base.workingHours, `${path}.workingHours`),
  });
}

export const DEFAULT_TEAM_SETTINGS: Readonly<TeamSettings> = Object.freeze({
  clockStart: DEFAULT_SETTINGS.clockStart,
  dueSoonHours: DEFAULT_SETTINGS.dueSoonHours,
  workingHours: DEFAULT_SETTINGS.workingHours,
  otherHandleReplyResponds: DEFAULT_SETTINGS.otherHandleReplyResponds,
  watchedHandles: DEFAULT_SETTINGS.watchedHandles,
  intakeUrgentAfterMinutes: DEFAULT_SETTINGS.intakeUrgentAfterMinutes,
  keywordDefaults: DEFAULT_SETTINGS.keywordDefaults,
});

function defaults(): Settings {
  return structuredClone(DEFAULT_SETTINGS) as Settings;
}

/** `base` with an update of the working calendar, which must still start before it ends. */
function workingHours(x: unknown, base: WorkingHours, path: string): WorkingHours {
  const next = { ...base, ...parse(workingHoursUpdateSchema, x, path) };
  if (minutesOf(next.start) >= minutesOf(next.end)) {
    refuse(`${path}: the working day must start before it ends (${next.start}–${next.end})`);
  }
  return next;
}

/**
 * `current` with the update applied, or a `bad-request` error naming the field. `version`
 * may be sent back as read (a backup holds it) and is ignored.
 */
export function applySettingsUpdate(current: Settings, update: unknown): Settings {
  const patch = parse(settingsUpdateSchema, update ?? {}, 'settings');
  const { workingHours: hours, ...rest } = patch;
  // The version sent back is ignored: the result is of this version.
  const next: Settings = {
    ...current,
    ...rest,
    keywordDefaults: keptKeywordDefaults(current, rest),
    version: SETTINGS_VERSION,
  };
  if (hours !== undefined) {
    next.workingHours = workingHours(hours, current.workingHours, 'settings.workingHours');
  }
  return next;
}

/** Stored settings of any version, migrated; a field that does not pass keeps its default. */
export function migrateSettings(records: Record<string, unknown>): Settings {
  const stored = records[SETTINGS_KEY];
  let value: Record<string, unknown> =
    typeof stored === 'object' && stored !== null && !Array.isArray(stored)
      ? (stored as Record<string, unknown>)
      : { ...records, version: 0 };
  const from = typeof value.version === 'number' ? value.version : 0;
  for (let version = Math.max(0, from); version < MIGRATIONS.length; version++) {
    value = MIGRATIONS[version]!(value);
  }
  const result = defaults();
  const keys = Object.keys(result).filter((k) => k !== 'version' && k !== 'workingHours');
  for (const key of keys as (keyof Settings)[]) {
    try {
      if (value[key] !== undefined)
        result[key] = applySettingsUpdate(result, { [key]: value[key] })[key] as never;
    } catch {
      // Keep the default: a stored value from a newer or broken version must not lock the UI.
    }
  }
  const hours = value.workingHours;
  if (typeof hours === 'object' && hours !== null) {
    try {
      result.workingHours = workingHours(hours, result.workingHours, 'workingHours');
      return result;
    } catch {
      // Keep what passes, field by field, below.
    }
    for (const key of Object.keys(result.workingHours)) {
      try {
        result.workingHours = workingHours(
          { [key]: (hours as Record<string, unknown>)[key] },
          result.workingHours,
          'workingHours',
        );
      } catch {
        // As above.
      }
    }
  }
  return result;
}

/** The name recorded as `by`, or `fallback` while none is set. */
export function officerOf(settings: Settings, fallback: string): string {
  return settings.officerName.slice(0, MAX_OFFICER_LENGTH) || fallback;
}
