import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createAssignment, createDepartment, createPost } from '../../tests/factories';
import { putAssignments } from '../../utils/storage/assignments';
import { listDepartments, seedDepartments } from '../../utils/storage/departments';
import { openTanggapDb, type TanggapDb } from '../../utils/storage/schema';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import type { BackgroundProtocol, Handlers } from '../../utils/messaging/protocol';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/domain/settings';
import { loadSettings } from '../../utils/storage/settings';
import type { Department } from '../../utils/domain/types';
import { createBackgroundHandlers } from './handlers';
import { rejects } from '../../tests/rejects';

// Monday 10 March 2025, 14:00 in Jakarta.
const NOW = new Date('2025-03-10T07:00:00.000Z');
const sender = {};
let dbCount = 0;
let db: TanggapDb;
let handlers: Handlers<BackgroundProtocol>;
let onSettingsChanged: ReturnType<typeof vi.fn<(s: Settings) => Promise<void>>>;
let onDepartmentsChanged: ReturnType<typeof vi.fn<(d: Department[]) => Promise<void>>>;

beforeEach(async () => {
  db = await openTanggapDb(`settings-handlers-${++dbCount}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
  onSettingsChanged = vi.fn(async () => {});
  onDepartmentsChanged = vi.fn(async () => {});
  handlers = createBackgroundHandlers({
    db: async () => db,
    now: () => NOW,
    officer: async () => 'Ani',
    onChanged: async () => {},
    onSettingsChanged,
    onDepartmentsChanged,
  });
});
afterEach(() => db.close());

const raw = (name: keyof BackgroundProtocol, req: unknown) =>
  (handlers[name] as (r: unknown, s: unknown) => Promise<unknown>)(req, sender);

describe('settings', () => {
  test('getSettings gives the defaults; saveSettings stores, answers and broadcasts', async () => {
    expect(await handlers.getSettings({}, sender)).toEqual(DEFAULT_SETTINGS);
    const saved = await handlers.saveSettings({ settings: { dueSoonHours: 3 } }, sender);
    expect(saved.dueSoonHours).toBe(3);
    expect(await loadSettings(db)).toEqual(saved);
    expect(onSettingsChanged).toHaveBeenCalledExactlyOnceWith(saved);
  });

  test('a bad update is refused, stores nothing and broadcasts nothing', async () => {
    await rejects(
      handlers.saveSettings({ settings: { dueSoonHours: -1 } }, sender),
      'bad-request',
      /dueSoonHours/,
    );
    await rejects(
      raw('saveSettings', { settings: 'x' }),
      'bad-request',
      /settings must be an object/,
    );
    await rejects(
      raw('saveSettings', { settings: {}, more: 1 }),
      'bad-request',
      /unknown field "more"/,
    );
    expect(await loadSettings(db)).toEqual(DEFAULT_SETTINGS);
    expect(onSettingsChanged).not.toHaveBeenCalled();
  });

  test('the officer name from the settings is recorded in the history', async () => {
    await handlers.saveSettings({ settings: { officerName: 'Ani' } }, sender);
    const a = await handlers.assignPost({ post: createPost(), departmentId: 'dlh' }, sender);
    expect(a.history[0]!.by).toBe('Ani');
  });

  test('assignments follow the working-hours calendar and the clock start', async () => {
    await handlers.saveSettings({ settings: { workingHours: { enabled: true } } }, sender);
    // 14:00 Monday: 2 h Monday, 8 h Tuesday, 8 h Wednesday, 6 h Thursday → 14:00 Thursday.
    const a = await handlers.assignPost({ post: createPost(), departmentId: 'dlh' }, sender);
    expect(a.deadline).toBe('2025-03-13T07:00:00.000Z');

    await handlers.saveSettings(
      { settings: { clockStart: 'post', workingHours: { enabled: false } } },
      sender,
    );
    const post = createPost({ createdAt: '2025-03-10T01:00:00.000Z' });
    const b = await handlers.assignPost({ post, departmentId: 'dlh' }, sender);
    expect(b.assignedAt).toBe(NOW.toISOString());
    expect(b.deadline).toBe('2025-03-11T01:00:00.000Z');
  });

  test('the backlog counts "due soon" within the settings’ threshold', async () => {
    // Deadline 10 h from now.
    await putAssignments(db, [
      createAssignment({
        departmentId: 'dlh',
        assignedAt: '2025-03-09T17:00:00.000Z',
        deadline: '2025-03-10T17:00:00.000Z',
      }),
    ]);
    expect((await handlers.getBacklog({}, sender)).summary.dueSoon).toBe(0);
    await handlers.saveSettings({ settings: { dueSoonHours: 12 } }, sender);
    expect((await handlers.getBacklog({}, sender)).summary.dueSoon).toBe(1);
  });
});

describe('saveDepartment', () => {
  test('changes a department, keeps its place, answers with the directory and broadcasts it', async () => {
    const [first] = await listDepartments(db);
    const list = await handlers.saveDepartment(
      { department: { ...first!, shortName: 'PU', handle: '@PU_Kota', order: 99 } },
      sender,
    );
    expect(list[0]).toEqual({ ...first, shortName: 'PU', handle: 'PU_Kota' });
    expect(await listDepartments(db)).toEqual(list);
    expect(onDepartmentsChanged).toHaveBeenCalledExactlyOnceWith(list);
  });

  test('a new department goes last', async () => {
    const dept = createDepartment({
      id: 'disparbud',
      name: 'Dinas Pariwisata',
      shortName: 'DISPAR',
    });
    const list = await handlers.saveDepartment({ department: dept }, sender);
    const last = Math.max(...DEFAULT_DEPARTMENTS.map((d) => d.order));
    expect(list.at(-1)).toMatchObject({ id: 'disparbud', order: last + 1 });
    expect(list).toHaveLength(DEFAULT_DEPARTMENTS.length + 1);
  });

  test('a handle is unique whatever its case; bad input changes nothing', async () => {
    const [first, second] = await listDepartments(db);
    await handlers.saveDepartment({ department: { ...first!, handle: 'Dinas_PU' } }, sender);
    await rejects(
      handlers.saveDepartment({ department: { ...second!, handle: '@dinas_pu' } }, sender),
      'bad-request',
      /@dinas_pu is already the handle of/,
    );
    await rejects(
      handlers.saveDepartment({ department: { ...second!, handle: 'dinas pu' } }, sender),
      'bad-request',
      /1 to 15 letters/,
    );
    await rejects(
      handlers.saveDepartment({ department: { ...second!, color: '#ffff00' } }, sender),
      'bad-request',
      /too light/,
    );
    expect((await listDepartments(db))[1]).toEqual(second);
    expect(onDepartmentsChanged).toHaveBeenCalledTimes(1);
  });
});

describe('removeDepartment', () => {
  test('removes a department that no item points at', async () => {
    const list = await handlers.removeDepartment({ id: 'dlh' }, sender);
    expect(list.map((d) => d.id)).not.toContain('dlh');
    expect(onDepartmentsChanged).toHaveBeenCalledExactlyOnceWith(list);
  });

  test('refuses while items point at it, open or closed, and says how many', async () => {
    const open = createAssignment({ departmentId: 'dlh' });
    const resolved = { ...createAssignment({ departmentId: 'dlh' }), status: 'resolved' as const };
    await putAssignments(db, [open, resolved]);
    await rejects(
      handlers.removeDepartment({ id: 'dlh' }, sender),
      'department-in-use',
      /Dinas Lingkungan Hidup cannot be removed: 2 items are assigned/,
    );
    expect((await listDepartments(db)).map((d) => d.id)).toContain('dlh');
    expect(onDepartmentsChanged).not.toHaveBeenCalled();
  });

  test('an unknown id is not found', async () => {
    await rejects(handlers.removeDepartment({ id: 'nope' }, sender), 'not-found', /"nope"/);
  });
});

describe('reorderDepartments', () => {
  test('stores the new order', async () => {
    const ids = DEFAULT_DEPARTMENTS.map((d) => d.id).reverse();
    const list = await handlers.reorderDepartments({ ids }, sender);
    expect(list.map((d) => d.id)).toEqual(ids);
    expect((await listDepartments(db)).map((d) => d.id)).toEqual(ids);
  });

  test('refuses a list that misses, repeats or invents a department', async () => {
    const ids = DEFAULT_DEPARTMENTS.map((d) => d.id);
    await rejects(
      handlers.reorderDepartments({ ids: ids.slice(1) }, sender),
      'bad-request',
      /each of the/,
    );
    await rejects(
      handlers.reorderDepartments({ ids: [ids[1]!, ...ids.slice(1)] }, sender),
      'bad-request',
      /twice/,
    );
    await rejects(
      handlers.reorderDepartments({ ids: ['nope', ...ids.slice(1)] }, sender),
      'unknown-department',
      /"nope"/,
    );
    expect((await listDepartments(db)).map((d) => d.id)).toEqual(ids);
  });
});

describe('importDirectory', () => {
  test('replaces the whole directory in the file’s order', async () => {
    const [a, b] = DEFAULT_DEPARTMENTS;
    const list = await handlers.importDirectory({ departments: [b!, a!] }, sender);
    expect(list.map((d) => d.id)).toEqual([b!.id, a!.id]);
    expect(await listDepartments(db)).toEqual(list);
    expect(onDepartmentsChanged).toHaveBeenCalledExactlyOnceWith(list);
  });

  test('refuses a directory that drops a department with items, or holds a bad one', async () => {
    await putAssignments(db, [createAssignment({ departmentId: 'dlh' })]);
    const withoutDlh = DEFAULT_DEPARTMENTS.filter((d) => d.id !== 'dlh');
    await rejects(
      handlers.importDirectory({ departments: withoutDlh }, sender),
      'department-in-use',
      /leaves out departments that items are assigned to: dlh \(1\)/,
    );
    await rejects(
      handlers.importDirectory(
        { departments: [...DEFAULT_DEPARTMENTS, createDepartment({ id: 'x', handle: '-' })] },
        sender,
      ),
      'bad-request',
      /departments\[16\]\.handle/,
    );
    expect(await listDepartments(db)).toEqual(DEFAULT_DEPARTMENTS);
    expect(onDepartmentsChanged).not.toHaveBeenCalled();
  });
});
