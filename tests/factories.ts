/** Test data: a valid object with overrides, so each test states only what matters. Ids are
 * unique and above 2^53, departments come from the default directory. */
import { assign, MAX_TEXT_LENGTH } from '../utils/domain/assignment-ops';
import { DEFAULT_DEPARTMENTS } from '../utils/domain/departments';
import type { SeenReply } from '../utils/domain/types';
import type { Assignment, Department, Post, Programme } from '../utils/domain/types';
import type { SyncStatus } from '../utils/domain/sync-state';
import type { PullResponse } from '../utils/domain/sync-protocol';
import type { Actor } from '../utils/domain/actor';
import type { DurationUnits } from '../utils/domain/sla';

let nextId = 1_900_000_000_000_000_000n;

/** A fresh id above 2^53, as X's are. */
export function createTweetId(): string {
  nextId += 1n;
  return nextId.toString();
}

export function createPost(overrides: Partial<Post> = {}): Post {
  const id = overrides.id ?? createTweetId();
  return {
    id,
    authorHandle: 'warga_bdg',
    authorName: 'Warga Bandung',
    text: 'Jalan rusak parah di Jl. Soekarno-Hatta, mohon diperbaiki @pemkot_kotaraya',
    createdAt: '2025-03-10T01:00:00.000Z',
    url: `https://x.com/warga_bdg/status/${id}`,
    repostedBy: null,
    focused: false,
    replyTo: [],
    promoted: false,
    ...overrides,
  };
}

/**
 * A post of the most bytes an item's text may take: MAX_TEXT_LENGTH characters, each three
 * bytes in UTF-8 (Javanese script).
 */
export function createLargestPost(overrides: Partial<Post> = {}): Post {
  const words = 'ꦢꦭꦤ꧀ꦫꦸꦱꦏ꧀ꦥꦫꦃ ';
  return createPost({
    text: words.repeat(MAX_TEXT_LENGTH / words.length + 1).slice(0, MAX_TEXT_LENGTH),
    ...overrides,
  });
}

export function createDepartment(overrides: Partial<Department> = {}): Department {
  return { ...DEFAULT_DEPARTMENTS[0]!, ...overrides };
}

/** An open assignment made at `assignedAt` to `departmentId` (default: the first department). */
export function createAssignment(
  overrides: Partial<Assignment> & { assignedAt?: string } = {},
): Assignment {
  const dept =
    DEFAULT_DEPARTMENTS.find((d) => d.id === overrides.departmentId) ?? createDepartment();
  const at = overrides.assignedAt ?? '2025-03-10T02:00:00.000Z';
  const post = createPost(overrides.tweetId ? { id: overrides.tweetId } : {});
  return { ...assign(undefined, post, dept, 'tester', at), ...overrides };
}

/** A reply seen on a conversation page: by default an hour after `createPost`'s time. */
export function createReply(overrides: Partial<SeenReply> = {}): SeenReply {
  return {
    id: createTweetId(),
    authorHandle: 'dinas_pu_kota',
    createdAt: '2025-03-10T03:00:00.000Z',
    ...overrides,
  };
}

/** A valid, active programme with a unique id. */
export function createProgramme(overrides: Partial<Programme> = {}): Programme {
  const n = (nextId += 1n).toString().slice(-6);
  return {
    id: `program-${n}`,
    name: `Program ${n}`,
    keywords: ['program contoh'],
    active: true,
    ...overrides,
  };
}

/** A team member as the sync server knows them (a triage officer by default). */
export function createActor(overrides: Partial<Actor> = {}): Actor {
  return { username: 'siti', role: 'triage', departmentId: '', ...overrides };
}

/** What options' status shows of team sync: logged out, nothing waiting, by default. */
export function createSyncStatus(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    loggedIn: false,
    serverUrl: '',
    username: '',
    role: '',
    departmentId: '',
    team: null,
    lastSyncAt: null,
    waiting: 0,
    lastError: null,
    refusals: [],
    quarantined: [],
    itemsHere: 0,
    ...overrides,
  };
}

/** The English duration units, as the locale file words them. */
export const englishDurationUnits: DurationUnits = {
  day: { one: 'day', other: 'days', short: 'd' },
  hour: { one: 'hour', other: 'hours', short: 'h' },
  minute: { one: 'minute', other: 'minutes', short: 'min' },
  lessThanMinute: 'less than a minute',
  lessThanMinuteShort: '< 1 min',
};

/** A pull answer with nothing in it, at cursor 10 of epoch `e1`, and what `overrides` says. */
export function createPulledPage(overrides: Partial<PullResponse> = {}): PullResponse {
  return {
    cursor: 10,
    lastMutationId: 0,
    assignments: [],
    removedAssignmentIds: [],
    directory: null,
    settings: null,
    mentions: [],
    more: false,
    epoch: 'e1',
    reset: false,
    ...overrides,
  };
}
