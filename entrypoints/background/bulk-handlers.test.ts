import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createActor, createAssignment } from '../../tests/factories';
import { rejects } from '../../tests/rejects';
import { getAssignment, putAssignments } from '../../utils/storage/assignments';
import { seedDepartments } from '../../utils/storage/departments';
import { openTanggapDb, type TanggapDb } from '../../utils/storage/schema';
import { logIn } from '../../utils/storage/team-test-helpers';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { type BackgroundProtocol, type Handlers } from '../../utils/messaging/protocol';
import type { Assignment } from '../../utils/domain/types';
import { createBackgroundHandlers } from './handlers';

const NOW = new Date('2025-03-10T05:00:00.000Z');
const sender = {};
let n = 0;
let db: TanggapDb;
let handlers: Handlers<BackgroundProtocol>;
let onChanged: ReturnType<typeof vi.fn<(a: Assignment[]) => Promise<void>>>;
let items: Assignment[];

beforeEach(async () => {
  db = await openTanggapDb(`bulk-${++n}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
  items = [
    createAssignment({ departmentId: 'dlh' }),
    createAssignment({ departmentId: 'dishub' }),
    createAssignment({ departmentId: 'dlh' }),
  ];
  await putAssignments(db, items);
  onChanged = vi.fn(async () => {});
  handlers = createBackgroundHandlers({
    db: async () => db,
    now: () => NOW,
    officer: async () => 'rina',
    onChanged,
  });
});
afterEach(() => db.close());

const ids = () => items.map((a) => a.tweetId);
const raw = (req: unknown) =>
  (handlers.bulkChange as (r: unknown, s: unknown) => Promise<unknown>)(req, sender);

describe('bulkChange', () => {
  test('resolves several items in one go, answers each, and tells the pages once', async () => {
    const { results } = await handlers.bulkChange({ tweetIds: ids(), change: 'resolve' }, sender);
    expect(results.map((r) => [r.tweetId, r.ok])).toEqual(ids().map((id) => [id, true]));
    for (const id of ids()) expect((await getAssignment(db, id))?.status).toBe('resolved');
    expect(onChanged).toHaveBeenCalledTimes(1);
    expect(onChanged.mock.calls[0]![0].map((a) => a.tweetId)).toEqual(ids());
  });

  test('an item the officer may not change is refused with its reason; the rest applies', async () => {
    await logIn(db, createActor({ username: 'budi', role: 'department', departmentId: 'dlh' }));
    const unknown = '1900000000000000000';
    const { results } = await handlers.bulkChange(
      { tweetIds: [...ids(), unknown], change: 'resolve' },
      sender,
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual([
      'ok',
      'forbidden',
      'ok',
      'not-found',
    ]);
    const refused = results[1]!;
    expect(!refused.ok && refused.reason).toMatch(/dishub/);
    expect((await getAssignment(db, items[1]!.tweetId))?.status).toBe('open');
    expect((await getAssignment(db, items[2]!.tweetId))?.status).toBe('resolved');
  });

  test('assigns to another department, and reopens', async () => {
    const { results } = await handlers.bulkChange(
      { tweetIds: ids(), change: 'assign', departmentId: 'dinkes' },
      sender,
    );
    expect(results.every((r) => r.ok && r.assignment.departmentId === 'dinkes')).toBe(true);
    await handlers.bulkChange({ tweetIds: ids(), change: 'resolve' }, sender);
    await handlers.bulkChange({ tweetIds: ids().slice(0, 1), change: 'reopen' }, sender);
    expect((await getAssignment(db, items[0]!.tweetId))?.status).toBe('open');
    expect((await getAssignment(db, items[1]!.tweetId))?.status).toBe('resolved');
  });

  test.each([
    [{ tweetIds: [], change: 'resolve' }, /at least one/],
    [{ tweetIds: ['1', '1'], change: 'resolve' }, /each post once/],
    [{ tweetIds: ['1'], change: 'close' }, /request.change/],
    [{ tweetIds: ['1'], change: 'assign' }, /departmentId must be given/],
  ])('a bad request %j changes nothing', async (req, message) => {
    await rejects(raw(req), 'bad-request', message);
    for (const a of items) expect(await getAssignment(db, a.tweetId)).toEqual(a);
    expect(onChanged).not.toHaveBeenCalled();
  });
});
