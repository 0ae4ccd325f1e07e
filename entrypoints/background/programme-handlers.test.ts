import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createTweetId } from '../../tests/factories';
import { listProgrammes } from '../../utils/storage/programmes';
import { openTanggapDb, type TanggapDb } from '../../utils/storage/schema';
import type { BackgroundProtocol, Handlers } from '../../utils/messaging/protocol';
import type { Programme } from '../../utils/domain/types';
import { createBackgroundHandlers, officerFromSettings } from './handlers';
import { rejects } from '../../tests/rejects';

const sender = {};
let dbCount = 0;
let db: TanggapDb;
let handlers: Handlers<BackgroundProtocol>;
let onProgrammesChanged: ReturnType<typeof vi.fn<(p: Programme[]) => Promise<void>>>;
// Local noon, so the day does not depend on the machine's time zone.
const now = new Date(2026, 10, 28, 12, 0);
const localIso = (day: number, hour = 10) => new Date(2026, 10, day, hour).toISOString();

beforeEach(async () => {
  db = await openTanggapDb(`programme-handlers-${++dbCount}`);
  onProgrammesChanged = vi.fn(async () => {});
  handlers = createBackgroundHandlers({
    db: async () => db,
    now: () => now,
    officer: officerFromSettings(async () => db),
    onChanged: async () => {},
    onProgrammesChanged,
  });
});
afterEach(() => db.close());

const raw = (name: keyof BackgroundProtocol, req: unknown) =>
  (handlers[name] as (r: unknown, s: unknown) => Promise<unknown>)(req, sender);

describe('saveProgramme and removeProgramme', () => {
  test('a new programme gets an id from its short name, is stored, then broadcast', async () => {
    const list = await handlers.saveProgramme(
      {
        programme: {
          name: 'Beasiswa Kota',
          shortName: 'Beasiswa',
          keywords: ['beasiswa'],
          active: true,
        },
      },
      sender,
    );
    expect(list.map((p) => p.id)).toContain('beasiswa');
    expect(await listProgrammes(db)).toEqual(list);
    expect(onProgrammesChanged).toHaveBeenCalledWith(list);
  });

  test('an existing programme is changed in place', async () => {
    const list = await handlers.saveProgramme(
      { programme: { id: 'kur', name: 'KUR Kota', keywords: ['kur'], active: false } },
      sender,
    );
    expect(list.find((p) => p.id === 'kur')).toEqual({
      id: 'kur',
      name: 'KUR Kota',
      keywords: ['kur'],
      active: false,
    });
    expect(list).toHaveLength(2);
  });

  test('bad input changes nothing and says what is wrong', async () => {
    const before = await listProgrammes(db);
    await rejects(
      raw('saveProgramme', { programme: { name: 'X', keywords: [], active: true } }),
      'bad-request',
      /request\.programme\.keywords must hold at least one keyword/,
    );
    await rejects(raw('saveProgramme', { programme: 'x' }), 'bad-request', /must be an object/);
    await rejects(raw('saveProgramme', { programme: {}, extra: 1 }), 'bad-request', /unknown/);
    expect(await listProgrammes(db)).toEqual(before);
    expect(onProgrammesChanged).not.toHaveBeenCalled();
  });

  test('remove: gone with its counts; an unknown id is not found', async () => {
    await handlers.recordProgrammeMentions(
      { mentions: [{ tweetId: createTweetId(), createdAt: localIso(28), programmeIds: ['kur'] }] },
      sender,
    );
    const list = await handlers.removeProgramme({ id: 'kur' }, sender);
    expect(list.map((p) => p.id)).toEqual(['imunisasi']);
    expect(onProgrammesChanged).toHaveBeenCalledWith(list);
    const stats = await handlers.programmeStats({ days: 7 }, sender);
    expect(stats.programmes.map((p) => p.id)).toEqual(['imunisasi']);
    await rejects(raw('removeProgramme', { id: 'kur' }), 'not-found', /No programme/);
  });
});

describe('recordProgrammeMentions and programmeStats', () => {
  test('counts each post once per programme on its own day, over the last 7 days', async () => {
    const [a, b, c] = [createTweetId(), createTweetId(), createTweetId()];
    const report = (tweetId: string, day: number, programmeIds: string[]) => ({
      tweetId,
      createdAt: localIso(day),
      programmeIds,
    });
    const first = await handlers.recordProgrammeMentions(
      {
        mentions: [
          report(a, 28, ['kur']),
          report(b, 26, ['kur', 'imunisasi']),
          report(c, 20, ['kur']), // older than the week shown
        ],
      },
      sender,
    );
    expect(first).toEqual({ recorded: 4 });
    // Seen again on another page, or after a reload: not counted again.
    const again = await handlers.recordProgrammeMentions(
      { mentions: [report(a, 28, ['kur']), report(b, 26, ['removed-programme'])] },
      sender,
    );
    expect(again).toEqual({ recorded: 0 });

    const stats = await handlers.programmeStats({ days: 7 }, sender);
    expect(stats.days).toEqual([
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
    ]);
    const kur = stats.programmes.find((p) => p.id === 'kur')!;
    expect(kur).toMatchObject({ label: 'KUR', counts: [0, 0, 0, 0, 1, 0, 1], total: 2 });
    const imunisasi = stats.programmes.find((p) => p.id === 'imunisasi')!;
    expect(imunisasi.counts).toEqual([0, 0, 0, 0, 1, 0, 0]);
  });

  test.each([
    ['not a list', { mentions: 'x' }, /request\.mentions must be a list/],
    [
      'a bad post id',
      { mentions: [{ tweetId: 'abc', createdAt: localIso(28), programmeIds: ['kur'] }] },
      /request\.mentions\[0\]\.tweetId must be a post id/,
    ],
    [
      'a bad date',
      { mentions: [{ tweetId: '1', createdAt: 'yesterday', programmeIds: ['kur'] }] },
      /request\.mentions\[0\]\.createdAt must be an ISO 8601 date/,
    ],
    [
      'a bad programme id',
      { mentions: [{ tweetId: '1', createdAt: localIso(28), programmeIds: ['<b>'] }] },
      /programmeIds\[0\]/,
    ],
  ])('refuses %s and records nothing', async (_, req, message) => {
    await rejects(raw('recordProgrammeMentions', req), 'bad-request', message);
    const stats = await handlers.programmeStats({ days: 1 }, sender);
    expect(stats.programmes.every((p) => p.total === 0)).toBe(true);
  });

  test.each([0, 32, 1.5, '7'])('programmeStats refuses %s days', async (days) => {
    await rejects(raw('programmeStats', { days }), 'bad-request', /days must be a whole number/);
  });
});
