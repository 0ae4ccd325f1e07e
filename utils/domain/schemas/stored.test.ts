import { describe, expect, test } from 'vitest';
import { EMPTY_SYNC_STATE } from '../sync-state';
import { storedNotificationRecord, storedRefusals, storedSyncState } from './stored';

describe('the stored sync state', () => {
  test('none stored is the defaults', () => {
    expect(storedSyncState(undefined)).toEqual(EMPTY_SYNC_STATE);
  });

  test("an older version's record keeps its values and gains the newer fields' defaults", () => {
    const older = { clientId: 'c1', nextMutationId: 8, cursor: 40, lastMutationId: 5 };
    expect(storedSyncState(older)).toEqual({ ...EMPTY_SYNC_STATE, ...older });
  });

  test('a logged-in state reads back whole', () => {
    const state = {
      ...EMPTY_SYNC_STATE,
      clientId: 'c1',
      actor: { username: 'sari', role: 'department' as const, departmentId: 'dlh' },
      team: { id: 't1', name: 'Kota' },
      lastError: { code: 'busy' as const, at: '2025-03-10T04:00:00.000Z', detail: '503' },
      epoch: 'e1',
    };
    expect(storedSyncState(state)).toEqual(state);
  });

  test.each([
    [{ nextMutationId: '7' }, 'stored sync state.nextMutationId'],
    [{ cursor: -1 }, 'stored sync state.cursor'],
    [{ actor: { username: 'sari', role: 'mayor', departmentId: '' } }, 'stored sync state.actor'],
    [{ lastError: { code: 'lost', at: '' } }, 'stored sync state.lastError.code'],
  ])('a damaged record %j is an error naming %s, not a value used', (stored, path) => {
    expect(() => storedSyncState(stored)).toThrow(path);
  });
});

test('stored refusals leave out a damaged one and keep the rest whole', () => {
  const good = {
    id: 3,
    code: 'forbidden',
    message: 'Not yours',
    name: 'assignPost',
    tweetId: '1900000000000000000',
    at: '2025-03-10T04:00:00.000Z',
  };
  const aboutDepartment = { ...good, id: 4, name: 'saveDepartment', tweetId: 'dlh' };
  expect(storedRefusals([good, { id: 'x' }, null, aboutDepartment])).toEqual([
    good,
    aboutDepartment,
  ]);
  expect(storedRefusals(undefined)).toEqual([]);
});

test("a notification's record keeps only the post ids it can use", () => {
  expect(storedNotificationRecord({ at: '2025-03-10T04:00:00.000Z', tweetIds: ['1', 2] })).toEqual({
    at: '2025-03-10T04:00:00.000Z',
    tweetIds: ['1'],
  });
  expect(storedNotificationRecord({ tweetIds: ['1'] })).toBeUndefined();
  expect(storedNotificationRecord(undefined)).toBeUndefined();
});
