import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createAssignment } from '../../tests/factories';
import { changeStatus, unassign } from '../../utils/assignment-ops';
import { backupText } from '../../utils/backup';
import { BOM } from '../../utils/csv-export';
import {
  getBacklog,
  listDepartments,
  listProgrammes,
  NOTIFIED_KEY,
  openTanggapDb,
  putAssignments,
  putProgrammes,
  readAllData,
  recordProgrammeMentions,
  replaceAllData,
  seedDepartments,
  type TanggapDb,
} from '../../utils/db';
import { DEFAULT_DEPARTMENTS } from '../../utils/departments';
import { TanggapError, type CsvExportPosition } from '../../utils/messages';
import { DEFAULT_SETTINGS, loadSettings, saveSettings, type Settings } from '../../utils/settings';
import { HOUR_MS } from '../../utils/sla';
import type { Assignment } from '../../utils/types';
import { createDataHandlers } from './data-handlers';

const NOW = new Date('2025-03-10T05:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const sender = {};
let db: TanggapDb;
let count = 0;
let onDataReplaced: ReturnType<typeof vi.fn<() => Promise<void>>>;
let handlers: ReturnType<typeof createDataHandlers>;

beforeEach(async () => {
  db = await openTanggapDb(`data-${++count}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
  onDataReplaced = vi.fn(async () => {});
  handlers = createDataHandlers({
    db: async () => db,
    now: () => NOW,
    request: (req) => req as Record<string, unknown>,
    onDataReplaced,
    csvPageSize: 10,
  });
});
afterEach(() => db.close());

async function rejects(promise: unknown, message: RegExp) {
  const error = await Promise.resolve(promise).then(
    () => expect.unreachable('should have failed'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TanggapError);
  expect((error as TanggapError).message).toMatch(message);
}

/** Reads every page of an export, as the options page does. */
async function exportAll(req: { from?: string; to?: string; departmentIds?: string[] } = {}) {
  let csv = '';
  let after: CsvExportPosition | undefined;
  let pages = 0;
  for (;;) {
    const page = await handlers.exportCsvPage({ ...req, ...(after && { after }) }, sender);
    csv += page.csv;
    pages++;
    if (!page.next) return { csv, pages };
    after = page.next;
  }
}
const ids = (csv: string) =>
  csv
    .split('\r\n')
    .slice(1, -1)
    .map((line) => line.split(',')[0]);

describe('exportCsvPage', () => {
  test('one header with a BOM, then every assigned item by assignment date; never unassigned ones', async () => {
    const early = createAssignment({ assignedAt: '2025-03-01T01:00:00.000Z' });
    const late = createAssignment({ departmentId: 'dlh', assignedAt: '2025-03-09T01:00:00.000Z' });
    const dropped = unassign(createAssignment(), 'x', '2025-03-05T00:00:00.000Z');
    await putAssignments(db, [late, dropped, early]);
    const { csv } = await exportAll();
    expect(csv.startsWith(`${BOM}service_request_id,`)).toBe(true);
    expect(csv.split(BOM)).toHaveLength(2);
    expect(ids(csv)).toEqual([early.tweetId, late.tweetId]);
  });

  test('a date range (from inclusive, to exclusive) and departments', async () => {
    const at = (day: string, departmentId = 'dsdabm') =>
      createAssignment({ departmentId, assignedAt: `2025-03-${day}T03:00:00.000Z` });
    const [a, b, c, d] = [at('01'), at('02', 'dlh'), at('03', 'dishub'), at('04', 'dlh')];
    await putAssignments(db, [a!, b!, c!, d!]);
    const range = { from: '2025-03-02T03:00:00.000Z', to: '2025-03-04T03:00:00.000Z' };
    expect(ids((await exportAll(range)).csv)).toEqual([b!.tweetId, c!.tweetId]);
    expect(ids((await exportAll({ departmentIds: ['dlh'] })).csv)).toEqual([
      b!.tweetId,
      d!.tweetId,
    ]);
    expect(ids((await exportAll({ ...range, departmentIds: ['dlh', 'dishub'] })).csv)).toEqual([
      b!.tweetId,
      c!.tweetId,
    ]);
  });

  test('pages continue exactly where they stopped, also among items assigned at the same instant', async () => {
    // More than a page, all at one instant: the position must use the post id too.
    const list = Array.from({ length: 25 }, () =>
      createAssignment({ assignedAt: '2025-03-02T03:00:00.000Z' }),
    );
    await putAssignments(db, list);
    const { csv, pages } = await exportAll();
    expect(pages).toBe(3);
    const exported = ids(csv);
    expect(exported).toHaveLength(list.length);
    expect(new Set(exported).size).toBe(list.length);
  });

  test('bad filters are refused', async () => {
    await rejects(handlers.exportCsvPage({ from: 'last week' }, sender), /request.from/);
    await rejects(
      handlers.exportCsvPage({ from: '2025-03-02T00:00:00Z', to: '2025-03-01T00:00:00Z' }, sender),
      /before/,
    );
    await rejects(
      handlers.exportCsvPage({ departmentIds: ['DLH; DROP'] }, sender),
      /departmentIds\[0\]/,
    );
    await rejects(
      handlers.exportCsvPage({ after: { assignedAt: 'x', tweetId: '1' } }, sender),
      /after.assignedAt/,
    );
  });
});

describe('getEscalationDigest', () => {
  test('the overdue items, in Indonesian', async () => {
    const overdue = createAssignment({
      departmentId: 'dlh',
      assignedAt: iso(NOW.getTime() - 30 * HOUR_MS),
    });
    const notYet = createAssignment({ assignedAt: iso(NOW.getTime() - HOUR_MS) });
    await putAssignments(db, [overdue, notYet]);
    const digest = await handlers.getEscalationDigest({}, sender);
    expect(digest.overdue).toBe(1);
    expect(digest.text).toContain('*Dinas Lingkungan Hidup (DLH): 1 aduan*');
    expect(digest.text).toContain(overdue.post.url);
    expect(digest.text).not.toContain(notYet.post.url);
  });
});

describe('backup and restore', () => {
  const open = (departmentId: string) =>
    createAssignment({ departmentId, assignedAt: iso(NOW.getTime() - 2 * HOUR_MS) });

  async function backupOf(assignments: Assignment[], settings: Partial<Settings> = {}) {
    return backupText(
      {
        assignments,
        departments: DEFAULT_DEPARTMENTS.slice(0, 3),
        programmes: [],
        settings: { ...structuredClone(DEFAULT_SETTINGS), ...settings } as Settings,
      },
      NOW.toISOString(),
    );
  }

  test('export then restore gives back the same data', async () => {
    const list = [open('dlh'), changeStatus(open('dsdabm'), 'resolved', 'x', NOW.toISOString())];
    await putAssignments(db, list);
    await saveSettings(db, { officerName: 'Rina', dueSoonHours: 4 });
    const { text, filename } = await handlers.exportBackup({}, sender);
    expect(filename).toBe('tanggap-backup-2025-03-10.json');
    const before = await readAllData(db);

    await putAssignments(db, [open('dishub')]);
    await saveSettings(db, { officerName: 'Someone else' });
    expect(await handlers.restoreBackup({ text }, sender)).toEqual({
      assignments: 2,
      departments: DEFAULT_DEPARTMENTS.length,
      programmes: before.programmes.length,
    });
    const after = await readAllData(db);
    expect(after.assignments).toEqual(before.assignments);
    expect(after.departments.map((d) => d.id)).toEqual(before.departments.map((d) => d.id));
    expect(after.programmes).toEqual(before.programmes);
    expect((await loadSettings(db)).officerName).toBe('Rina');
    expect(onDataReplaced).toHaveBeenCalledTimes(1);
  });

  test('a restore replaces everything and leaves the open counters right', async () => {
    await putAssignments(db, [open('dishub'), open('dishub'), open('dlh')]);
    const restored = [open('dlh'), open('dsdabm'), open('dsdabm')];
    restored.push(changeStatus(open('dlh'), 'responded', 'x', NOW.toISOString()));
    await handlers.restoreBackup({ text: await backupOf(restored) }, sender);

    const all = await getBacklog(db, { nowMs: NOW.getTime(), limit: 100 });
    expect(all.totalOpen).toBe(3);
    expect(all.items.map((a) => a.tweetId).sort()).toEqual(
      restored
        .filter((a) => a.status === 'open')
        .map((a) => a.tweetId)
        .sort(),
    );
    const perDepartment = async (departmentId: string) =>
      (await getBacklog(db, { nowMs: NOW.getTime(), departmentId, limit: 1 })).totalOpen;
    expect(await perDepartment('dlh')).toBe(1);
    expect(await perDepartment('dsdabm')).toBe(2);
    expect(await perDepartment('dishub')).toBe(0);
    expect((await listDepartments(db)).map((d) => d.id)).toEqual(
      DEFAULT_DEPARTMENTS.slice(0, 3).map((d) => d.id),
    );
  });

  test('programmes are backed up and restored, replacing the ones there', async () => {
    const kur = { id: 'kur', name: 'Kredit Usaha Rakyat', keywords: ['kur'], active: true };
    const pip = { id: 'pip', name: 'Program Indonesia Pintar', keywords: ['pip'], active: true };
    await putProgrammes(db, [kur], { replace: true });
    const { text } = await handlers.exportBackup({}, sender);
    expect((JSON.parse(text) as { programmes: unknown[] }).programmes).toEqual([kur]);

    await putProgrammes(db, [pip], { replace: true });
    await recordProgrammeMentions(db, [{ programmeId: 'pip', tweetId: '1', day: '2025-03-10' }]);
    expect((await handlers.restoreBackup({ text }, sender)).programmes).toBe(1);
    expect(await listProgrammes(db)).toEqual([kur]);
    // The counted mentions of a programme that is gone go with it.
    expect(await db.count('programme-mentions')).toBe(0);
  });

  test('a backup with a bad programme is refused whole', async () => {
    const text = JSON.parse(await backupOf([])) as Record<string, unknown>;
    text.programmes = [{ id: 'kur', name: '', keywords: [], active: true }];
    await rejects(
      handlers.restoreBackup({ text: JSON.stringify(text) }, sender),
      /programmes\[0\]/,
    );
  });

  test('what escalation already notified survives a restore', async () => {
    await db.put('settings', { '1': 'overdue' }, NOTIFIED_KEY);
    await handlers.restoreBackup({ text: await backupOf([]) }, sender);
    expect(await db.get('settings', NOTIFIED_KEY)).toEqual({ '1': 'overdue' });
  });

  test.each([
    ['not JSON', 'hello'],
    ['another version', JSON.stringify({ format: 'tanggap-backup', version: 9 })],
  ])('a wrong file (%s) changes nothing and says why', async (_, text) => {
    const mine = [open('dishub')];
    await putAssignments(db, mine);
    const before = await readAllData(db);
    await rejects(handlers.restoreBackup({ text }, sender), /JSON|version 9/);
    expect(await readAllData(db)).toEqual(before);
    expect(onDataReplaced).not.toHaveBeenCalled();
  });

  test('one bad record among thousands: nothing is written', async () => {
    await putAssignments(db, [open('dishub')]);
    const before = await readAllData(db);
    const list = Array.from({ length: 2_000 }, () => open('dlh'));
    list[1_500]!.deadline = 'not a date';
    const text = await backupOf(list);
    await rejects(handlers.restoreBackup({ text }, sender), /assignments\[1500\]\.deadline/);
    expect(await readAllData(db)).toEqual(before);
  });

  test('a write that fails half-way rolls back the clears before it: one transaction', async () => {
    await putAssignments(db, [open('dishub')]);
    const before = await readAllData(db);
    const broken = { ...open('dlh'), tweetId: undefined } as unknown as Assignment;
    await expect(
      replaceAllData(db, {
        assignments: [open('dlh'), broken],
        departments: DEFAULT_DEPARTMENTS,
        programmes: [],
        settings: {},
      }),
    ).rejects.toThrow();
    expect(await readAllData(db)).toEqual(before);
  });

  test('a request without the text is refused', async () => {
    await rejects(handlers.restoreBackup({ text: 42 as unknown as string }, sender), /text/);
  });
});
