import { openDB } from 'idb';
import { describe, expect, test } from 'vitest';
import { createAssignment, createProgramme } from '../../tests/factories';
import {
  countProgrammeMentions,
  listProgrammes,
  putProgrammes,
  recordProgrammeMentions,
  removeProgramme,
} from '../storage/programmes';
import { openTanggapDb } from '../storage/schema';
import { contrastWithWhite } from './directory';
import {
  compileProgrammes,
  dayOf,
  DEFAULT_PROGRAMMES,
  lastDays,
  newProgrammeId,
  validateProgramme,
  validateProgrammes,
} from './programmes';

let dbCount = 0;
const freshDb = () => openTanggapDb(`programmes-test-${++dbCount}`);

describe('DEFAULT_PROGRAMMES', () => {
  test('a credit programme and a vaccination drive, valid, readable chips', () => {
    expect(DEFAULT_PROGRAMMES.map((p) => p.id)).toEqual(['kur', 'imunisasi']);
    for (const p of DEFAULT_PROGRAMMES) {
      expect(validateProgramme(p)).toEqual(p);
      expect(contrastWithWhite(p.color!)).toBeGreaterThanOrEqual(4.5);
    }
  });

  test('are in a new database once, and a removed one stays removed', async () => {
    const db = await freshDb();
    expect((await listProgrammes(db)).map((p) => p.id).sort()).toEqual(['imunisasi', 'kur']);
    await removeProgramme(db, 'kur');
    db.close();
    const again = await openTanggapDb(`programmes-test-${dbCount}`);
    expect((await listProgrammes(again)).map((p) => p.id)).toEqual(['imunisasi']);
    again.close();
  });
});

describe('validateProgramme', () => {
  test('normalises keywords and drops an empty short name and colour', () => {
    expect(
      validateProgramme({
        id: 'kur',
        name: ' KUR ',
        shortName: ' ',
        color: '',
        keywords: 'Kredit Usaha Rakyat,\nKUR\nkur',
        active: true,
      }),
    ).toEqual({ id: 'kur', name: 'KUR', keywords: ['kredit usaha rakyat', 'kur'], active: true });
  });

  test.each([
    ['no name', { name: '' }, /name must not be empty/],
    ['no keywords', { keywords: [] }, /keywords must hold at least one keyword/],
    ['a bad id', { id: 'Not An Id' }, /id must be/],
    ['a light colour', { color: '#ffff00' }, /too light/],
    ['active not a boolean', { active: 'yes' }, /active must be true or false/],
    ['an unknown field', { extra: 1 }, /unknown field "extra"/],
  ])('refuses %s', (_, overrides, message) => {
    expect(() => validateProgramme({ ...createProgramme(), ...overrides })).toThrow(message);
  });

  test('a list with a repeated id is refused whole', () => {
    const p = createProgramme();
    expect(() => validateProgrammes([p, p])).toThrow(/programmes\[1\] repeats the id/);
    expect(() => validateProgrammes('x')).toThrow(/must be a list/);
  });

  test('a new id is a slug, unique', () => {
    expect(newProgrammeId('Vaksinasi Anak', [])).toBe('vaksinasi-anak');
    expect(newProgrammeId('KUR', ['kur', 'kur-2'])).toBe('kur-3');
    expect(newProgrammeId('!!!', [])).toBe('program');
  });
});

describe('compileProgrammes', () => {
  const match = compileProgrammes([
    createProgramme({ id: 'kur', keywords: ['kredit usaha rakyat', 'kur'] }),
    createProgramme({ id: 'vaksin', keywords: ['vaksin', 'imunisasi'] }),
    createProgramme({ id: 'old', keywords: ['sembako murah'], active: false }),
  ]);

  test.each([
    ['one programme', 'daftar KUR di bank mana ya', ['kur']],
    ['two programmes', 'imunisasi anak dan #kreditusaharakyat', ['vaksin', 'kur']],
    ['a programme once, however many keywords', 'vaksin, imunisasi, vaksin', ['vaksin']],
    ['an inactive programme is not matched', 'sembako murah kapan lagi', []],
    ['nothing', 'jalan rusak', []],
  ])('%s', (_, text, ids) => {
    expect(match(text)).toEqual(ids);
  });
});

describe('days', () => {
  test('dayOf is the local date', () => {
    const local = new Date(2026, 10, 28, 23, 30).getTime();
    expect(dayOf(local)).toBe('2026-11-28');
  });

  test('lastDays: oldest first, today last, across a month end', () => {
    expect(lastDays(new Date(2026, 11, 2, 0, 5).getTime(), 4)).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
  });
});

describe('mentions in the database', () => {
  test('each post counts once per programme, however often it is reported', async () => {
    const db = await freshDb();
    const m = (programmeId: string, tweetId: string, day: string) => ({
      programmeId,
      tweetId,
      day,
    });
    expect(
      await recordProgrammeMentions(db, [
        m('kur', '1', '2026-11-27'),
        m('kur', '1', '2026-11-27'),
        m('kur', '2', '2026-11-28'),
        m('imunisasi', '2', '2026-11-28'),
      ]),
    ).toBe(3);
    expect(await recordProgrammeMentions(db, [m('kur', '1', '2026-11-27')])).toBe(0);
    expect(
      await countProgrammeMentions(db, ['kur', 'imunisasi', 'none'], ['2026-11-27', '2026-11-28']),
    ).toEqual({ kur: [1, 1], imunisasi: [0, 1], none: [0, 0] });
    db.close();
  });

  test('removing a programme removes its counts, and only its', async () => {
    const db = await freshDb();
    await recordProgrammeMentions(db, [
      { programmeId: 'kur', tweetId: '1', day: '2026-11-28' },
      { programmeId: 'imunisasi', tweetId: '1', day: '2026-11-28' },
    ]);
    expect(await removeProgramme(db, 'kur')).toBe(true);
    expect(await removeProgramme(db, 'kur')).toBe(false);
    expect(await countProgrammeMentions(db, ['kur', 'imunisasi'], ['2026-11-28'])).toEqual({
      kur: [0],
      imunisasi: [1],
    });
    db.close();
  });

  test('putProgrammes with replace makes the list the whole set', async () => {
    const db = await freshDb();
    await recordProgrammeMentions(db, [{ programmeId: 'kur', tweetId: '1', day: '2026-11-28' }]);
    const only = createProgramme({ id: 'baru', name: 'Baru' });
    await putProgrammes(db, [only], { replace: true });
    expect(await listProgrammes(db)).toEqual([only]);
    expect(await countProgrammeMentions(db, ['kur'], ['2026-11-28'])).toEqual({ kur: [0] });
    db.close();
  });

  test('a bad programme in a list stores none of it', async () => {
    const db = await freshDb();
    const broken = { ...createProgramme({ id: 'x' }), id: undefined } as never;
    await expect(putProgrammes(db, [createProgramme({ id: 'ok' }), broken])).rejects.toThrow();
    expect((await listProgrammes(db)).map((p) => p.id)).not.toContain('ok');
    db.close();
  });
});

describe('the upgrade that adds programmes', () => {
  test('a version-1 database keeps its data and gains the programme stores', async () => {
    const name = `programmes-upgrade-${++dbCount}`;
    const old = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('assignments', { keyPath: 'tweetId' });
        db.createObjectStore('departments', { keyPath: 'id' });
        db.createObjectStore('settings');
        db.createObjectStore('counters');
      },
    });
    const assignment = createAssignment();
    await old.put('assignments', assignment);
    old.close();

    const db = await openTanggapDb(name);
    expect(await db.get('assignments', assignment.tweetId)).toEqual(assignment);
    expect((await listProgrammes(db)).map((p) => p.id).sort()).toEqual(['imunisasi', 'kur']);
    expect(
      await recordProgrammeMentions(db, [{ programmeId: 'kur', tweetId: '1', day: '2026-11-28' }]),
    ).toBe(1);
    db.close();
  });
});
