import { afterEach, describe, expect, test } from 'vitest';
import { createAssignment } from '../../tests/factories';
import { getAssignment, putAssignments } from './assignments';
import { DB_VERSION, openTanggapDb, type TanggapDb } from './schema';

let count = 0;
const opened: TanggapDb[] = [];
async function freshDb(): Promise<TanggapDb> {
  const db = await openTanggapDb(`schema-${++count}`);
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('openTanggapDb', () => {
  test('creates the stores and the backlog indexes', async () => {
    const db = await freshDb();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'assignments',
      'counters',
      'departments',
      'mentions',
      'outbox',
      'programme-mentions',
      'programmes',
      'report-days',
      'settings',
      'sync',
    ]);
    const indexes = [...db.transaction('assignments').store.indexNames];
    expect(indexes).toEqual(
      expect.arrayContaining([
        'by-status-deadline',
        'by-department-status-deadline',
        'by-assignedAt',
        'by-respondedAt',
        'by-updatedAt',
      ]),
    );
  });

  test('reopening keeps the data', async () => {
    const db = await openTanggapDb('tanggap-reopen');
    const a = createAssignment();
    await putAssignments(db, [a]);
    db.close();
    const again = await openTanggapDb('tanggap-reopen');
    opened.push(again);
    expect(await getAssignment(again, a.tweetId)).toEqual(a);
  });
});
