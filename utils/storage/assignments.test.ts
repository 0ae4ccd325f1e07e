import { afterEach, describe, expect, test } from 'vitest';
import { createAssignment } from '../../tests/factories';
import { getAssignment, getAssignments, getRecentAssignments, putAssignments } from './assignments';
import { openTanggapDb, type TanggapDb } from './schema';
import type { Assignment } from '../domain/types';

let count = 0;
const opened: TanggapDb[] = [];
async function freshDb(): Promise<TanggapDb> {
  const db = await openTanggapDb(`assignments-${++count}`);
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('assignments', () => {
  test('getAssignments answers a batch with the known ones only', async () => {
    const db = await freshDb();
    const [a, b] = [createAssignment(), createAssignment()];
    await putAssignments(db, [a, b]);
    const result = await getAssignments(db, [a.tweetId, '1', b.tweetId, a.tweetId]);
    expect(result).toEqual({ [a.tweetId]: a, [b.tweetId]: b });
  });

  test('getRecentAssignments: every post from the given id on, none before, none of another length', async () => {
    const db = await freshDb();
    const since = '1900000000000000100';
    const at = (id: string) => createAssignment({ tweetId: id });
    const recent = ['1900000000000000100', '1900000000000000250', '1900000000000009999'].map(at);
    const older = ['1900000000000000099', '950000000000000000', '19000000000000000000'].map(at);
    await putAssignments(db, [...older, ...recent]);
    const result = await getRecentAssignments(db, since, 10);
    expect(result.sinceId).toBe(since);
    expect(result.assignments.map((a) => a.tweetId)).toEqual(recent.map((a) => a.tweetId));
  });

  test('getRecentAssignments keeps the newest posts when over the limit, and says from where', async () => {
    const db = await freshDb();
    const ids = Array.from({ length: 5 }, (_, i) => `190000000000000010${i}`);
    await putAssignments(
      db,
      ids.map((id) => createAssignment({ tweetId: id })),
    );
    const result = await getRecentAssignments(db, '1900000000000000000', 3);
    expect(result.sinceId).toBe(ids[2]);
    expect(result.assignments.map((a) => a.tweetId)).toEqual(ids.slice(2));
  });

  test('putAssignments is all or nothing', async () => {
    const db = await freshDb();
    const good = createAssignment();
    const broken = { ...createAssignment(), tweetId: undefined } as unknown as Assignment;
    await expect(putAssignments(db, [good, broken])).rejects.toThrow();
    expect(await getAssignment(db, good.tweetId)).toBeUndefined();
  });
});
