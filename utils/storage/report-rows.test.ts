import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createActor, createAssignment, createPost, createPulledPage } from '../../tests/factories';
import { assign } from '../domain/assignment-ops';
import { DEFAULT_DEPARTMENTS } from '../domain/departments';
import { reportRowOf } from '../domain/report-row';
import type { Assignment } from '../domain/types';
import { putAssignments } from './assignments';
import { replaceAllData } from './backup';
import { seedDepartments } from './departments';
import { applyPulledPage } from './pull';
import { listItemsPosted } from './report';
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

/** The report's store holds exactly the rows of the items stored, no more, no fewer. */
async function expectInStep(count: number) {
  const [items, rows] = await Promise.all([db.getAll('assignments'), db.getAll('report-rows')]);
  expect(items).toHaveLength(count);
  expect(rows).toEqual(items.map(reportRowOf));
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
    expect(await db.getAll('report-rows')).toEqual([reportRowOf(good)]);
    expect(logged).toHaveBeenCalledWith('Tanggap: items left out of the report', 1);
    logged.mockRestore();
  });
});
