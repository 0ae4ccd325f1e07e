import { afterEach, describe, expect, test } from 'vitest';
import { listDepartments, seedDepartments } from './departments';
import { openTanggapDb, type TanggapDb } from './schema';
import { DEFAULT_DEPARTMENTS } from '../domain/departments';

let count = 0;
const opened: TanggapDb[] = [];
async function freshDb(): Promise<TanggapDb> {
  const db = await openTanggapDb(`departments-${++count}`);
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('departments', () => {
  test('seeded once, in order; an admin’s edit survives a second seed', async () => {
    const db = await freshDb();
    expect(await seedDepartments(db, [...DEFAULT_DEPARTMENTS].reverse())).toBe(true);
    const listed = await listDepartments(db);
    expect(listed.map((d) => d.id)).toEqual(DEFAULT_DEPARTMENTS.map((d) => d.id));

    await db.put('departments', { ...listed[0]!, handle: 'dsdabm_bdg' });
    expect(await seedDepartments(db, DEFAULT_DEPARTMENTS)).toBe(false);
    expect((await listDepartments(db))[0]!.handle).toBe('dsdabm_bdg');
  });
});
