import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createAssignment } from '../../tests/factories';
import { changeStatus } from '../../utils/domain/assignment-ops';
import { putAssignments } from '../../utils/storage/assignments';
import { seedDepartments } from '../../utils/storage/departments';
import { getNotificationRecord, NOTIFIED_KEY } from '../../utils/storage/escalations';
import { openTanggapDb, type TanggapDb } from '../../utils/storage/schema';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { addNote } from '../../utils/domain/lifecycle-ops';
import { loadSettings, saveSettings } from '../../utils/storage/settings';
import { HOUR_MS, MINUTE_MS } from '../../utils/domain/sla';
import { checkEscalations, NOTIFICATION_KEEP_MS, openEscalation } from './escalation-notify';

const NOW = Date.parse('2025-03-10T05:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
/** An open item (24-hour SLA) whose deadline is at `deadlineMs`. */
const dueAt = (deadlineMs: number, departmentId = 'dsdabm') =>
  createAssignment({ departmentId, assignedAt: iso(deadlineMs - 24 * HOUR_MS) });
/** An assignment made at `atMs` whose deadline (from the post's time) is `deadlineMs`. */
const assignedAt = (atMs: number, deadlineMs: number) =>
  createAssignment({
    departmentId: 'dsdabm',
    assignedAt: iso(atMs),
    deadline: iso(deadlineMs),
  });

let db: TanggapDb;
let count = 0;
beforeEach(async () => {
  db = await openTanggapDb(`notify-${++count}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
});
afterEach(() => db.close());

/** What the user sees: the shown notifications' titles and texts. */
async function shown() {
  const all = fakeBrowser.notifications.getAllCreateOptions() as Record<
    string,
    { title: string; message: string }
  >;
  return Object.values(all).map(({ title, message }) => `${title} | ${message}`);
}

describe('checkEscalations', () => {
  test('one notification per kind, batched across items with per-department counts', async () => {
    await putAssignments(db, [
      dueAt(NOW - HOUR_MS, 'dsdabm'),
      dueAt(NOW - 2 * HOUR_MS, 'dsdabm'),
      dueAt(NOW - MINUTE_MS, 'dishub'),
      dueAt(NOW + 2 * HOUR_MS, 'dlh'),
      dueAt(NOW + 10 * HOUR_MS, 'dlh'),
    ]);
    await checkEscalations(db, NOW);
    expect(await shown()).toEqual([
      '3 overdue | DSDABM 2, Dishub 1 — click to see them',
      '1 due soon | DLH 1 — click to see them',
    ]);
  });

  test('nothing is notified twice, even by a new worker with a new database handle', async () => {
    await putAssignments(db, [dueAt(NOW - HOUR_MS)]);
    expect(await checkEscalations(db, NOW)).toHaveLength(1);
    fakeBrowser.notifications.resetState();
    const restarted = await openTanggapDb(db.name);
    expect(await checkEscalations(restarted, NOW + MINUTE_MS)).toEqual([]);
    restarted.close();
    expect(await shown()).toEqual([]);
  });

  test('due soon, then overdue: two notifications, one for each change', async () => {
    await putAssignments(db, [dueAt(NOW + HOUR_MS)]);
    await checkEscalations(db, NOW);
    await checkEscalations(db, NOW + 30 * MINUTE_MS);
    await checkEscalations(db, NOW + HOUR_MS);
    await checkEscalations(db, NOW + 2 * HOUR_MS);
    expect(await shown()).toEqual([
      '1 due soon | DSDABM 1 — click to see them',
      '1 overdue | DSDABM 1 — click to see them',
    ]);
  });

  test('due soon and overdue while the browser was closed: one overdue notification', async () => {
    await putAssignments(db, [dueAt(NOW + 8 * HOUR_MS)]);
    await checkEscalations(db, NOW);
    await checkEscalations(db, NOW + 9 * HOUR_MS);
    expect(await shown()).toEqual(['1 overdue | DSDABM 1 — click to see them']);
  });

  test('closed items are not notified', async () => {
    const a = dueAt(NOW - HOUR_MS);
    await putAssignments(db, [changeStatus(a, 'responded', 'x', iso(NOW - 2 * HOUR_MS))]);
    expect(await checkEscalations(db, NOW)).toEqual([]);
  });

  test('the due-soon window is the settings’ one', async () => {
    await saveSettings(db, { dueSoonHours: 2 });
    await putAssignments(db, [dueAt(NOW + 3 * HOUR_MS), dueAt(NOW + HOUR_MS)]);
    await checkEscalations(db, NOW);
    expect(await shown()).toEqual(['1 due soon | DSDABM 1 — click to see them']);
  });

  test('with notifications off nothing is shown, and switching them on does not bring old changes back', async () => {
    await saveSettings(db, { notifications: false });
    await putAssignments(db, [dueAt(NOW - HOUR_MS)]);
    expect(await checkEscalations(db, NOW)).toEqual([]);
    await saveSettings(db, { notifications: true });
    expect(await checkEscalations(db, NOW + MINUTE_MS)).toEqual([]);
    // A new assignment, made after the check and already late (its clock ran from the post).
    await putAssignments(db, [assignedAt(NOW + 2 * MINUTE_MS, NOW)]);
    await checkEscalations(db, NOW + 3 * MINUTE_MS);
    expect(await shown()).toEqual(['1 overdue | DSDABM 1 — click to see them']);
  });

  test('items just written (an import, with old timestamps) are looked at, and notified once', async () => {
    await checkEscalations(db, NOW);
    const imported = [dueAt(NOW - HOUR_MS, 'dlh'), dueAt(NOW + HOUR_MS, 'dlh')];
    await putAssignments(db, imported);
    const ids = imported.map((a) => a.tweetId);
    await checkEscalations(db, NOW + MINUTE_MS, ids);
    // Written again (e.g. a note): nothing is news.
    expect(await checkEscalations(db, NOW + 2 * MINUTE_MS, ids)).toEqual([]);
    expect(await shown()).toEqual([
      '1 overdue | DLH 1 — click to see them',
      '1 due soon | DLH 1 — click to see them',
    ]);
  });

  test('a note on an overdue item is not news; reopening it is', async () => {
    const a = dueAt(NOW - HOUR_MS);
    await putAssignments(db, [a]);
    await checkEscalations(db, NOW);
    fakeBrowser.notifications.resetState();
    const noted = addNote(a, 'ditelepon', 'x', iso(NOW + MINUTE_MS));
    await putAssignments(db, [noted]);
    expect(await checkEscalations(db, NOW + 2 * MINUTE_MS)).toEqual([]);
    const closed = changeStatus(noted, 'responded', 'x', iso(NOW + 3 * MINUTE_MS));
    await putAssignments(db, [closed]);
    expect(await checkEscalations(db, NOW + 4 * MINUTE_MS)).toEqual([]);
    await putAssignments(db, [changeStatus(closed, 'open', 'x', iso(NOW + 5 * MINUTE_MS))]);
    await checkEscalations(db, NOW + 6 * MINUTE_MS);
    expect(await shown()).toEqual(['1 overdue | DSDABM 1 — click to see them']);
  });

  test('a check reads only what can have changed since the last one, not every overdue item', async () => {
    const read = vi.spyOn(IDBIndex.prototype, 'getAll');
    /** How many records the check at `nowMs` read from indexes. */
    const recordsRead = async (nowMs: number) => {
      read.mockClear();
      await checkEscalations(db, nowMs);
      const requests = read.mock.results.map((r) => r.value as IDBRequest<unknown[]>);
      expect(requests.every((r) => r.readyState === 'done')).toBe(true);
      return requests.reduce((n, r) => n + r.result.length, 0);
    };
    // A backlog of 3,000 overdue items: read (and notified) once.
    await putAssignments(
      db,
      Array.from({ length: 3_000 }, (_, i) => dueAt(NOW - (i + 1) * MINUTE_MS)),
    );
    expect(await recordsRead(NOW)).toBe(3_000);
    // A minute later, one more item is overdue: that one is all the check reads.
    await putAssignments(db, [dueAt(NOW + 30 * 1000)]);
    expect(await recordsRead(NOW + MINUTE_MS)).toBe(1);
    read.mockRestore();
    // And the stored record stays small, whatever the backlog.
    expect(JSON.stringify(await db.get('settings', NOTIFIED_KEY)).length).toBeLessThan(200);
  });

  test('loading the settings does not read escalation’s records', async () => {
    await db.put('settings', { at: iso(NOW), tweetIds: ['1'] }, 'notification:x');
    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const get = vi.spyOn(IDBObjectStore.prototype, 'get');
    await loadSettings(db);
    expect(getAll).not.toHaveBeenCalled();
    expect(get.mock.calls.map(([key]) => key)).not.toContain('notification:x');
    expect(get.mock.calls.map(([key]) => key)).not.toContain(NOTIFIED_KEY);
    getAll.mockRestore();
    get.mockRestore();
  });
});

describe('openEscalation', () => {
  test('a click opens the backlog on those items and clears the notification', async () => {
    const named = [dueAt(NOW - HOUR_MS, 'dlh'), dueAt(NOW - HOUR_MS, 'dishub')];
    await putAssignments(db, named);
    await checkEscalations(db, NOW);
    // A later item of the same department and kind is not one this notification named.
    await putAssignments(db, [dueAt(NOW + 30 * MINUTE_MS, 'dlh')]);
    await checkEscalations(db, NOW + HOUR_MS);
    const [id] = Object.keys(fakeBrowser.notifications.getAllCreateOptions());
    expect(await openEscalation(id!)).toBe(true);
    const tabs = await fakeBrowser.tabs.query({});
    const url = new URL(tabs.at(-1)!.url!);
    expect(url.pathname).toBe('/popup.html');
    expect(url.searchParams.get('notification')).toBe(id);
    expect((await getNotificationRecord(db, id!))?.tweetIds.sort()).toEqual(
      named.map((a) => a.tweetId).sort(),
    );
    expect(await shown()).not.toContain(expect.stringMatching(/^2 overdue/));
  });

  test('the lists of old notifications are pruned', async () => {
    await putAssignments(db, [dueAt(NOW - HOUR_MS)]);
    await checkEscalations(db, NOW);
    const [first] = Object.keys(fakeBrowser.notifications.getAllCreateOptions());
    expect(await getNotificationRecord(db, first!)).toBeDefined();
    const later = NOW + NOTIFICATION_KEEP_MS + HOUR_MS;
    await putAssignments(db, [dueAt(later - MINUTE_MS)]);
    await checkEscalations(db, later);
    expect(await getNotificationRecord(db, first!)).toBeUndefined();
    expect(
      await db.count('settings', IDBKeyRange.bound('notification:', 'notification:\uffff')),
    ).toBe(1);
  });

  test('another notification is left alone', async () => {
    expect(await openEscalation('something-else')).toBe(false);
  });
});
