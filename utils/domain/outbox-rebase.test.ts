import { describe, expect, test } from 'vitest';
import { createActor, createAssignment, createPost } from '../../tests/factories';
import { DEFAULT_DEPARTMENTS } from './departments';
import {
  departmentsToCount,
  parseOutboxEntry,
  rebaseOutbox,
  type RebaseInput,
} from './outbox-rebase';
import { DEFAULT_TEAM_SETTINGS } from './settings';
import type { MutationName } from './sync-mutations';
import type { OutboxEntry } from './sync-state';
import type { Assignment } from './types';

const LATER = '2025-03-10T04:30:00.000Z';
const admin = createActor({ username: 'admin', role: 'admin' });
const budi = createActor({ username: 'budi', role: 'department', departmentId: 'dlh' });

let nextEntryId = 0;
function entry(name: MutationName, args: unknown, by = 'siti', at = LATER): OutboxEntry {
  return { id: ++nextEntryId, name, args, at, by };
}

/** A rebase of `overrides` on an empty page, nothing stored, nothing waiting, as a triage officer. */
function rebase(
  overrides: Omit<Partial<RebaseInput>, 'page'> & { page?: Partial<RebaseInput['page']> },
) {
  return rebaseOutbox({
    replace: false,
    pending: [],
    sync: { actor: createActor(), pushedUpTo: 0 },
    stored: new Map(),
    directory: DEFAULT_DEPARTMENTS,
    settings: DEFAULT_TEAM_SETTINGS,
    storedUsing: new Map(),
    storedMentions: new Map(),
    ...overrides,
    page: {
      assignments: [],
      removedAssignmentIds: [],
      directory: null,
      settings: null,
      mentions: [],
      ...overrides.page,
    },
  });
}

const afterOf = (items: ReturnType<typeof rebase>['items'], id: string) => items.get(id)?.after;

describe('rebaseOutbox', () => {
  test('a waiting change lands on top of the pulled item, with its own time and author', () => {
    const stored = createAssignment({ departmentId: 'dlh' });
    const pulled: Assignment = { ...stored, notes: ['Warga menelepon lagi'] };
    const note = entry('addNote', { tweetId: stored.tweetId, text: 'Petugas ke lokasi' }, 'budi');
    const { items } = rebase({
      page: { assignments: [pulled] },
      pending: [note],
      sync: { actor: budi, pushedUpTo: 0 },
      stored: new Map([[stored.tweetId, stored]]),
    });
    expect(items.get(stored.tweetId)?.before).toEqual(stored);
    const after = afterOf(items, stored.tweetId)!;
    expect(after.notes).toEqual(['Warga menelepon lagi', 'Petugas ke lokasi']);
    expect(after.history.at(-1)).toMatchObject({ by: 'budi', at: LATER });
  });

  test('a waiting change to an item the page does not hold waits: nothing is touched', () => {
    const elsewhere = createAssignment();
    const pulled = createAssignment();
    const { items, directory, settings } = rebase({
      page: { assignments: [pulled] },
      pending: [entry('addNote', { tweetId: elsewhere.tweetId, text: 'x' })],
    });
    expect([...items.keys()]).toEqual([pulled.tweetId]);
    expect(afterOf(items, pulled.tweetId)).toEqual(pulled);
    expect(directory).toBeNull();
    expect(settings).toBeNull();
  });

  test('a change a push answered is not applied again to a page that holds its item', () => {
    const onServer = { ...createAssignment(), notes: ['Sudah dicek'] };
    const note = entry('addNote', { tweetId: onServer.tweetId, text: 'Sudah dicek' });
    const { items } = rebase({
      page: { assignments: [onServer] },
      pending: [note],
      sync: { actor: createActor(), pushedUpTo: note.id },
      stored: new Map([[onServer.tweetId, onServer]]),
    });
    expect(afterOf(items, onServer.tweetId)?.notes).toEqual(['Sudah dicek']);
  });

  test('after a replace, a pushed change whose item is still to come makes it again', () => {
    const post = createPost();
    const assigned = entry('assignPost', { post, departmentId: 'dishub' });
    const other = createAssignment();
    const { items } = rebase({
      replace: true,
      page: { assignments: [other] },
      pending: [assigned],
      sync: { actor: createActor(), pushedUpTo: assigned.id },
    });
    expect([...items.keys()]).toEqual([other.tweetId, post.id]);
    expect(items.get(post.id)?.before).toBeUndefined();
    expect(afterOf(items, post.id)).toMatchObject({ departmentId: 'dishub', assignedBy: 'siti' });
  });

  test('after a replace nothing counts as stored: the pulled item is the only before', () => {
    const mine = createAssignment();
    const { items } = rebase({
      replace: true,
      page: { assignments: [mine] },
      stored: new Map([[mine.tweetId, mine]]),
    });
    expect(items.get(mine.tweetId)).toEqual({ before: undefined, after: mine });
  });

  test('a change that no longer applies is skipped; the ones after it still apply', () => {
    const moved = { ...createAssignment({ departmentId: 'dlh' }), departmentId: 'dishub' };
    const own = createAssignment({ departmentId: 'dlh' });
    const { items } = rebase({
      page: { assignments: [moved, own] },
      pending: [
        entry('setStatus', { tweetId: moved.tweetId, status: 'responded' }, 'budi'),
        entry('setStatus', { tweetId: own.tweetId, status: 'responded' }, 'budi'),
      ],
      sync: { actor: budi, pushedUpTo: 0 },
    });
    expect(afterOf(items, moved.tweetId)).toEqual(moved);
    expect(afterOf(items, own.tweetId)?.status).toBe('responded');
  });

  test('a removed item stays removed under a waiting note; a waiting assign makes it again', () => {
    const gone = createAssignment();
    const post = createPost();
    const { items } = rebase({
      page: { removedAssignmentIds: [gone.tweetId, post.id] },
      pending: [
        entry('addNote', { tweetId: gone.tweetId, text: 'Cek lokasi' }),
        entry('assignPost', { post, departmentId: 'dishub' }),
      ],
      stored: new Map([[gone.tweetId, gone]]),
    });
    expect(items.get(gone.tweetId)).toEqual({ before: gone, after: undefined });
    expect(items.get(post.id)?.before).toBeUndefined();
    expect(afterOf(items, post.id)?.departmentId).toBe('dishub');
  });

  test('a waiting entry that no longer parses is skipped', () => {
    const pulled = createAssignment();
    const broken = entry('addNote', { tweetId: pulled.tweetId });
    const { items } = rebase({ page: { assignments: [pulled] }, pending: [broken] });
    expect(parseOutboxEntry(broken)).toBeNull();
    expect(afterOf(items, pulled.tweetId)).toEqual(pulled);
  });

  test('team settings waiting are re-applied only on a page that brings settings', () => {
    const save = entry('saveTeamSettings', { settings: { dueSoonHours: 3 } }, 'admin');
    const sync = { actor: admin, pushedUpTo: 0 };
    expect(rebase({ pending: [save], sync }).settings).toBeNull();
    const pulled = { ...DEFAULT_TEAM_SETTINGS, dueSoonHours: 2, clockStart: 'post' as const };
    const { settings } = rebase({ page: { settings: pulled }, pending: [save], sync });
    expect(settings).toEqual({ ...pulled, dueSoonHours: 3 });
  });

  test('a directory change waiting is re-applied only on a page that brings the directory', () => {
    const remove = entry('removeDepartment', { id: 'rsud' }, 'admin');
    const sync = { actor: admin, pushedUpTo: 0 };
    expect(rebase({ pending: [remove], sync }).directory).toBeNull();
    const pulled = DEFAULT_DEPARTMENTS.filter((d) => d.id !== 'dinsos');
    const { directory } = rebase({ page: { directory: pulled }, pending: [remove], sync });
    expect(directory?.map((d) => d.id)).toEqual(
      pulled.filter((d) => d.id !== 'rsud').map((d) => d.id),
    );
  });

  test('a waiting removal counts the items as the page leaves them, not as stored', () => {
    const remove = entry('removeDepartment', { id: 'rsud' }, 'admin');
    const sync = { actor: admin, pushedUpTo: 0 };
    const page = { directory: DEFAULT_DEPARTMENTS };
    const storedItem = createAssignment({ departmentId: 'rsud' });
    const ids = (d: ReturnType<typeof rebase>['directory']) => d?.map((x) => x.id);

    // The page moves the one stored item away: nothing uses the department any more.
    const moved = { ...storedItem, departmentId: 'dlh' };
    const freed = rebase({
      page: { ...page, assignments: [moved] },
      pending: [remove],
      sync,
      stored: new Map([[storedItem.tweetId, storedItem]]),
      storedUsing: new Map([['rsud', 1]]),
    });
    expect(ids(freed.directory)).not.toContain('rsud');

    // The page brings an item of it: the removal is refused, the department stays.
    const arrived = createAssignment({ departmentId: 'rsud' });
    const kept = rebase({
      page: { ...page, assignments: [arrived] },
      pending: [remove],
      sync,
      storedUsing: new Map([['rsud', 0]]),
    });
    expect(ids(kept.directory)).toContain('rsud');
  });
});

describe('departmentsToCount', () => {
  const directory = DEFAULT_DEPARTMENTS.slice(0, 2);

  test('none when no waiting entry removes or imports', () => {
    const pending = [
      entry('addNote', { tweetId: createPost().id, text: 'x' }),
      entry('saveDepartment', { department: { ...DEFAULT_DEPARTMENTS[2]!, id: 'baru' } }),
    ];
    expect(departmentsToCount(pending, directory)).toEqual([]);
  });

  test('with a removal: the directory and every department a waiting entry names', () => {
    const pending = [
      entry('saveDepartment', { department: { ...DEFAULT_DEPARTMENTS[2]!, id: 'baru' } }),
      entry('removeDepartment', { id: 'lama' }),
    ];
    expect(departmentsToCount(pending, directory).sort()).toEqual(
      [...directory.map((d) => d.id), 'baru', 'lama'].sort(),
    );
  });
});
