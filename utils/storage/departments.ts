/**
 * The `departments` store: the directory, its first seeding, and how many items use one.
 */
import type { Department } from '../domain/types';
import { sortDirectory } from '../domain/sync-mutations';
import type { TanggapDb } from './schema';
import { allOrNothing } from './transactions';

export async function listDepartments(db: TanggapDb): Promise<Department[]> {
  return sortDirectory(await db.getAll('departments'));
}

/**
 * Fills an empty directory. Never touches a non-empty one, so an admin's edits survive
 * extension updates. Resolves to whether it seeded.
 */
export async function seedDepartments(
  db: TanggapDb,
  defaults: readonly Department[],
): Promise<boolean> {
  const tx = db.transaction('departments', 'readwrite', { durability: 'strict' });
  if ((await tx.store.count()) > 0) {
    await tx.done;
    return false;
  }
  await allOrNothing(tx, (requests) => {
    for (const d of defaults) requests.push(tx.store.put(d));
  });
  return true;
}

/** How many items (open or not) point at a department: one key range of an index. */
export function countDepartmentAssignments(db: TanggapDb, id: string): Promise<number> {
  return db
    .transaction('assignments', 'readonly')
    .store.index('by-department-status-deadline')
    .count(departmentRange(id));
}

// Keys are [departmentId, status, deadline]: an array sorts after every string.
export const departmentRange = (id: string) => IDBKeyRange.bound([id], [id, []]);
