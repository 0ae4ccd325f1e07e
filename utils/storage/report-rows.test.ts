import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createActor, createAssignment, createPost, createPulledPage } from '../../tests/factories';
import { assign } from '../domain/assignment-ops';
import { DEFAULT_DEPARTMENTS } from '../domain/departments';
import { reportDayOf, reportRowOf } from '../domain/report-row';
import type { Assignment } from '../domain/types';
import { putAssignments } from './assignments';
import { replaceAllData } from './backup';
import { seedDepartments } from './departments';
import { applyPulledPage } from './pull';
import { listItemsPosted } from './report';
import { rowsOfDays } from './report-day';
import { writeReportRows } from './report-rows';
import { openTanggapDb, type TanggapDb } from './schema';
import { CHANGE_AT, commitAs, logIn } from './team-test-helpers';

let db: TanggapDb;
let n = 0;
beforeEach(async () => {
  db = await openTanggapDb(`report-rows-${++n}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
});
afterEach(() => db.close());

const commit = (name: string, args: unknown) => commitAs(db, name, args);

/** The rows the report's store holds, each day's under its own day, by post id. */
async function storedRows() {
  const days = await db.getAll('report-days');
  for (const day of days) {
    const rows = rowsOfDays([day]);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map(reportDayOf))).toEqual(new Set([day.day]));
  }
  return rowsOfDays(days).sort((a, b) => (a.tweetId < b.tweetId ? -1 : 1));
}

/** The report's store holds exactly the rows of the stored items whose post has a time. */
async function expectInStep(count: number) {
  const items = await db.getAll('assignments');
  const rows = await storedRows();
  expect(rows).toEqual(items.map(reportRowOf).filter((r) => reportDayOf(r) !== ''));
  expect(rows).toHaveLength(count);
}

/** A database of version 6 holding `items`, closed, then opened at this version. */
async function upgradedFromVersion6(items: unknown[]): Promise<TanggapDb> {
  db.close();
  const name = `report-rows-upgrade-${++n}`;
  const old = await openDB(name, 6, {
    upgrade(v6) {
      const store = v6.createObjectStore('assignments', { keyPath: 'tweetId' });
      store.createIndex('by-postCreatedAt', 'post.createdAt');
    },
  });
  const tx = old.transaction('assignments', 'readwrite');
  await Promise.all([...items.map((a) => tx.store.put(a as Assignment)), tx.done]);
  old.close();
  return openTanggapDb(name);
}

/** A database of version 7 holding `items` and their rows, closed, then opened at this version. */
async function upgradedFromVersion7(items: Assignment[], rows: unknown[]): Promise<TanggapDb> {
  db.close();
  const name = `report-rows-upgrade-${++n}`;
  const old = await openDB(name, 7, {
    upgrade(v7) {
      v7.createObjectStore('assignments', { keyPath: 'tweetId' });
      v7.createObjectStore('report-rows', { keyPath: 'tweetId' }).createIndex(
        'by-postCreatedAt',
        'post.createdAt',
      );
    },
  });
  const tx = old.transaction(['assignments', 'report-rows'], 'readwrite');
  await Promise.all([
    ...items.map((a) => tx.objectStore('assignments').put(a)),
    ...rows.map((r) => tx.objectStore('report-rows').put(r)),
    tx.done,
  ]);
  old.close();
  return openTanggapDb(name);
}

describe('the report’s rows stay in step with the items', () => {
  test('through every local change and an import', async () => {
    const [a, b, c] = [1, 2, 3].map((h) =>
      createPost({ createdAt: `2025-03-10T0${h}:00:00.000Z` }),
    );
    for (const post of [a!, b!, c!]) await commit('assignPost', { post, departmentId: 'dlh' });
    await expectInStep(3);
    const steps: [string, unknown][] = [
      ['setStatus', { tweetId: a!.id, status: 'responded' }],
      ['resolve', { tweetId: a!.id, reason: 'handled' }],
      ['reopen', { tweetId: a!.id }],
      ['addNote', { tweetId: a!.id, text: 'Petugas ke lokasi' }],
      ['assignPost', { post: b, departmentId: 'dsdabm' }],
      ['resolve', { tweetId: b!.id, reason: 'not-our-remit', targetDepartmentId: 'dishub' }],
      ['unassign', { tweetId: c!.id }],
    ];
    for (const [name, args] of steps) {
      await commit(name, args);
      await expectInStep(3);
    }
    const d = createPost();
    await commit('assignPost', { post: d, departmentId: 'dlh' });
    await commit('undoAssign', {
      tweetId: d.id,
      undoes: CHANGE_AT,
      previous: {
        departmentId: '',
        status: 'unassigned',
        assignedAt: '',
        assignedBy: '',
        deadline: '',
        respondedAt: '',
        respondedBy: '',
        responseId: '',
        resolvedAt: '',
        closureReason: '',
      },
    });
    await expectInStep(4);

    // An import: new items, and one replacing a stored item.
    const stored = (await db.get('assignments', a!.id))!;
    await putAssignments(db, [
      createAssignment(),
      { ...stored, status: 'resolved', resolvedAt: CHANGE_AT },
    ]);
    await expectInStep(5);
  });

  test('an item whose post time moves to another day leaves the old day', async () => {
    const a = createAssignment({
      post: createPost({ createdAt: '2025-03-10T17:30:00.000Z' }),
    } as Partial<Assignment>);
    const b = createAssignment({
      post: createPost({ createdAt: '2025-03-10T10:00:00.000Z' }),
    } as Partial<Assignment>);
    await putAssignments(db, [a, b]);
    expect(await db.getAllKeys('report-days')).toEqual(['2025-03-10', '2025-03-11']);
    // 17:00 UTC is midnight in Jakarta: a's post moves to the 12th, b stays alone on the 10th.
    await putAssignments(db, [
      { ...a, post: { ...a.post, createdAt: '2025-03-11T17:00:00.000Z' } },
    ]);
    expect(await db.getAllKeys('report-days')).toEqual(['2025-03-10', '2025-03-12']);
    await expectInStep(2);
  });

  test('an item whose post has no time is in no day, and joins one once it has', async () => {
    const a = createAssignment({ post: createPost({ createdAt: '' }) } as Partial<Assignment>);
    await putAssignments(db, [a]);
    expect(await db.getAllKeys('report-days')).toEqual([]);
    const dated = { ...a, post: { ...a.post, createdAt: '2025-03-10T10:00:00.000Z' } };
    await putAssignments(db, [dated]);
    expect(await db.getAllKeys('report-days')).toEqual(['2025-03-10']);
    await expectInStep(1);
    await putAssignments(db, [{ ...dated, post: { ...dated.post, createdAt: '' } }]);
    expect(await db.getAllKeys('report-days')).toEqual([]);
    await expectInStep(0);
  });

  test('writes of one day in one transaction all land, however many calls make them', async () => {
    const items = [1, 2, 3].map((h) =>
      createAssignment({
        post: createPost({ createdAt: `2025-03-10T0${h}:00:00.000Z` }),
      } as Partial<Assignment>),
    );
    const tx = db.transaction(['report-days'], 'readwrite');
    await Promise.all([
      writeReportRows(tx, [[undefined, items[0]!]]),
      writeReportRows(tx, [
        [undefined, items[1]!],
        [undefined, items[2]!],
      ]),
      tx.done,
    ]);
    expect((await storedRows()).map((r) => r.tweetId).sort()).toEqual(
      items.map((a) => a.tweetId).sort(),
    );
  });

  test('a write that fails changes neither', async () => {
    await putAssignments(db, [createAssignment()]);
    const bad = { ...createAssignment(), tweetId: undefined } as unknown as Assignment;
    await expect(putAssignments(db, [createAssignment(), bad])).rejects.toThrow();
    await expectInStep(1);
  });

  test('in a team: a change with its outbox entry, a pulled page, and a login’s replace', async () => {
    await logIn(db, createActor({ username: 'sari', role: 'triage' }));
    const [kept, removed] = [createAssignment(), createAssignment()];
    await putAssignments(db, [kept, removed]);
    const post = createPost();
    await commit('assignPost', { post, departmentId: 'dlh' });
    await expectInStep(3);

    const pulled = { ...kept, departmentId: 'dishub', history: [...kept.history] };
    await applyPulledPage(
      db,
      createPulledPage({
        assignments: [pulled, createAssignment()],
        removedAssignmentIds: [removed.tweetId],
      }),
      { replace: false, atIso: CHANGE_AT },
    );
    // The waiting assignment stays on top of the page.
    await expectInStep(3);

    const team = [createAssignment(), createAssignment()];
    await applyPulledPage(db, createPulledPage({ cursor: 11, assignments: team }), {
      replace: true,
      atIso: CHANGE_AT,
    });
    // The team's two, and this browser's change still waiting for the server.
    await expectInStep(3);
  });

  test('through a restore, which replaces them all', async () => {
    await putAssignments(db, [createAssignment(), createAssignment()]);
    await replaceAllData(db, {
      assignments: [createAssignment()],
      departments: DEFAULT_DEPARTMENTS,
      programmes: [],
      settings: {},
    });
    await expectInStep(1);
  });

  test('an older browser’s items get their rows when it opens the new version', async () => {
    const items = Array.from({ length: 1200 }, (_, i) => {
      const createdAt = new Date(Date.parse('2025-03-01T00:00:00.000Z') + i * 60_000).toISOString();
      return assign(
        undefined,
        createPost({ createdAt }),
        DEFAULT_DEPARTMENTS[0]!,
        'triage',
        createdAt,
      );
    });
    db = await upgradedFromVersion6(items);
    await expectInStep(items.length);
    const firstHour = await listItemsPosted(
      db,
      '2025-03-01T00:00:00.000Z',
      '2025-03-01T01:00:00.000Z',
    );
    expect(firstHour).toHaveLength(60);
  });

  test('a version 7 browser’s rows move to their days, and the rows’ store goes', async () => {
    const items = Array.from({ length: 80 }, (_, i) =>
      assign(
        undefined,
        createPost({
          createdAt: new Date(Date.parse('2025-03-01T00:00:00.000Z') + i * 3_600_000).toISOString(),
        }),
        DEFAULT_DEPARTMENTS[i % 3]!,
        'triage',
        '2025-03-05T00:00:00.000Z',
      ),
    );
    // A row whose post time is no time: no period holds it, so no day keeps it.
    const timeless = {
      ...reportRowOf(items[0]!),
      tweetId: '7',
      post: { ...items[0]!.post, createdAt: '2025-99' },
    };
    db = await upgradedFromVersion7(items, [...items.map(reportRowOf), timeless]);
    expect(db.objectStoreNames.contains('report-rows')).toBe(false);
    // 80 hours from 07:00 in Jakarta on the 1st: the 1st to the 4th.
    expect(await db.getAllKeys('report-days')).toEqual([
      '2025-03-01',
      '2025-03-02',
      '2025-03-03',
      '2025-03-04',
    ]);
    await expectInStep(items.length);
    const month = await listItemsPosted(db, '2025-02-28T17:00:00.000Z', '2025-03-31T17:00:00.000Z');
    expect(month.map((r) => r.tweetId)).toEqual(items.map((a) => a.tweetId));
  });

  test('an item the report cannot read is left out; the upgrade and the others go on', async () => {
    const good = assign(
      undefined,
      createPost(),
      DEFAULT_DEPARTMENTS[0]!,
      'triage',
      '2025-03-01T00:00:00.000Z',
    );
    const broken = {
      ...assign(
        undefined,
        createPost(),
        DEFAULT_DEPARTMENTS[0]!,
        'triage',
        '2025-03-01T00:00:00.000Z',
      ),
      history: null,
    };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});

    db = await upgradedFromVersion6([good, broken]);
    expect(await storedRows()).toEqual([reportRowOf(good)]);
    expect(logged).toHaveBeenCalledWith('Tanggap: items left out of the report', 1);
    logged.mockRestore();
    // Written again whole, it joins the report.
    const mended = { ...broken, history: good.history };
    const tx = db.transaction(['report-days'], 'readwrite');
    await Promise.all([writeReportRows(tx, [[broken as unknown as Assignment, mended]]), tx.done]);
    expect(new Set(await storedRows())).toEqual(new Set([good, mended].map(reportRowOf)));
  });
});
