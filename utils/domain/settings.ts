/**
 * The officer's settings: a typed object with defaults, versioned migrations of what older
 * versions stored, and the validation of an update. Stored as one record in the
 * `settings` store (storage/settings.ts), read and written in one transaction.
 */
import { MAX_OFFICER_LENGTH, onlyKeys, record } from './assignment-ops';
import { TanggapError } from './errors';
import { MAX_DUE_SOON_HOURS, type ClockStart } from './sla';
import { isTimeZone, minutesOf, type WorkingHours } from './working-hours';

/** The UI's language: the browser's, or one chosen. */
export type Language = 'auto' | 'id' | 'en';

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
}

/** What `saveSettings` takes: any of the settings, and any part of the calendar. */
export type SettingsUpdate = Partial<Omit<Settings, 'workingHours'>> & {
  workingHours?: Partial<WorkingHours>;
};

/** The key of the one settings record. */
export const SETTINGS_KEY = 'settings';
export const MAX_HOLIDAYS = 1000;

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
});

/** The team's part of the defaults (see sync-mutations.ts). */
/** The settings a team shares; the others (name, language, notifications) are each officer's. */
export const TEAM_SETTING_KEYS = [
  'clockStart',
  'dueSoonHours',
  'workingHours',
  'otherHandleReplyResponds',
] as const;
export type TeamSettings = Pick<Settings, (typeof TEAM_SETTING_KEYS)[number]>;

export function teamSettingsOf(settings: Settings): TeamSettings {
  const { clockStart, dueSoonHours, workingHours, otherHandleReplyResponds } = settings;
  return { clockStart, dueSoonHours, workingHours, otherHandleReplyResponds };
}

/** An update of some team settings applied to `base`; throws a `bad-request` naming the field. */
export function parseTeamSettings(
  x: unknown,
  path = 'settings',
  base: TeamSettings = DEFAULT_TEAM_SETTINGS,
): TeamSettings {
  onlyKeys(record(x, path), TEAM_SETTING_KEYS, path);
  const full = applySettingsUpdate({ ...(DEFAULT_SETTINGS as Settings), ...base }, x);
  return teamSettingsOf(full);
}

export const DEFAULT_TEAM_SETTINGS: Readonly<TeamSettings> = Object.freeze({
  clockStart: DEFAULT_SETTINGS.clockStart,
  dueSoonHours: DEFAULT_SETTINGS.dueSoonHours,
  workingHours: DEFAULT_SETTINGS.workingHours,
  otherHandleReplyResponds: DEFAULT_SETTINGS.otherHandleReplyResponds,
});

function bad(message: string): never {
  throw new TanggapError('bad-request', message);
}

function defaults(): Settings {
  return structuredClone(DEFAULT_SETTINGS) as Settings;
}

// ---------------------------------------------------------------------------------------
// Validation: one checker per field, used for updates (which refuse bad values) and for
// what is stored (where a bad value falls back to its default).

type Checkers = { [K in Exclude<keyof Settings, 'version'>]: (x: unknown) => Settings[K] };
type HoursCheckers = { [K in keyof WorkingHours]: (x: unknown, path: string) => WorkingHours[K] };

function oneOf<T extends string>(values: readonly T[], path: string) {
  return (x: unknown): T => {
    if (!values.includes(x as T)) bad(`${path} must be one of ${values.join(', ')}`);
    return x as T;
  };
}

function flag(path: string) {
  return (x: unknown): boolean => {
    if (typeof x !== 'boolean') bad(`${path} must be true or false`);
    return x;
  };
}

function isRealDate(iso: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function time(x: unknown, path: string): string {
  if (typeof x !== 'string' || Number.isNaN(minutesOf(x))) {
    bad(`${path} must be a time of day as HH:MM (00:00 to 23:59), not ${JSON.stringify(x)}`);
  }
  return x;
}

const hoursCheckers: HoursCheckers = {
  enabled: (x, path) => flag(path)(x),
  timeZone: (x, path) => {
    if (typeof x !== 'string' || x.length > 64 || !isTimeZone(x)) {
      bad(`${path} must be a time zone such as Asia/Jakarta, not ${JSON.stringify(x)}`);
    }
    return x;
  },
  days: (x, path) => {
    if (!Array.isArray(x) || x.length === 0) bad(`${path} must list at least one working day`);
    for (const day of x) {
      if (!Number.isInteger(day) || (day as number) < 1 || (day as number) > 7) {
        bad(`${path} must hold weekdays from 1 (Monday) to 7 (Sunday), not ${String(day)}`);
      }
    }
    return [...new Set(x as number[])].sort((a, b) => a - b);
  },
  start: time,
  end: time,
  holidays: (x, path) => {
    if (!Array.isArray(x) || x.length > MAX_HOLIDAYS) {
      bad(`${path} must be a list of at most ${MAX_HOLIDAYS} dates`);
    }
    for (const [i, day] of x.entries()) {
      if (typeof day !== 'string' || !isRealDate(day)) {
        bad(`${path}[${i}] must be a date as YYYY-MM-DD, not ${JSON.stringify(day)}`);
      }
    }
    return [...new Set(x as string[])].sort();
  },
};

function workingHours(x: unknown, base: WorkingHours, path: string): WorkingHours {
  const r = record(x, path);
  onlyKeys(r, Object.keys(hoursCheckers), path);
  const next = { ...base };
  for (const key of Object.keys(hoursCheckers) as (keyof WorkingHours)[]) {
    if (r[key] !== undefined) {
      (next as Record<string, unknown>)[key] = hoursCheckers[key](r[key], `${path}.${key}`);
    }
  }
  if (minutesOf(next.start) >= minutesOf(next.end)) {
    bad(`${path}: the working day must start before it ends (${next.start}–${next.end})`);
  }
  return next;
}

const checkers: Omit<Checkers, 'workingHours'> = {
  officerName: (x) => {
    if (typeof x !== 'string') bad('settings.officerName must be a string');
    const name = x.trim();
    if (name.length > MAX_OFFICER_LENGTH) {
      bad(`settings.officerName is too long (at most ${MAX_OFFICER_LENGTH} characters)`);
    }
    return name;
  },
  clockStart: oneOf<ClockStart>(['assignment', 'post'], 'settings.clockStart'),
  dueSoonHours: (x) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0 || x > MAX_DUE_SOON_HOURS) {
      bad(
        `settings.dueSoonHours must be a number of hours above 0 and at most ${MAX_DUE_SOON_HOURS}`,
      );
    }
    return x;
  },
  notifications: flag('settings.notifications'),
  language: oneOf<Language>(['auto', 'id', 'en'], 'settings.language'),
  otherHandleReplyResponds: flag('settings.otherHandleReplyResponds'),
};

const SETTING_KEYS = ['version', 'workingHours', ...Object.keys(checkers)];

/**
 * `current` with the update applied, or a `bad-request` error naming the field. `version`
 * may be sent back as read (a backup holds it) and is ignored.
 */
export function applySettingsUpdate(current: Settings, update: unknown): Settings {
  const patch = record(update ?? {}, 'settings');
  onlyKeys(patch, SETTING_KEYS, 'settings');
  const next: Settings = { ...current, version: SETTINGS_VERSION };
  for (const key of Object.keys(checkers) as (keyof typeof checkers)[]) {
    if (patch[key] !== undefined)
      (next as unknown as Record<string, unknown>)[key] = checkers[key](patch[key]);
  }
  if (patch.workingHours !== undefined) {
    next.workingHours = workingHours(
      patch.workingHours,
      current.workingHours,
      'settings.workingHours',
    );
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
  for (const key of Object.keys(checkers) as (keyof typeof checkers)[]) {
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
    for (const key of Object.keys(hoursCheckers)) {
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
