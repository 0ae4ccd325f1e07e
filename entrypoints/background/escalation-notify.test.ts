import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createAssignment } from '../../tests/factories';
import { changeStatus } from '../../utils/assignment-ops';
import { openTanggapDb, putAssignments, seedDepartments, type TanggapDb } from '../../utils/db';
import { DEFAULT_DEPARTMENTS } from '../../utils/departments';
import { saveSettings } from '../../utils/settings';
import { HOUR_MS, MINUTE_MS } from '../../utils/sla';
import { checkEscalations, openEscalation } from './escalation-notify';

const NOW = Date.parse('2025-03-10T05:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
/** An open item (24-hour SLA) whose deadline is at `deadlineMs`. */
const dueAt = (deadlineMs: number, departmentId = 'dsdabm') =>
  createAssignment({ departmentId, assignedAt: iso(deadlineMs - 24 * HOUR_MS) });

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
    await putAssignments(db, [dueAt(NOW)]);
    await checkEscalations(db, NOW + MINUTE_MS);
    expect(await shown()).toEqual(['1 overdue | DSDABM 1 — click to see them']);
  });
});

describe('openEscalation', () => {
  test('a click opens the backlog on those items and clears the notification', async () => {
    await putAssignments(db, [dueAt(NOW - HOUR_MS, 'dlh'), dueAt(NOW - HOUR_MS, 'dishub')]);
    await checkEscalations(db, NOW);
    const [id] = Object.keys(fakeBrowser.notifications.getAllCreateOptions());
    expect(await openEscalation(id!)).toBe(true);
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.at(-1)?.url).toMatch(
      /\/popup\.html\?urgency=overdue&departments=(dlh,dishub|dishub,dlh)$/,
    );
    expect(await shown()).toEqual([]);
  });

  test('another notification is left alone', async () => {
    expect(await openEscalation('something-else')).toBe(false);
  });
});
