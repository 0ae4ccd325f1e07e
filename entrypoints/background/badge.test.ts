import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createAssignment } from '../../tests/factories';
import { changeStatus } from '../../utils/assignment-ops';
import { openTanggapDb, putAssignments, type TanggapDb } from '../../utils/db';
import { HOUR_MS, MINUTE_MS } from '../../utils/sla';
import type { Assignment } from '../../utils/types';
import {
  DEADLINE_ALARM,
  isDeadlineAlarm,
  nextDeadlineChange,
  OVERDUE_COLOR,
  refreshDeadlines,
  SAFETY_ALARM,
  SOON_COLOR,
  updateToolbarBadge,
} from './badge';

const NOW = Date.parse('2025-03-10T05:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const dueAt = (ms: number): Assignment => createAssignment({ assignedAt: iso(ms - 24 * HOUR_MS) });

let db: TanggapDb;
let count = 0;
beforeEach(async () => {
  db = await openTanggapDb(`badge-${++count}`);
});
afterEach(() => db.close());

async function badge() {
  const action = fakeBrowser.action;
  return {
    text: await action.getBadgeText({}),
    color: await action.getBadgeBackgroundColor({}),
    textColor: await action.getBadgeTextColor({}),
    title: await action.getTitle({}),
  };
}
const rgba = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).concat(255);

describe('updateToolbarBadge', () => {
  test('overdue items: their count on red, both counts in words', async () => {
    await putAssignments(db, [dueAt(NOW), dueAt(NOW - 3 * 24 * HOUR_MS), dueAt(NOW + HOUR_MS)]);
    expect(await updateToolbarBadge(db, NOW)).toEqual({ overdue: 2, dueSoon: 1 });
    expect(await badge()).toEqual({
      text: '2',
      color: rgba(OVERDUE_COLOR),
      textColor: '#FFFFFF',
      title: 'Tanggap: 2 overdue · 1 due soon',
    });
  });

  test('none overdue: the due-soon count on amber', async () => {
    await putAssignments(db, [
      dueAt(NOW + MINUTE_MS),
      dueAt(NOW + 6 * HOUR_MS),
      dueAt(NOW + 7 * HOUR_MS),
    ]);
    await updateToolbarBadge(db, NOW);
    expect(await badge()).toEqual({
      text: '2',
      color: rgba(SOON_COLOR),
      textColor: '#000000',
      title: 'Tanggap: 2 due soon',
    });
  });

  test('nothing urgent, or only responded items: no badge', async () => {
    const responded = changeStatus(dueAt(NOW - HOUR_MS), 'responded', 'pu', iso(NOW - 2 * HOUR_MS));
    await putAssignments(db, [responded, dueAt(NOW + 7 * HOUR_MS)]);
    await updateToolbarBadge(db, NOW);
    expect(await badge()).toMatchObject({ text: '', title: 'Tanggap' });
  });

  test('the badge follows the clock across the boundaries', async () => {
    const item = dueAt(NOW + 6 * HOUR_MS + MINUTE_MS);
    await putAssignments(db, [item]);
    const deadline = Date.parse(item.deadline);
    const at = async (ms: number) => (await updateToolbarBadge(db, ms), (await badge()).text);
    expect(await at(deadline - 6 * HOUR_MS - 1)).toBe('');
    expect(await at(deadline - 6 * HOUR_MS)).toBe('1');
    expect((await badge()).color).toEqual(rgba(SOON_COLOR));
    expect(await at(deadline - 1)).toBe('1');
    expect(await at(deadline)).toBe('1');
    expect((await badge()).color).toEqual(rgba(OVERDUE_COLOR));
  });
});

describe('deadline alarms', () => {
  test('the next change: the nearer of a deadline and a due-soon boundary', async () => {
    // Soon already; its deadline is in 2 h. Another enters due soon in 1 h (deadline in 7 h).
    await putAssignments(db, [
      dueAt(NOW + 2 * HOUR_MS),
      dueAt(NOW + 7 * HOUR_MS),
      dueAt(NOW - HOUR_MS),
    ]);
    expect(await nextDeadlineChange(db, NOW)).toBe(NOW + HOUR_MS);
    expect(await nextDeadlineChange(db, NOW + HOUR_MS)).toBe(NOW + 2 * HOUR_MS);
    expect(await nextDeadlineChange(db, NOW + 2 * HOUR_MS)).toBe(NOW + 7 * HOUR_MS);
    expect(await nextDeadlineChange(db, NOW + 7 * HOUR_MS)).toBeNull();
  });

  test('responded items schedule nothing', async () => {
    const responded = changeStatus(dueAt(NOW + HOUR_MS), 'responded', 'pu', iso(NOW));
    await putAssignments(db, [responded]);
    expect(await nextDeadlineChange(db, NOW)).toBeNull();
  });

  test('refreshDeadlines sets the badge, one deadline alarm and the safety alarm', async () => {
    await putAssignments(db, [dueAt(NOW + 3 * HOUR_MS)]);
    await refreshDeadlines(db, NOW);
    expect((await fakeBrowser.alarms.get(DEADLINE_ALARM))?.scheduledTime).toBe(NOW + 3 * HOUR_MS);
    const safety = await fakeBrowser.alarms.get(SAFETY_ALARM);
    expect(safety?.periodInMinutes).toBeGreaterThan(0);
    expect(await badge()).toMatchObject({ text: '1' });

    // A second refresh keeps the safety alarm's schedule and moves the deadline alarm.
    await refreshDeadlines(db, NOW + 3 * HOUR_MS);
    expect(await fakeBrowser.alarms.get(SAFETY_ALARM)).toEqual(safety);
    expect(await fakeBrowser.alarms.get(DEADLINE_ALARM)).toBeUndefined();
    expect(await badge()).toMatchObject({ text: '1', color: rgba(OVERDUE_COLOR) });
    expect((await fakeBrowser.alarms.getAll()).filter((a) => isDeadlineAlarm(a.name))).toHaveLength(
      1,
    );
  });
});
