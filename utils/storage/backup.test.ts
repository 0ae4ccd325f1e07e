import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createActor, createAssignment, createPost } from '../../tests/factories';
import { rejects } from '../../tests/rejects';
import { changeStatus } from '../domain/assignment-ops';
import { backupText, validateBackup } from '../domain/backup';
import { exportBackupFile, replaceAllData, restoreBackupData } from './backup';
import { getAssignment, putAssignments } from './assignments';
import { getBacklog } from './backlog';
import { listDepartments, seedDepartments } from './departments';
import { NOTIFIED_KEY } from './escalations';
import { listDismissedMentionIds, listMentions, listUntriagedMentions } from './mentions';
import { recordMentions, setMentionDismissed } from './team-test-helpers';
import { listProgrammes, putProgrammes, recordProgrammeMentions } from './programmes';
import { openTanggapDb, type TanggapDb } from './schema';
import { updateSyncState } from './sync-state';
import { DEFAULT_DEPARTMENTS } from '../domain/departments';
import { mentionOf, type Mention } from '../domain/mentions';
import { validateProgrammes } from '../domain/programmes';
import { DEFAULT_SETTINGS, type Settings } from '../domain/settings';
import { loadSettings, saveSettings } from './settings';
import { HOUR_MS } from '../domain/sla';
import type { Assignment } from '../domain/types';

const NOW = new Date('2025-03-10T05:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
let db: TanggapDb;
let count = 0;

beforeEach(async () => {
  db = await openTanggapDb(`backup-${++count}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
});
afterEach(() => db.close());

/** Everything a restore may change, to compare before and after. */
async function snapshot() {
  const [assignments, mentions, departments, programmes, counters, settingKeys] = await Promise.all(
    [
      db.getAll('assignments'),
      db.getAll('mentions'),
      db.getAll('departments'),
      db.getAll('programmes'),
      db.getAll('counters'),
      db.getAllKeys('settings'),
    ],
  );
  return { assignments, mentions, departments, programmes, counters, settingKeys };
}

/** What the options page does with a chosen file: check it whole, then write it. */
async function restore(text: string, into = db) {
  const check = validateBackup(text, { validateProgrammes });
  if (!check.ok) return check.problems;
  return restoreBackupData(into, check.backup);
}

async function exported(pageSize?: number) {
  const file = await exportBackupFile(db, NOW.toISOString(), pageSize);
  return { ...file, text: await file.blob.text() };
}

/** A citizen's mention of the city, posted `hoursAgo` before NOW and first seen an hour later. */
function mention(hoursAgo: number): Mention {
  const createdAt = iso(NOW.getTime() - hoursAgo * HOUR_MS);
  const post = createPost({ text: 'Lampu jalan mati @PemkotBdg', createdAt });
  return mentionOf(post, ['PemkotBdg'], iso(Date.parse(createdAt) + HOUR_MS))!;
}

const ids = (list: readonly { tweetId: string }[]) => list.map((m) => m.tweetId).sort();

const open = (departmentId: string) =>
  createAssignment({ departmentId, assignedAt: iso(NOW.getTime() - 2 * HOUR_MS) });

function backupOf(assignments: Assignment[], settings: Partial<Settings> = {}) {
  return backupText(
    {
      assignments,
      departments: DEFAULT_DEPARTMENTS.slice(0, 3),
      programmes: [],
      settings: { ...structuredClone(DEFAULT_SETTINGS), ...settings } as Settings,
    },
    NOW.toISOString(),
  );
}

describe('export', () => {
  test('the file is built from parts: a page of assignments each, and reads back whole', async () => {
    // More than one page (1,000 a page), so the joins between parts are exercised.
    const list = Array.from({ length: 2_345 }, () => open('dlh'));
    await putAssignments(db, list);
    const { blob, filename, assignments, text } = await exported();
    expect(filename).toBe('tanggap-backup-2025-03-10.json');
    expect(assignments).toBe(2_345);
    expect(blob.type).toBe('application/json');
    const check = validateBackup(text, { validateProgrammes });
    expect(check.ok && check.backup.assignments.length).toBe(2_345);
    expect(check.ok && check.backup.exportedAt).toBe(NOW.toISOString());
  });

  test('an empty store gives a valid backup with no assignments', async () => {
    const { text, assignments } = await exported();
    expect(assignments).toBe(0);
    const check = validateBackup(text, { validateProgrammes });
    expect(check.ok && check.backup.assignments).toEqual([]);
    expect(check.ok && check.backup.mentions).toEqual([]);
  });

  test('mentions are written a page at a time and read back whole', async () => {
    const mentions = [1, 2, 3, 4, 5].map(mention);
    await recordMentions(db, mentions);
    await putAssignments(db, [open('dlh'), open('dlh'), open('dsdabm')]);
    const { text } = await exported(2);
    const check = validateBackup(text, { validateProgrammes });
    expect(check.ok && check.backup.assignments).toHaveLength(3);
    expect(check.ok && ids(check.backup.mentions!)).toEqual(ids(mentions));
  });

  test('escalation’s own records are not part of a backup', async () => {
    await db.put('settings', { checkedAt: NOW.toISOString() }, NOTIFIED_KEY);
    const parsed = JSON.parse((await exported()).text) as Record<string, unknown>;
    expect(JSON.stringify(parsed)).not.toContain('checkedAt');
  });
});

describe('restore', () => {
  test('export then restore gives back the same data', async () => {
    const list = [open('dlh'), changeStatus(open('dsdabm'), 'resolved', 'x', NOW.toISOString())];
    await putAssignments(db, list);
    await saveSettings(db, { officerName: 'Rina', dueSoonHours: 4 });
    const { text } = await exported();
    const before = await snapshot();

    await putAssignments(db, [open('dishub')]);
    await saveSettings(db, { officerName: 'Someone else' });
    expect(await restore(text)).toEqual({
      assignments: 2,
      mentions: 0,
      departments: DEFAULT_DEPARTMENTS.length,
      programmes: before.programmes.length,
    });
    const after = await snapshot();
    expect(after.assignments).toEqual(before.assignments);
    expect(after.departments.map((d) => d.id).sort()).toEqual(
      before.departments.map((d) => d.id).sort(),
    );
    expect(after.programmes).toEqual(before.programmes);
    expect(await loadSettings(db)).toMatchObject({ officerName: 'Rina', dueSoonHours: 4 });
  });

  test('on a new browser, the mentions come back: first seen, dismissed by whom, waiting', async () => {
    const [assigned, waiting, dismissed] = [5, 4, 3].map(mention);
    await recordMentions(db, [assigned!, waiting!, dismissed!]);
    await putAssignments(db, [createAssignment({ tweetId: assigned!.tweetId })]);
    const at = iso(NOW.getTime() - HOUR_MS);
    await setMentionDismissed(db, dismissed!.tweetId, { at, by: 'Rina' });
    const { text } = await exported();

    const fresh = await openTanggapDb(`backup-fresh-${count}`);
    try {
      expect(await restore(text, fresh)).toMatchObject({ assignments: 1, mentions: 3 });
      expect(await listMentions(fresh)).toEqual(await listMentions(db));
      expect((await listMentions(fresh)).find((m) => m.tweetId === dismissed!.tweetId)).toEqual({
        ...dismissed,
        dismissedAt: at,
        dismissedBy: 'Rina',
      });
      expect(ids(await listUntriagedMentions(fresh))).toEqual([waiting!.tweetId]);
      expect(await listDismissedMentionIds(fresh)).toEqual([dismissed!.tweetId]);
    } finally {
      fresh.close();
    }
  });

  test('the file’s mentions replace this browser’s, each waiting as the file’s items say', async () => {
    const [a, b] = [3, 2].map(mention);
    await recordMentions(db, [a!, b!]);
    const { text } = await exported();
    // After the backup: b is assigned, and a mention the file never saw arrives.
    await putAssignments(db, [createAssignment({ tweetId: b!.tweetId })]);
    await recordMentions(db, [mention(1)]);

    await restore(text);
    expect(ids(await listMentions(db))).toEqual(ids([a!, b!]));
    // The file holds no item for b: it waits again, as it did when the backup was made.
    expect(ids(await listUntriagedMentions(db))).toEqual(ids([a!, b!]));
  });

  test('an old file (version 1, no mentions) keeps this browser’s, waiting as its items say', async () => {
    const [a, b, c] = [3, 2, 1].map(mention);
    await recordMentions(db, [a!, b!, c!]);
    await putAssignments(db, [createAssignment({ tweetId: a!.tweetId })]);
    const old = JSON.parse(backupOf([createAssignment({ tweetId: b!.tweetId })])) as Record<
      string,
      unknown
    >;
    old.version = 1;
    delete old.mentions;
    expect(await restore(JSON.stringify(old))).toMatchObject({ assignments: 1, mentions: null });
    expect(ids(await listMentions(db))).toEqual(ids([a!, b!, c!]));
    // a's item is gone with the restore, b's came with it.
    expect(ids(await listUntriagedMentions(db))).toEqual(ids([a!, c!]));
  });

  test('a bad mention: the file is refused whole, the mention named, nothing changed', async () => {
    await recordMentions(db, [mention(2)]);
    await putAssignments(db, [open('dishub')]);
    const before = await snapshot();
    const file = JSON.parse(backupOf([open('dlh')])) as Record<string, unknown>;
    file.mentions = [mention(3), { ...mention(1), dismissedAt: iso(NOW.getTime()) }];
    expect(await restore(JSON.stringify(file))).toEqual([
      'mentions[1].dismissedBy must name who dismissed the mention',
    ]);
    expect(await snapshot()).toEqual(before);
  });

  test('a restore replaces everything and leaves the open counters right', async () => {
    await putAssignments(db, [open('dishub'), open('dishub'), open('dlh')]);
    const restored = [open('dlh'), open('dsdabm'), open('dsdabm')];
    restored.push(changeStatus(open('dlh'), 'responded', 'x', NOW.toISOString()));
    await restore(backupOf(restored));

    const all = await getBacklog(db, { nowMs: NOW.getTime(), limit: 100 });
    expect(all.totalOpen).toBe(3);
    expect(all.items.map((a) => a.tweetId).sort()).toEqual(
      restored
        .filter((a) => a.status === 'open')
        .map((a) => a.tweetId)
        .sort(),
    );
    const perDepartment = async (departmentId: string) =>
      (await getBacklog(db, { nowMs: NOW.getTime(), departmentId, limit: 1 })).totalOpen;
    expect(await perDepartment('dlh')).toBe(1);
    expect(await perDepartment('dsdabm')).toBe(2);
    expect(await perDepartment('dishub')).toBe(0);
    expect((await listDepartments(db)).map((d) => d.id)).toEqual(
      DEFAULT_DEPARTMENTS.slice(0, 3).map((d) => d.id),
    );
  });

  test('programmes are backed up and restored, replacing the ones there', async () => {
    const kur = { id: 'kur', name: 'Kredit Usaha Rakyat', keywords: ['kur'], active: true };
    const pip = { id: 'pip', name: 'Program Indonesia Pintar', keywords: ['pip'], active: true };
    await putProgrammes(db, [kur], { replace: true });
    const { text } = await exported();
    expect((JSON.parse(text) as { programmes: unknown[] }).programmes).toEqual([kur]);

    await putProgrammes(db, [pip], { replace: true });
    await recordProgrammeMentions(db, [{ programmeId: 'pip', tweetId: '1', day: '2025-03-10' }]);
    expect(await restore(text)).toMatchObject({ programmes: 1 });
    expect(await listProgrammes(db)).toEqual([kur]);
    // The counted mentions of a programme that is gone go with it.
    expect(await db.count('programme-mentions')).toBe(0);
  });

  test('a backup with a bad programme is refused whole', async () => {
    const text = JSON.parse(backupOf([])) as Record<string, unknown>;
    text.programmes = [{ id: 'kur', name: '', keywords: [], active: true }];
    const before = await snapshot();
    expect((await restore(JSON.stringify(text))) as string[]).toEqual([
      expect.stringMatching(/programmes\[0\]/),
    ]);
    expect(await snapshot()).toEqual(before);
  });

  test('escalation’s records and the notifications’ lists survive a restore', async () => {
    const state = { checkedAt: NOW.toISOString(), soonUntil: NOW.toISOString() };
    await db.put('settings', state, NOTIFIED_KEY);
    await db.put('settings', { at: NOW.toISOString(), tweetIds: ['1'] }, 'notification:n1');
    await db.put('settings', 'Lama', 'officerName');
    await restore(backupOf([], { officerName: 'Rina' }));
    expect(await db.get('settings', NOTIFIED_KEY)).toEqual(state);
    expect(await db.get('settings', 'notification:n1')).toEqual({
      at: NOW.toISOString(),
      tweetIds: ['1'],
    });
    // The first release's record is folded into the restored settings, not left behind.
    expect(await db.get('settings', 'officerName')).toBeUndefined();
    expect((await loadSettings(db)).officerName).toBe('Rina');
  });

  test('one bad record among thousands: nothing is written, the problem is named', async () => {
    await putAssignments(db, [open('dishub')]);
    const before = await snapshot();
    const list = Array.from({ length: 2_000 }, () => open('dlh'));
    list[1_500]!.deadline = 'not a date';
    expect(await restore(backupOf(list))).toEqual([
      expect.stringMatching(/assignments\[1500\]\.deadline/),
    ]);
    expect(await snapshot()).toEqual(before);
  });

  test('a write that fails half-way rolls back the clears before it: one transaction', async () => {
    await putAssignments(db, [open('dishub')]);
    const before = await snapshot();
    const broken = { ...open('dlh'), tweetId: undefined } as unknown as Assignment;
    await expect(
      replaceAllData(db, {
        assignments: [open('dlh'), broken],
        departments: DEFAULT_DEPARTMENTS,
        programmes: [],
        settings: {},
      }),
    ).rejects.toThrow();
    expect(await snapshot()).toEqual(before);
  });

  test('refused while logged in to a team, changing nothing', async () => {
    await updateSyncState(db, (s) => ({ ...s, actor: createActor() }));
    const item = createAssignment();
    await putAssignments(db, [item]);
    await rejects(
      replaceAllData(db, { assignments: [], departments: [], programmes: [], settings: {} }),
      'bad-request',
      /log out of the team first/,
    );
    expect(await getAssignment(db, item.tweetId)).toEqual(item);
  });
});
