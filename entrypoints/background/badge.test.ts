import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createAssignment } from '../../tests/factories';
import { changeStatus } from '../../utils/domain/assignment-ops';
import { putAssignments } from '../../utils/storage/assignments';
import { countUrgent } from '../../utils/storage/backlog';
import { openTanggapDb, type TanggapDb } from '../../utils/storage/schema';
import { HOUR_MS, MINUTE_MS, nextUrgencyChange, urgencyOf } from '../../utils/domain/sla';
import type { Assignment } from '../../utils/domain/types';
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

  test.each([
    // [window, the instant of the next change, the item that turns due soon then]
    [6, 24, 0],
    [12, 18, 0],
    // The first is due soon already (30 h left): the next change is the second's boundary.
    [40, 10, 1],
  ] as const)(
    'window %d h: the alarm is set for deadline − window (NOW + %d h), when the page badge turns',
    async (windowHours, hoursFromNow, turning) => {
      const window = windowHours * HOUR_MS;
      const items = [dueAt(NOW + 30 * HOUR_MS), dueAt(NOW + 50 * HOUR_MS)];
      await putAssignments(db, items);
      await refreshDeadlines(db, NOW, window);
      const at = NOW + hoursFromNow * HOUR_MS;
      expect((await fakeBrowser.alarms.get(DEADLINE_ALARM))?.scheduledTime).toBe(at);
      expect(Math.min(...items.map((a) => nextUrgencyChange(a, NOW, window)!))).toBe(at);
      const item = items[turning]!;
      expect(at).toBe(Date.parse(item.deadline) - window);
      // At that very instant the page calls the item due soon and the toolbar counts it.
      expect(urgencyOf(item, at - 1, window)).toBe('ok');
      expect(urgencyOf(item, at, window)).toBe('soon');
      const before = await updateToolbarBadge(db, at - 1, window);
      expect((await updateToolbarBadge(db, at, window)).dueSoon).toBe(before.dueSoon + 1);
    },
  );

  test('the toolbar counts what the page calls due soon, whatever the SLA', async () => {
    const window = 6 * HOUR_MS;
    // SLAs of 2 h, 6 h, 24 h and 48 h, all assigned at NOW.
    const items = [2, 6, 24, 48].map((hours) =>
      createAssignment({
        assignedAt: iso(NOW),
        deadline: iso(NOW + hours * HOUR_MS),
      }),
    );
    await putAssignments(db, items);
    for (const at of [0, 1, 18, 20, 42, 47, 48, 49].map((h) => NOW + h * HOUR_MS)) {
      const urgencies = items.map((a) => urgencyOf(a, at, window));
      expect(await countUrgent(db, at, window)).toEqual({
        overdue: urgencies.filter((u) => u === 'overdue').length,
        dueSoon: urgencies.filter((u) => u === 'soon').length,
      });
    }
    // The short SLAs are due soon from their assignment, the long one only in its last 6 h.
    expect(items.map((a) => urgencyOf(a, NOW, window))).toEqual(['soon', 'soon', 'ok', 'ok']);
    expect(await nextDeadlineChange(db, NOW, window)).toBe(NOW + 2 * HOUR_MS);
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
