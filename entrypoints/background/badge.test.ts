import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createAssignment, createPost } from '../../tests/factories';
import { changeStatus } from '../../utils/domain/assignment-ops';
import { isMentionUrgent, mentionOf, type Mention } from '../../utils/domain/mentions';
import { setLanguage } from '../../utils/i18n/i18n';
import { putAssignments } from '../../utils/storage/assignments';
import { countUrgent } from '../../utils/storage/backlog';
import { recordMentions, setMentionDismissed } from '../../utils/storage/team-test-helpers';
import { openTanggapDb, type TanggapDb } from '../../utils/storage/schema';
import { HOUR_MS, MINUTE_MS, nextUrgencyChange, urgencyOf } from '../../utils/domain/sla';
import type { Assignment } from '../../utils/domain/types';
import type { Actor } from '../../utils/domain/actor';
import {
  DEADLINE_ALARM,
  INTAKE_ALARM,
  isBadgeAlarm,
  nextDeadlineChange,
  nextIntakeChange,
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
    expect(await updateToolbarBadge(db, NOW)).toEqual({
      overdue: 2,
      dueSoon: 1,
      urgentMentions: 0,
    });
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
    expect((await fakeBrowser.alarms.getAll()).filter((a) => isBadgeAlarm(a.name))).toHaveLength(1);
  });
});

/** A citizen's mention of the city posted `minutesAgo` before NOW, recorded as received. */
async function received(minutesAgo: number): Promise<Mention> {
  const createdAt = iso(NOW - minutesAgo * MINUTE_MS);
  const post = createPost({ text: 'Sampah belum diangkut @PemkotBdg', createdAt });
  const mention = mentionOf(post, ['PemkotBdg'], iso(NOW))!;
  await recordMentions(db, [mention]);
  return mention;
}

describe('urgent mentions on the toolbar', () => {
  afterEach(() => void setLanguage('auto'));

  test('overdue items and urgent mentions share the red count; the title says each', async () => {
    await putAssignments(db, [dueAt(NOW), dueAt(NOW - HOUR_MS), dueAt(NOW + HOUR_MS)]);
    // Urgent at 2 h: 3 h and exactly 2 h old are; 1 h old is not yet.
    await Promise.all([received(180), received(120), received(60)]);
    // Neither a dismissed mention nor an assigned one waits, however old.
    const dismissed = await received(300);
    await setMentionDismissed(db, dismissed.tweetId, { at: iso(NOW), by: 'Rina' });
    const assigned = await received(400);
    await putAssignments(db, [createAssignment({ tweetId: assigned.tweetId })]);

    expect(await updateToolbarBadge(db, NOW)).toEqual({
      overdue: 2,
      dueSoon: 1,
      urgentMentions: 2,
    });
    expect(await badge()).toEqual({
      text: '4',
      color: rgba(OVERDUE_COLOR),
      textColor: '#FFFFFF',
      title: 'Tanggap: 2 overdue · 2 urgent mentions (unassigned 2 hours or more) · 1 due soon',
    });
  });

  test('urgent mentions alone turn the badge red, in the team’s threshold', async () => {
    await putAssignments(db, [dueAt(NOW + HOUR_MS)]);
    await received(95);
    expect(await updateToolbarBadge(db, NOW, undefined, 90)).toMatchObject({ urgentMentions: 1 });
    expect(await badge()).toEqual({
      text: '1',
      color: rgba(OVERDUE_COLOR),
      textColor: '#FFFFFF',
      title: 'Tanggap: 1 urgent mention (unassigned 1 hour 30 minutes or more) · 1 due soon',
    });
    // With the default 2 h, the same mention is not urgent yet: the due-soon item on amber.
    await updateToolbarBadge(db, NOW);
    expect(await badge()).toMatchObject({
      text: '1',
      color: rgba(SOON_COLOR),
      textColor: '#000000',
    });
    expect((await badge()).title).toBe('Tanggap: 1 due soon');
  });

  test('in Indonesian', async () => {
    setLanguage('id');
    await putAssignments(db, [dueAt(NOW)]);
    await Promise.all([received(200), received(150)]);
    await updateToolbarBadge(db, NOW);
    expect((await badge()).title).toBe(
      'Tanggap: 1 lewat tenggat · 2 mention mendesak (belum ditugaskan 2 jam atau lebih)',
    );
  });

  test('an alarm at the instant the next waiting mention turns urgent', async () => {
    const [soonest, later] = await Promise.all([received(100), received(30), received(150)]);
    const at = NOW + 20 * MINUTE_MS;
    expect(await nextIntakeChange(db, NOW)).toBe(at);
    await refreshDeadlines(db, NOW);
    expect((await fakeBrowser.alarms.get(INTAKE_ALARM))?.scheduledTime).toBe(at);
    expect(isBadgeAlarm(INTAKE_ALARM)).toBe(true);
    // At that very instant the popup and X call it urgent, and the toolbar counts it.
    expect(isMentionUrgent(soonest!, at - 1, 120)).toBe(false);
    expect(isMentionUrgent(soonest!, at, 120)).toBe(true);
    expect((await refreshDeadlines(db, at - 1)).urgentMentions).toBe(1);
    expect((await refreshDeadlines(db, at)).urgentMentions).toBe(2);
    expect((await fakeBrowser.alarms.get(INTAKE_ALARM))?.scheduledTime).toBe(NOW + 90 * MINUTE_MS);

    // Triaged before it turns, the last one leaves nothing to wait for: no alarm.
    await setMentionDismissed(db, later!.tweetId, { at: iso(at), by: 'Rina' });
    await refreshDeadlines(db, at);
    expect(await fakeBrowser.alarms.get(INTAKE_ALARM)).toBeUndefined();
    expect(await badge()).toMatchObject({ text: '2' });
  });

  test.each<[string, Actor | null, number]>([
    ['working alone', null, 2],
    ['an admin', { username: 'ayu', role: 'admin', departmentId: '' }, 2],
    ['a triage officer', { username: 'rina', role: 'triage', departmentId: '' }, 2],
    // May neither assign nor dismiss a mention: a count they could not clear.
    ['a department officer', { username: 'dewi', role: 'department', departmentId: 'dlh' }, 1],
  ])('urgent mentions are counted for %s only if they may assign', async (_, actor, text) => {
    await putAssignments(db, [dueAt(NOW)]);
    await Promise.all([received(180), received(30)]);
    const counts = await refreshDeadlines(db, NOW, undefined, undefined, actor);
    expect(counts.urgentMentions).toBe(text - 1);
    expect(await badge()).toMatchObject({ text: String(text) });
    const alarm = await fakeBrowser.alarms.get(INTAKE_ALARM);
    if (text === 1) expect(alarm).toBeUndefined();
    else expect(alarm?.scheduledTime).toBe(NOW + 90 * MINUTE_MS);
  });

  test('the alarm follows the team’s threshold', async () => {
    await received(10);
    await refreshDeadlines(db, NOW, undefined, 45);
    expect((await fakeBrowser.alarms.get(INTAKE_ALARM))?.scheduledTime).toBe(NOW + 35 * MINUTE_MS);
  });
});
