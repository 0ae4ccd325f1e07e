/**
 * What a pulled page makes of this browser's items, directory and team settings, with the
 * outbox entries still waiting re-applied on top. Pure: the storage reads what this needs,
 * asks here, and writes the answer in the same transaction.
 */
import {
  applyMutation,
  mentionsNeeded,
  parseMutation,
  sortDirectory,
  targetOf,
  usageNeeded,
  type Mutation,
  type MutationEffect,
  type MutationState,
} from './sync-mutations';
import type { Mention } from './mentions';
import type { TeamSettings } from './settings';
import type { PullResponse } from './sync-protocol';
import type { OutboxEntry, SyncState } from './sync-state';
import type { Assignment, Department } from './types';

/** The mutation an entry holds; null when it no longer parses (left for the server). */
export function parseOutboxEntry(entry: OutboxEntry): Mutation | null {
  try {
    return parseMutation(entry.name, entry.args);
  } catch {
    return null;
  }
}

export interface RebaseInput {
  page: Pick<
    PullResponse,
    'assignments' | 'removedAssignmentIds' | 'directory' | 'settings' | 'mentions'
  >;
  /** The first pull of a login: the page's items and directory replace this browser's. */
  replace: boolean;
  /** The outbox entries above the page's `lastMutationId`, in id order. */
  pending: readonly OutboxEntry[];
  sync: Pick<SyncState, 'actor' | 'pushedUpTo'>;
  /** Without `replace`: each item the page holds or removes, as stored (none: not stored). */
  stored: ReadonlyMap<string, Assignment | undefined>;
  directory: readonly Department[];
  settings: TeamSettings;
  /**
   * Without `replace`: how many stored items use each department `departmentsToCount` names
   * (after a replace nothing stored counts).
   */
  storedUsing: ReadonlyMap<string, number>;
  /** Without `replace`: the received mentions `mentionsToRead` names, those stored. */
  storedMentions: ReadonlyMap<string, Mention>;
}

export interface ItemRebased {
  /** As stored (none after a replace, which empties the store). */
  before: Assignment | undefined;
  /** As it is to be stored; none: removed. */
  after: Assignment | undefined;
}

export interface Rebased {
  /** Each item the page or an entry touched, in the order they were first touched. */
  items: Map<string, ItemRebased>;
  /** The whole directory, when the page or an entry changed it. */
  directory: Department[] | null;
  /** The team's settings, when the page or an entry changed them. */
  settings: TeamSettings | null;
  /** Each received mention the page or an entry brought, as it is to be stored. */
  mentions: Map<string, Mention>;
}

/** The received mentions `rebaseOutbox` reads as stored: the page's, and the waiting entries'. */
export function mentionsToRead(
  page: Pick<PullResponse, 'mentions'>,
  pending: readonly OutboxEntry[],
): string[] {
  const ids = new Set(page.mentions.map((m) => m.tweetId));
  for (const entry of pending) {
    const m = parseOutboxEntry(entry);
    if (m) for (const id of mentionsNeeded(m)) ids.add(id);
  }
  return [...ids];
}

/**
 * The departments whose stored items `rebaseOutbox` may have to count: a waiting removal or
 * import may drop any of the directory it starts from or one a waiting entry names. None
 * when no entry removes or imports.
 */
export function departmentsToCount(
  pending: readonly OutboxEntry[],
  directory: readonly Department[],
): string[] {
  const mutations = pending.map(parseOutboxEntry).filter((m) => m !== null);
  const drops = mutations.some(
    (m) => m.name === 'removeDepartment' || m.name === 'importDirectory',
  );
  if (!drops) return [];
  const ids = new Set(directory.map((d) => d.id));
  for (const m of mutations) {
    if (m.name === 'removeDepartment') ids.add(m.args.id);
    if (m.name === 'saveDepartment') ids.add(m.args.department.id);
    if (m.name === 'importDirectory') for (const d of m.args.departments) ids.add(d.id);
  }
  return [...ids];
}

/**
 * The pulled items, removed items, directory and team settings (`replace`: the first pull of
 * a login, which makes this browser's items and directory the team's); then the waiting
 * entries that touch them, re-applied on top in id order with their own time and author:
 * those not yet pushed, and after a replace those pushed whose item is still to come, so a
 * change already confirmed by a push never shows undone while the pull goes on. One that no
 * longer applies is skipped, left for the server to refuse.
 */
export function rebaseOutbox(input: RebaseInput): Rebased {
  const { page, replace, sync } = input;
  // Items: before (as stored, for the open counters) and after (none: deleted).
  const before = new Map<string, Assignment | undefined>();
  const after = new Map<string, Assignment | undefined>();
  if (!replace) {
    for (const id of [...page.assignments.map((a) => a.tweetId), ...page.removedAssignmentIds]) {
      before.set(id, input.stored.get(id));
    }
  }
  for (const id of page.removedAssignmentIds) after.set(id, undefined);
  for (const a of page.assignments) after.set(a.tweetId, a);
  const pulled = new Set(after.keys());
  // Received mentions: as the page brings them, then with the waiting entries on top.
  const mentions = new Map(page.mentions.map((m) => [m.tweetId, m]));
  const pulledMentions = new Set(mentions.keys());

  let directory = sortDirectory(page.directory ?? input.directory);
  let team = page.settings ?? input.settings;
  let directoryChanged = page.directory !== null;
  let settingsChanged = page.settings !== null;
  for (const entry of input.pending) {
    const m = parseOutboxEntry(entry);
    if (!m) continue;
    const target = targetOf(m);
    const mentionIds = mentionsNeeded(m);
    // An entry a push answered is in the server's current rows, which a page holds whole
    // (an item's row, the live directory, the settings): applying it again would apply it
    // twice. It is re-applied only after a replace, to an item still to come in a later page.
    const answered = entry.id <= sync.pushedUpTo;
    const touches =
      mentionIds.length > 0
        ? answered
          ? replace && mentionIds.some((id) => !pulledMentions.has(id))
          : replace || mentionIds.some((id) => mentions.has(id))
        : answered
          ? replace && target !== undefined && !pulled.has(target)
          : replace ||
            (target !== undefined
              ? after.has(target)
              : m.name === 'saveTeamSettings'
                ? settingsChanged
                : directoryChanged);
    if (!touches) continue;
    if (target !== undefined && !after.has(target)) {
      // Only after a replace: the store is empty now, so the item is the entries' to make.
      before.set(target, undefined);
      after.set(target, undefined);
    }
    // What is stored counts (nothing after a replace), with `after` in place of `before`.
    const using = (id: string, list: Iterable<Assignment | undefined>) =>
      [...list].filter((a) => a?.departmentId === id).length;
    const stored = (id: string) => (replace ? 0 : (input.storedUsing.get(id) ?? 0));
    const state: MutationState = {
      assignment: target === undefined ? undefined : after.get(target),
      departments: directory,
      settings: team,
      itemsUsing: new Map(
        usageNeeded(m, directory).map((id) => [
          id,
          stored(id) - using(id, before.values()) + using(id, after.values()),
        ]),
      ),
      mentions: new Map(
        mentionIds.flatMap((id) => {
          const known = mentions.get(id) ?? (replace ? undefined : input.storedMentions.get(id));
          return known ? [[id, known] as const] : [];
        }),
      ),
    };
    let effect: MutationEffect;
    try {
      effect = applyMutation(state, m, sync.actor, entry.by, entry.at);
    } catch {
      continue;
    }
    if (effect.assignment) after.set(effect.assignment.tweetId, effect.assignment);
    if (effect.departments) {
      directory = effect.departments;
      directoryChanged = true;
    }
    if (effect.settings) {
      team = effect.settings;
      settingsChanged = true;
    }
    for (const mention of effect.mentions ?? []) mentions.set(mention.tweetId, mention);
  }

  return {
    items: new Map([...after].map(([id, a]) => [id, { before: before.get(id), after: a }])),
    directory: directoryChanged ? directory : null,
    settings: settingsChanged ? team : null,
    mentions,
  };
}
