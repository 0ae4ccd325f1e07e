/**
 * The write handlers while logged in to a team: the same requests, the team's rights checked
 * at once, each change queued for the server in the same transaction.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createActor, createAssignment, createPost } from '../../tests/factories';
import { rejects } from '../../tests/rejects';
import { getAssignment, putAssignments } from '../../utils/storage/assignments';
import { listDepartments, seedDepartments } from '../../utils/storage/departments';
import { listOutbox } from '../../utils/storage/outbox';
import { openTanggapDb, type TanggapDb } from '../../utils/storage/schema';
import { updateSyncState } from '../../utils/storage/sync-state';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import type { BackgroundProtocol, Handlers } from '../../utils/messaging/protocol';
import { loadSettings } from '../../utils/storage/settings';
import type { Actor } from '../../utils/domain/actor';
import { createBackgroundHandlers, officerFromSettings } from './handlers';

const sender = {};
let db: TanggapDb;
let n = 0;
let handlers: Handlers<BackgroundProtocol>;
let onQueued: ReturnType<typeof vi.fn<() => void>>;

beforeEach(async () => {
  db = await openTanggapDb(`team-handlers-${++n}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
  onQueued = vi.fn();
  handlers = createBackgroundHandlers({
    db: async () => db,
    now: () => new Date('2025-03-10T04:00:00.000Z'),
    officer: officerFromSettings(async () => db),
    onChanged: () => {},
    onQueued,
  });
});
afterEach(() => db.close());

const logIn = (actor: Actor) =>
  updateSyncState(db, (s) => ({ ...s, clientId: 'client-0001', actor, username: actor.username }));

const budi = createActor({ username: 'budi', role: 'department', departmentId: 'dlh' });

test('alone, nothing is queued and the officer’s name is recorded, as before', async () => {
  await handlers.saveSettings({ settings: { officerName: 'Rina' } }, sender);
  const post = createPost();
  const a = await handlers.assignPost({ post, departmentId: 'dlh' }, sender);
  expect(a.assignedBy).toBe('Rina');
  expect(await listOutbox(db)).toEqual([]);
  expect(onQueued).not.toHaveBeenCalled();
});

describe('as a department officer', () => {
  beforeEach(() => logIn(budi));

  test('assigning is refused at once in plain words, and nothing is written', async () => {
    const post = createPost();
    await rejects(
      handlers.assignPost({ post, departmentId: 'dlh' }, sender),
      'forbidden',
      /Only triage officers and admins assign/,
    );
    expect(await getAssignment(db, post.id)).toBeUndefined();
    expect(await listOutbox(db)).toEqual([]);
  });

  test('their own department’s item: responded, queued as them, pushed at once', async () => {
    const item = createAssignment({ departmentId: 'dlh' });
    await putAssignments(db, [item]);
    const done = await handlers.setStatus({ tweetId: item.tweetId, status: 'responded' }, sender);
    expect(done).toMatchObject({ status: 'responded', respondedBy: 'budi' });
    expect((await listOutbox(db)).map((e) => [e.name, e.by])).toEqual([['setStatus', 'budi']]);
    expect(onQueued).toHaveBeenCalledTimes(1);
  });

  test('the directory is the admins’', async () => {
    await rejects(handlers.removeDepartment({ id: 'rsud' }, sender), 'forbidden', /admin/);
    expect((await listDepartments(db)).map((d) => d.id)).toContain('rsud');
  });

  test('their own settings save; the team’s settings are refused and nothing is saved', async () => {
    const current = await loadSettings(db);
    // The options form sends every field: unchanged team settings are no team change.
    const saved = await handlers.saveSettings(
      { settings: { ...current, officerName: 'Budi S.', language: 'id' } },
      sender,
    );
    expect(saved).toMatchObject({ officerName: 'Budi S.', language: 'id' });
    await rejects(
      handlers.saveSettings({ settings: { officerName: 'X', dueSoonHours: 2 } }, sender),
      'forbidden',
      /admin/,
    );
    expect(await loadSettings(db)).toMatchObject({ officerName: 'Budi S.', dueSoonHours: 6 });
    expect(await listOutbox(db)).toEqual([]);
  });
});

test('an admin’s team settings are a shared change; their own stay local', async () => {
  await logIn(createActor({ username: 'admin', role: 'admin' }));
  const saved = await handlers.saveSettings(
    { settings: { dueSoonHours: 4, notifications: false } },
    sender,
  );
  expect(saved).toMatchObject({ dueSoonHours: 4, notifications: false });
  expect((await listOutbox(db)).map((e) => e.args)).toEqual([{ settings: { dueSoonHours: 4 } }]);
});

test('importing assignments is refused in a team, and nothing is stored', async () => {
  await logIn(createActor());
  const item = createAssignment();
  await rejects(
    handlers.importAssignments({ assignments: [item] }, sender),
    'bad-request',
    /log out of the team first/,
  );
  expect(await getAssignment(db, item.tweetId)).toBeUndefined();
});
