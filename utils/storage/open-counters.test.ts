import { afterEach, describe, expect, test } from 'vitest';
import { createAssignment, createPost } from '../../tests/factories';
import { changeStatus } from '../domain/assignment-ops';
import { getAssignment, putAssignments } from './assignments';
import { getBacklog } from './backlog';
import { seedDepartments } from './departments';
import { recountOpen } from './open-counters';
import { commitMutation } from './outbox';
import { openTanggapDb, type TanggapDb } from './schema';
import { DEFAULT_DEPARTMENTS } from '../domain/departments';
import { parseMutation } from '../domain/sync-mutations';
import type { Department } from '../domain/types';

let count = 0;
const opened: TanggapDb[] = [];
async function freshDb(): Promise<TanggapDb> {
  const db = await openTanggapDb(`open-counters-${++count}`);
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const iso = (ms: number) => new Date(ms).toISOString();
const NOW = Date.parse('2025-03-10T05:00:00.000Z');

describe('open counters', () => {
  async function actualOpen(db: TanggapDb, departmentId?: string) {
    const all = await db.getAll('assignments');
    return all.filter(
      (a) => a.status === 'open' && (!departmentId || a.departmentId === departmentId),
    ).length;
  }

  test('follow every kind of write, and a repair recount agrees', async () => {
    const db = await freshDb();
    await seedDepartments(db, DEFAULT_DEPARTMENTS);
    const [pu, dlh] = DEFAULT_DEPARTMENTS as [Department, Department];
    const posts = [createPost(), createPost(), createPost()];
    const at = iso(NOW);
    const commit = (name: string, args: unknown) =>
      commitMutation(db, parseMutation(name, args), { by: 'a', at });
    for (const post of posts) await commit('assignPost', { post, departmentId: pu.id });
    await commit('assignPost', { post: posts[0]!, departmentId: dlh.id });
    await commit('setStatus', { tweetId: posts[1]!.id, status: 'responded' });
    await commit('unassign', { tweetId: posts[2]!.id });
    const imported = createAssignment({ departmentId: dlh.id });
    const replaced = changeStatus((await getAssignment(db, posts[0]!.id))!, 'resolved', 'a', at);
    await putAssignments(db, [imported, replaced, { ...imported }]);

    const check = async () => {
      for (const dept of [undefined, pu.id, dlh.id]) {
        const backlog = await getBacklog(db, { nowMs: NOW, departmentId: dept });
        expect(backlog.totalOpen).toBe(await actualOpen(db, dept));
      }
    };
    await check();
    expect((await getBacklog(db, { nowMs: NOW })).totalOpen).toBe(1);
    await db.clear('counters');
    await recountOpen(db);
    await check();
  });
});
