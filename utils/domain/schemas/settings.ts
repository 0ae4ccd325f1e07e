/**
 * An update of the officer's settings and of the team's: each field optional, each checked in
 * the words the options page shows. Applying one to the current settings is `settings.ts`'s.
 */
import * as v from 'valibot';
import { MAX_DUE_SOON_HOURS } from '../sla';
import { isHandle, sameHandle } from '../x-handle';
import { isTimeZone, minutesOf } from '../working-hours';
import { MAX_OFFICER_LENGTH } from './assignment';
import { flag, oneOf } from './blocks';
import { fields } from './parse';

export const MAX_HOLIDAYS = 1000;
export const LANGUAGES = ['auto', 'id', 'en'] as const;
export const CLOCK_STARTS = ['assignment', 'post'] as const;

function isRealDate(iso: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const shown = (issue: v.BaseIssue<unknown>) => JSON.stringify(issue.input);

const timeOfDay = v.pipe(
  v.custom<string>(
    (x) => typeof x === 'string' && !Number.isNaN(minutesOf(x)),
    (issue) => `must be a time of day as HH:MM (00:00 to 23:59), not ${shown(issue)}`,
  ),
);

const timeZone = v.custom<string>(
  (x) => typeof x === 'string' && x.length <= 64 && isTimeZone(x),
  (issue) => `must be a time zone such as Asia/Jakarta, not ${shown(issue)}`,
);

const weekday = (x: unknown) => Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 7;

/** Weekdays from 1 (Monday) to 7 (Sunday), at least one; kept sorted, each once. */
const days = v.pipe(
  v.array(v.unknown(), 'must list at least one working day'),
  v.nonEmpty('must list at least one working day'),
  v.check(
    (list: unknown[]) => list.every(weekday),
    (issue) =>
      `must hold weekdays from 1 (Monday) to 7 (Sunday), not ${String((issue.input as unknown[]).find((d) => !weekday(d)))}`,
  ),
  v.transform((list) => [...new Set(list as number[])].sort((a, b) => a - b)),
);

/** Dates as YYYY-MM-DD; kept sorted, each once. */
const holidays = v.pipe(
  v.array(
    v.custom<string>(
      (x) => typeof x === 'string' && isRealDate(x),
      (issue) => `must be a date as YYYY-MM-DD, not ${shown(issue)}`,
    ),
    `must be a list of at most ${MAX_HOLIDAYS} dates`,
  ),
  v.maxLength(MAX_HOLIDAYS, `must be a list of at most ${MAX_HOLIDAYS} dates`),
  v.transform((list) => [...new Set(list)].sort()),
);

/** Any part of the working calendar; the whole must still start before it ends. */
export const workingHoursUpdateSchema = fields({
  enabled: v.optional(flag),
  timeZone: v.optional(timeZone),
  days: v.optional(days),
  start: v.optional(timeOfDay),
  end: v.optional(timeOfDay),
  holidays: v.optional(holidays),
});

const officerName = v.pipe(
  v.string('must be a string'),
  v.transform((s) => s.trim()),
  v.maxLength(MAX_OFFICER_LENGTH, `is too long (at most ${MAX_OFFICER_LENGTH} characters)`),
);

const dueSoonHours = v.custom<number>(
  (x) => typeof x === 'number' && Number.isFinite(x) && x > 0 && x <= MAX_DUE_SOON_HOURS,
  `must be a number of hours above 0 and at most ${MAX_DUE_SOON_HOURS}`,
);

export const MAX_WATCHED_HANDLES = 20;
export const MAX_INTAKE_URGENT_MINUTES = 7 * 24 * 60;

/** The team's own accounts (the city's, the mayor's): typed with or without "@", kept once each. */
const watchedHandles = v.pipe(
  v.array(
    v.pipe(
      v.string('must be a list of X handles'),
      v.transform((s) => s.trim().replace(/^@/, '')),
      v.check(isHandle, (issue) => `must hold X handles such as @pemkot, not ${shown(issue)}`),
    ),
    'must be a list of X handles',
  ),
  v.maxLength(MAX_WATCHED_HANDLES, `must list at most ${MAX_WATCHED_HANDLES} accounts`),
  v.transform((list) => list.filter((h, i) => list.findIndex((o) => sameHandle(o, h)) === i)),
);

const intakeUrgentAfterMinutes = v.custom<number>(
  (x) => Number.isInteger(x) && (x as number) >= 1 && (x as number) <= MAX_INTAKE_URGENT_MINUTES,
  `must be a whole number of minutes from 1 to ${MAX_INTAKE_URGENT_MINUTES}`,
);

const keywordDefaults = v.custom<number>(
  (x) => Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 1000,
  'must be a version number of the default keywords',
);

/** The settings a team shares; the others (name, language, notifications) are each officer's. */
const teamEntries = {
  clockStart: v.optional(oneOf(CLOCK_STARTS)),
  dueSoonHours: v.optional(dueSoonHours),
  workingHours: v.optional(workingHoursUpdateSchema),
  otherHandleReplyResponds: v.optional(flag),
  watchedHandles: v.optional(watchedHandles),
  intakeUrgentAfterMinutes: v.optional(intakeUrgentAfterMinutes),
  keywordDefaults: v.optional(keywordDefaults),
};

export const TEAM_SETTING_KEYS = Object.keys(teamEntries) as (keyof typeof teamEntries)[];

/** An update of the team's settings (the sync wire's `saveTeamSettings`, a pull's settings). */
export const teamSettingsUpdateSchema = fields(teamEntries);

/**
 * An update of this browser's settings. `version` may be sent back as read (a backup holds
 * it) and is ignored.
 */
export const settingsUpdateSchema = fields({
  version: v.optional(v.unknown()),
  officerName: v.optional(officerName),
  ...teamEntries,
  notifications: v.optional(flag),
  language: v.optional(oneOf(LANGUAGES)),
});
