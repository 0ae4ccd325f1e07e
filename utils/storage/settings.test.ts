import { afterEach, describe, expect, test } from 'vitest';
import { openTanggapDb, type TanggapDb } from './schema';
import { readSettingsRecords, updateSettingsRecords } from './settings';

let count = 0;
const opened: TanggapDb[] = [];
async function freshDb(): Promise<TanggapDb> {
  const db = await openTanggapDb(`settings-records-${++count}`);
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('settings records', () => {
  test('a read-modify-write puts one record and deletes the named ones', async () => {
    const db = await freshDb();
    expect(await readSettingsRecords(db)).toEqual({});
    await db.put('settings', 'Ani (Diskominfo)', 'officerName');
    const stored = await updateSettingsRecords(db, (records) => ({
      key: 'settings',
      value: { officerName: records.officerName },
      remove: ['officerName'],
    }));
    expect(stored).toEqual({ officerName: 'Ani (Diskominfo)' });
    expect(await readSettingsRecords(db)).toEqual({ settings: stored });
  });

  test('a refusal stores nothing', async () => {
    const db = await freshDb();
    await db.put('settings', 'Ani', 'officerName');
    await expect(
      updateSettingsRecords(db, () => {
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await readSettingsRecords(db)).toEqual({ officerName: 'Ani' });
  });
});
