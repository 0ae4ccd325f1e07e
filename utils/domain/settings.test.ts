import { afterEach, describe, expect, test } from 'vitest';
import { openTanggapDb, type TanggapDb } from '../storage/schema';
import { TanggapError } from './errors';
import {
  applySettingsUpdate,
  DEFAULT_SETTINGS,
  migrateSettings,
  officerOf,
  parseTeamSettings,
  SETTINGS_KEY,
  SETTINGS_VERSION,
  type Settings,
  teamSettingsOf,
} from './settings';
import { loadSettings, readSettingsRecords, saveSettings } from '../storage/settings';

let count = 0;
const opened: TanggapDb[] = [];
async function freshDb() {
  const db = await openTanggapDb(`settings-${++count}`);
  opened.push(db);
  return db;
}
afterEach(() => opened.splice(0).forEach((db) => db.close()));

const defaults = (): Settings => structuredClone(DEFAULT_SETTINGS) as Settings;

function refused(update: unknown, message: RegExp) {
  let error: unknown;
  try {
    applySettingsUpdate(defaults(), update);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(TanggapError);
  expect((error as TanggapError).code).toBe('bad-request');
  expect((error as TanggapError).message).toMatch(message);
}

describe('defaults', () => {
  test('match the first release: clock at assignment, due soon at 6 h, every hour counts', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({
      officerName: '',
      clockStart: 'assignment',
      dueSoonHours: 6,
      notifications: true,
      language: 'auto',
      otherHandleReplyResponds: false,
      workingHours: {
        enabled: false,
        timeZone: 'Asia/Jakarta',
        days: [1, 2, 3, 4, 5],
        start: '08:00',
        end: '16:00',
        holidays: [],
      },
    });
    expect(DEFAULT_SETTINGS.version).toBe(SETTINGS_VERSION);
  });
});

describe('applySettingsUpdate', () => {
  test('the version of the default keywords taken never goes back, alone or in a team', () => {
    // A form opened before the new keywords were taken sends the old version with its save:
    // taking it would make the next run add again the defaults the team removed since.
    const taken = applySettingsUpdate(defaults(), { keywordDefaults: 2 });
    expect(applySettingsUpdate(taken, { keywordDefaults: 1, dueSoonHours: 3 })).toMatchObject({
      keywordDefaults: 2,
      dueSoonHours: 3,
    });
    const team = parseTeamSettings({ keywordDefaults: 2 });
    expect(parseTeamSettings({ keywordDefaults: 1 }, 'settings', team).keywordDefaults).toBe(2);
    expect(parseTeamSettings({ keywordDefaults: 3 }, 'settings', team).keywordDefaults).toBe(3);
  });

  test('applies a partial update over the current settings and normalises it', () => {
    const next = applySettingsUpdate(defaults(), {
      officerName: '  Ani (Diskominfo) ',
      dueSoonHours: 4,
      workingHours: { enabled: true, days: [5, 1, 1], holidays: ['2025-12-25', '2025-08-17'] },
    });
    expect(next.officerName).toBe('Ani (Diskominfo)');
    expect(next.dueSoonHours).toBe(4);
    expect(next.workingHours).toEqual({
      ...DEFAULT_SETTINGS.workingHours,
      enabled: true,
      days: [1, 5],
      holidays: ['2025-08-17', '2025-12-25'],
    });
    expect(next.language).toBe('auto');
  });

  test.each([0.5, 23.5, 24, 48, 72])('accepts a due-soon window of %d h', (hours) => {
    expect(applySettingsUpdate(defaults(), { dueSoonHours: hours }).dueSoonHours).toBe(hours);
  });

  test('accepts the settings as read, version included', () => {
    const all = { ...defaults(), language: 'id' };
    expect(applySettingsUpdate(defaults(), all)).toEqual(all);
  });

  test.each([
    [{ dueSoonHours: 0 }, /dueSoonHours.*above 0 and at most 72/],
    [{ dueSoonHours: 72.5 }, /dueSoonHours.*above 0 and at most 72/],
    [{ dueSoonHours: Number.POSITIVE_INFINITY }, /dueSoonHours/],
    [{ dueSoonHours: '6' }, /dueSoonHours/],
    [{ dueSoonHours: Number.NaN }, /dueSoonHours/],
    [{ clockStart: 'reply' }, /clockStart must be one of assignment, post/],
    [{ language: 'fr' }, /language must be one of auto, id, en/],
    [{ notifications: 'yes' }, /notifications must be true or false/],
    [{ officerName: 'x'.repeat(101) }, /officerName is too long/],
    [{ workingHours: { start: '8:00' } }, /workingHours\.start must be a time of day as HH:MM/],
    [{ workingHours: { end: '24:00' } }, /workingHours\.end must be a time of day/],
    [{ workingHours: { start: '16:00', end: '08:00' } }, /must start before it ends/],
    [{ workingHours: { start: '16:00' } }, /must start before it ends \(16:00–16:00\)/],
    [{ workingHours: { holidays: ['2025-02-30'] } }, /holidays\[0\] must be a date as YYYY-MM-DD/],
    [{ workingHours: { holidays: ['17-08-2025'] } }, /holidays\[0\]/],
    [{ workingHours: { timeZone: 'WIB' } }, /timeZone must be a time zone such as Asia\/Jakarta/],
    [{ workingHours: { days: [] } }, /at least one working day/],
    [{ workingHours: { days: [0] } }, /weekdays from 1 \(Monday\) to 7 \(Sunday\)/],
    [{ workingHours: { weekends: true } }, /unknown field "weekends"/],
    [{ theme: 'dark' }, /unknown field "theme"/],
    [[], /settings must be an object/],
  ])('refuses %j', (update, message) => {
    refused(update, message);
  });
});

describe('migrateSettings', () => {
  test('an empty store gives the defaults', () => {
    expect(migrateSettings({})).toEqual(DEFAULT_SETTINGS);
  });

  test('the first release’s bare officerName record is kept', () => {
    expect(migrateSettings({ officerName: 'Budi' })).toEqual({
      ...defaults(),
      officerName: 'Budi',
    });
  });

  test.each([4.5, 18, 48])('a stored due-soon threshold of %d h is kept as it is', (hours) => {
    const stored = { version: SETTINGS_VERSION, dueSoonHours: hours };
    expect(migrateSettings({ [SETTINGS_KEY]: stored }).dueSoonHours).toBe(hours);
  });

  test('a stored value that no longer passes falls back to its default, field by field', () => {
    const settings = migrateSettings({
      [SETTINGS_KEY]: {
        version: SETTINGS_VERSION,
        officerName: 'Ani',
        dueSoonHours: -3,
        language: 'id',
        workingHours: { enabled: true, start: '17:00', end: '20:00', timeZone: 'Nowhere/City' },
      },
    });
    expect(settings.officerName).toBe('Ani');
    expect(settings.language).toBe('id');
    expect(settings.dueSoonHours).toBe(6);
    expect(settings.workingHours.enabled).toBe(true);
    expect(settings.workingHours.timeZone).toBe('Asia/Jakarta');
  });

  test('a whole valid calendar is kept as it is', () => {
    const workingHours = { ...DEFAULT_SETTINGS.workingHours, start: '17:00', end: '20:00' };
    expect(
      migrateSettings({ [SETTINGS_KEY]: { version: SETTINGS_VERSION, workingHours } }).workingHours,
    ).toEqual(workingHours);
  });
});

describe('stored settings', () => {
  test('load gives the defaults; save stores, and a later load reads it back', async () => {
    const db = await freshDb();
    expect(await loadSettings(db)).toEqual(DEFAULT_SETTINGS);
    const saved = await saveSettings(db, { dueSoonHours: 3, language: 'en' });
    expect(saved).toMatchObject({ dueSoonHours: 3, language: 'en' });
    expect(await loadSettings(db)).toEqual(saved);
    // One save does not undo another: each starts from what is stored.
    await saveSettings(db, { officerName: 'Ani' });
    expect(await loadSettings(db)).toMatchObject({ dueSoonHours: 3, officerName: 'Ani' });
  });

  test('the first save folds the bare record of the first release into the settings', async () => {
    const db = await freshDb();
    await db.put('settings', 'Budi', 'officerName');
    expect((await loadSettings(db)).officerName).toBe('Budi');
    await saveSettings(db, { notifications: false });
    expect(await readSettingsRecords(db)).toEqual({
      [SETTINGS_KEY]: { ...defaults(), officerName: 'Budi', notifications: false },
    });
  });

  test('a refused update stores nothing', async () => {
    const db = await freshDb();
    await saveSettings(db, { dueSoonHours: 3 });
    await expect(saveSettings(db, { dueSoonHours: 5, language: 'fr' })).rejects.toThrow(/language/);
    expect(await loadSettings(db)).toMatchObject({ dueSoonHours: 3, language: 'auto' });
  });
});

test('officerOf: the name, or the fallback while none is set', () => {
  expect(officerOf({ ...defaults(), officerName: 'Ani' }, 'local')).toBe('Ani');
  expect(officerOf(defaults(), 'local')).toBe('local');
});

describe('intake settings', () => {
  test('keeps watched handles without "@", once each, and refuses what is not a handle', () => {
    const next = applySettingsUpdate(DEFAULT_SETTINGS as Settings, {
      watchedHandles: ['@PemkotBdg', ' walikota ', 'pemkotbdg'],
    });
    expect(next.watchedHandles).toEqual(['PemkotBdg', 'walikota']);
    expect(() =>
      applySettingsUpdate(DEFAULT_SETTINGS as Settings, { watchedHandles: ['pemkot bandung'] }),
    ).toThrow(/watchedHandles.*X handles/);
  });

  test('waits two hours before an untriaged mention turns urgent, and takes whole minutes', () => {
    expect(DEFAULT_SETTINGS.intakeUrgentAfterMinutes).toBe(120);
    expect(() =>
      applySettingsUpdate(DEFAULT_SETTINGS as Settings, { intakeUrgentAfterMinutes: 0.5 }),
    ).toThrow(/intakeUrgentAfterMinutes/);
    expect(
      teamSettingsOf(
        applySettingsUpdate(DEFAULT_SETTINGS as Settings, { intakeUrgentAfterMinutes: 30 }),
      ).intakeUrgentAfterMinutes,
    ).toBe(30);
  });
});
