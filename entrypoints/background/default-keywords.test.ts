/**
 * New default keywords reach a browser that stored its directory before them: working alone,
 * and in a team, where the admin's browser changes the team's directory and the others pull it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { openSyncBrowser, type SyncBrowser } from '../../tests/sync-browser';
import { createTeam, createUser } from '../../server/admin';
import { startServer } from '../../server/app';
import { useTestScryptCost } from '../../server/auth';
import { openStore, type Store } from '../../server/store';
import type { Actor } from '../../utils/domain/actor';
import { DEFAULT_KEYWORDS_VERSION, defaultKeywordsOf } from '../../utils/domain/default-keywords';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { DEFAULT_TEAM_SETTINGS } from '../../utils/domain/settings';
import type { Department } from '../../utils/domain/types';
import { listDepartments, seedDepartments } from '../../utils/storage/departments';
import { openTanggapDb, type TanggapDb } from '../../utils/storage/schema';
import { loadSettings } from '../../utils/storage/settings';
import { readSyncState } from '../../utils/storage/sync-state';
import { takeDefaultKeywords } from './default-keywords';
import { createBackgroundHandlers } from './handlers';

const NOW = new Date('2025-03-10T07:00:00.000Z');
const PASSWORD = 'kata-sandi-panjang-1';

/** The directory the first release seeded: the default departments with the first keywords. */
const FIRST_DIRECTORY: Department[] = DEFAULT_DEPARTMENTS.map((d) => ({
  ...d,
  keywords: [...defaultKeywordsOf(1)!.get(d.id)!],
}));
const keywordsOf = (list: readonly Department[], id: string) =>
  [...list.find((d) => d.id === id)!.keywords].sort();
const newDefaults = (id: string) => keywordsOf(DEFAULT_DEPARTMENTS, id);

describe('working alone', () => {
  let db: TanggapDb;
  let n = 0;
  afterEach(() => db.close());

  async function browserOfTheFirstRelease() {
    db = await openTanggapDb(`default-keywords-${++n}`);
    await seedDepartments(db, FIRST_DIRECTORY);
    // As the first release stored them: a name, nothing about keywords.
    await db.put('settings', { version: 1, officerName: 'Ani' }, 'settings');
    const onDepartmentsChanged = vi.fn(async () => {});
    const handlers = createBackgroundHandlers({
      db: async () => db,
      now: () => NOW,
      officer: async () => 'Ani',
      onChanged: async () => {},
      onDepartmentsChanged,
    });
    const run = () =>
      takeDefaultKeywords({ db: async () => db, actor: async () => null, handlers }, 'start');
    return { handlers, run, onDepartmentsChanged };
  }

  test('an untouched directory gets the new defaults, once', async () => {
    const { run, onDepartmentsChanged } = await browserOfTheFirstRelease();
    expect((await loadSettings(db)).keywordDefaults).toBe(1);

    expect(await run()).toHaveLength(DEFAULT_DEPARTMENTS.length);
    const after = await listDepartments(db);
    for (const d of DEFAULT_DEPARTMENTS)
      expect(keywordsOf(after, d.id), d.id).toEqual(newDefaults(d.id));
    expect((await loadSettings(db)).keywordDefaults).toBe(DEFAULT_KEYWORDS_VERSION);
    // The pages and menus hear of it like of an admin's edit.
    expect(onDepartmentsChanged).toHaveBeenCalled();
    expect((await loadSettings(db)).officerName).toBe('Ani');

    expect(await run()).toEqual([]);
  });

  test('the officer’s edits stay: a word added, a word removed, a department renamed', async () => {
    const { handlers, run } = await browserOfTheFirstRelease();
    const dlh = (await listDepartments(db)).find((d) => d.id === 'dlh')!;
    await handlers.saveDepartment(
      {
        department: {
          ...dlh,
          name: 'DLH Kota Raya',
          keywords: [...dlh.keywords.filter((k) => k !== 'sampah numpuk'), 'pasar becek'],
        },
      },
      {},
    );

    await run();
    const after = (await listDepartments(db)).find((d) => d.id === 'dlh')!;
    expect(after.name).toBe('DLH Kota Raya');
    expect(after.keywords).toContain('pasar becek');
    expect(after.keywords).not.toContain('sampah numpuk');
    expect(after.keywords).toContain('sampah menumpuk');
  });
});

describe('in a team whose directory is older than the extension', () => {
  let store: Store;
  let server: Awaited<ReturnType<typeof startServer>>;
  const browsers: SyncBrowser[] = [];

  beforeAll(async () => {
    useTestScryptCost();
    store = await openStore({});
    const teamId = (await createTeam(store, { name: 'Kota Raya' })).id;
    for (const [username, role, departmentId] of [
      ['rina', 'admin', undefined],
      ['budi', 'department', 'dlh'],
    ] as const) {
      await createUser(store, { teamId, username, password: PASSWORD, role, departmentId });
    }
    // As the first release's server made it: the first keywords, settings without a version.
    for (const d of FIRST_DIRECTORY) {
      await store.query('UPDATE departments SET data = $3 WHERE team_id = $1 AND id = $2', [
        teamId,
        d.id,
        JSON.stringify(d),
      ]);
    }
    const older: Record<string, unknown> = { ...DEFAULT_TEAM_SETTINGS };
    delete older.keywordDefaults;
    await store.query('UPDATE team_settings SET data = $2 WHERE team_id = $1', [
      teamId,
      JSON.stringify(older),
    ]);
    server = await startServer({ store, port: 0, now: () => NOW });
  });
  afterAll(async () => {
    for (const b of browsers) b.db.close();
    await server.close();
    await store.close();
  });

  async function loggedIn(username: string) {
    const b = await openSyncBrowser(() => NOW);
    browsers.push(b);
    await b.sync.login({ serverUrl: server.url, username, password: PASSWORD });
    const actor = async (): Promise<Actor | null> => (await readSyncState(b.db)).actor;
    const run = (when: 'start' | 'caughtUp' = 'caughtUp') =>
      takeDefaultKeywords({ db: async () => b.db, actor, handlers: b.handlers }, when);
    return { ...b, run };
  }

  test('a department officer’s browser leaves it; the admin’s updates it for everyone', async () => {
    const officer = await loggedIn('budi');
    expect(keywordsOf(await listDepartments(officer.db), 'dlh')).toEqual(
      [...defaultKeywordsOf(1)!.get('dlh')!].sort(),
    );
    expect(await officer.run()).toEqual([]);
    expect((await loadSettings(officer.db)).keywordDefaults).toBe(1);

    const admin = await loggedIn('rina');
    // At the worker's start the stored directory may be behind another admin's edits, which
    // saving whole departments would undo: only a directory just pulled to the end is merged.
    expect(await admin.run('start')).toEqual([]);
    expect((await loadSettings(admin.db)).keywordDefaults).toBe(1);
    expect(await admin.run()).toHaveLength(DEFAULT_DEPARTMENTS.length);
    await admin.sync.syncNow();

    await officer.sync.syncNow();
    const seen = await listDepartments(officer.db);
    for (const d of DEFAULT_DEPARTMENTS)
      expect(keywordsOf(seen, d.id), d.id).toEqual(newDefaults(d.id));
    expect((await loadSettings(officer.db)).keywordDefaults).toBe(DEFAULT_KEYWORDS_VERSION);
    // Taken once by the team: the admin's next start finds nothing to do.
    expect(await admin.run()).toEqual([]);
  });
});
