/**
 * What the page knows from the background, shared by the features: the directory, the
 * programmes, the settings and the assignments of the posts it shows. It follows the change
 * broadcasts and tells the features what changed.
 *
 * The page holds the assignments of the last days' posts (getRecentAssignments), so a new post
 * is annotated in the task that brought it. The assignments of older posts are asked of the
 * background, in one message per MAX_BATCH_IDS posts, and kept in a cache trimmed to stay small.
 * It also holds the ids of the mentions dismissed as not a complaint, asked again whenever the
 * intake changes, so a dismissed mention is shown neither waiting nor urgent; whether each
 * post read is a citizen's mention under the watched accounts (`isIntakePost`), decided once per
 * post read for every feature that asks; and who acts here (the signed-in officer, whose rights
 * decide which controls a post shows): no post is annotated before it is known.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Actor } from '../../utils/domain/actor';
import { assignmentOnPage } from '../../utils/domain/annotation-view';
import { chunks } from '../../utils/domain/chunks';
import { isIntakePost } from '../../utils/domain/intake';
import type { Settings } from '../../utils/domain/settings';
import { isAtOrAfter } from '../../utils/domain/tweet-time';
import type {
  Assignment,
  AssignmentOnPage,
  Department,
  Post,
  Programme,
} from '../../utils/domain/types';
import { setLanguage } from '../../utils/i18n/i18n';
import { watchActor } from '../../utils/messaging/actor';
import { MAX_BATCH_IDS } from '../../utils/messaging/protocol';
import { onBroadcast, sendToBackground } from '../../utils/messaging/transport';
import type { PageChange } from './features/feature';

/** Assignments of older posts by id; `null` = known to be unassigned. Trimmed to stay small. */
const CACHE_LIMIT = 1000;

export function createPageData(
  ctx: ContentScriptContext,
  {
    onChange,
    onError,
  }: { onChange: (change: PageChange) => void; onError: (error: unknown) => void },
) {
  let departmentList: readonly Department[] = [];
  let departmentsById = new Map<string, Department>();
  let programmeList: readonly Programme[] = [];
  let settings: Settings | undefined;
  const assignments = new Map<string, AssignmentOnPage | null>();
  /** Every assignment of a post from `recentSince` on; a post of those not here is unassigned. */
  const recent = new Map<string, AssignmentOnPage>();
  let recentSince: string | undefined;
  let dismissed = new Set<string>();
  /** Each post read (a reader's object), whether it is a mention under `settings`' watched accounts. */
  let intakeOf = new WeakMap<Post, boolean>();
  let actor: Actor | null = null;
  let stopWatchingActor = () => {};

  function setDepartments(list: readonly Department[]) {
    departmentList = list;
    departmentsById = new Map(list.map((d) => [d.id, d]));
  }

  function applySettings(next: Settings) {
    if (next.watchedHandles.join(' ') !== settings?.watchedHandles.join(' ')) {
      intakeOf = new WeakMap();
    }
    settings = next;
    setLanguage(next.language);
  }

  const departmentsReady = sendToBackground('listDepartments', {})
    .then(setDepartments)
    .catch(onError);
  // Words and urgency follow the settings: nothing is shown before they are known.
  const settingsReady = sendToBackground('getSettings', {}).then(applySettings).catch(onError);
  const programmesReady = sendToBackground('listProgrammes', {})
    .then((list) => {
      programmeList = list;
      onChange({ kind: 'programmes' });
    })
    .catch(onError);
  const actorReady = new Promise<void>((ready) => {
    let known = false;
    stopWatchingActor = watchActor((next) => {
      actor = next;
      if (known) onChange({ kind: 'actor' });
      known = true;
      ready();
    }, onError);
  });
  void loadRecent();
  void loadDismissed();

  /** Learns the dismissed mentions; tells the features only when the set changed. */
  async function loadDismissed() {
    try {
      const next = new Set(await sendToBackground('listDismissedMentions', {}));
      const same = next.size === dismissed.size && [...next].every((id) => dismissed.has(id));
      dismissed = next;
      if (!same) onChange({ kind: 'dismissals' });
    } catch (error) {
      onError(error);
    }
  }

  /** Whether `post` is a citizen's mention of a watched account: the same answer for every feature. */
  function isIntake(post: Post): boolean {
    let answer = intakeOf.get(post);
    if (answer === undefined) {
      answer = isIntakePost(post, settings?.watchedHandles ?? []);
      intakeOf.set(post, answer);
    }
    return answer;
  }

  function isRecent(id: string): boolean {
    return recentSince !== undefined && isAtOrAfter(id, recentSince);
  }

  /** The post's assignment; `null` when it has none; `undefined` when the background must say. */
  function known(id: string): AssignmentOnPage | null | undefined {
    if (isRecent(id)) return recent.get(id) ?? null;
    return assignments.get(id);
  }

  function remember(id: string, assignment: AssignmentOnPage | null) {
    const kept = assignment && assignmentOnPage(assignment);
    if (!isRecent(id)) {
      assignments.set(id, kept);
      return;
    }
    const listed = recent.get(id);
    if (kept && (!listed || kept.updatedAt >= listed.updatedAt)) recent.set(id, kept);
  }

  async function loadRecent() {
    try {
      const [answer] = await Promise.all([
        sendToBackground('getRecentAssignments', {}),
        departmentsReady,
        settingsReady,
        actorReady,
      ]);
      recent.clear();
      for (const a of answer.assignments) recent.set(a.tweetId, a);
      recentSince = answer.sinceId;
      // A change broadcast while the answer was on its way is newer than the answer.
      for (const [id, cached] of assignments) {
        if (!isRecent(id)) continue;
        assignments.delete(id);
        remember(id, cached);
      }
    } catch (error) {
      onError(error);
    }
  }

  /**
   * The background's answer for each of `ids` (`null`: not assigned), asked in requests within
   * its limit, all sent at once. The ids of a request that failed have no answer.
   */
  async function ask(ids: readonly string[]): Promise<Map<string, Assignment | null>> {
    const answers = await Promise.all(
      chunks([...ids], MAX_BATCH_IDS).map(async (part) => {
        try {
          const found = await sendToBackground('getAssignments', { ids: part });
          return part.map((id): [string, Assignment | null] => [id, found[id] ?? null]);
        } catch (error) {
          onError(error);
          return [];
        }
      }),
    );
    return new Map(answers.flat());
  }

  /** Asks the background for the assignments of `ids`; the ids it answered for. */
  async function fetchAssignments(ids: readonly string[]): Promise<Set<string>> {
    const [answered] = await Promise.all([ask(ids), departmentsReady, settingsReady, actorReady]);
    for (const [id, assignment] of answered) remember(id, assignment);
    return new Set(answered.keys());
  }

  /** Keeps the cache of older posts small, forgetting first what is not shown (`shown()`). */
  function trimCache(shown: () => Set<string>) {
    if (assignments.size <= CACHE_LIMIT) return;
    const keep = shown();
    for (const id of assignments.keys()) {
      if (assignments.size <= CACHE_LIMIT / 2) break;
      if (!keep.has(id)) assignments.delete(id);
    }
  }

  /** Assignments changed here or elsewhere: each with what the page knew of it before. */
  function applyAssignments(changed: readonly Assignment[]) {
    const changes = changed.map((after) => {
      const before = known(after.tweetId);
      remember(after.tweetId, after);
      return { before, after };
    });
    onChange({ kind: 'assignments', changes });
  }

  /** A restore replaced every assignment: forget them all, learn the recent ones again. */
  async function reloadAssignments() {
    assignments.clear();
    recent.clear();
    recentSince = undefined;
    await loadRecent();
    onChange({ kind: 'replaced' });
  }

  const stops = [
    onBroadcast('assignmentsChanged', ({ assignments: changed }) => applyAssignments(changed)),
    onBroadcast('departmentsChanged', ({ departments: list }) => {
      setDepartments(list);
      onChange({ kind: 'departments' });
    }),
    onBroadcast('programmesChanged', ({ programmes: list }) => {
      programmeList = list;
      onChange({ kind: 'programmes' });
    }),
    onBroadcast('settingsChanged', ({ settings: next }) => {
      applySettings(next);
      onChange({ kind: 'settings' });
    }),
    onBroadcast('dataReplaced', () => void reloadAssignments()),
    onBroadcast('intakeChanged', () => void loadDismissed()),
    () => stopWatchingActor(),
  ];
  ctx.onInvalidated(() => {
    for (const stop of stops) stop();
  });

  return {
    departmentsReady,
    settingsReady,
    programmesReady,
    departments: () => departmentList,
    department: (id: string) => departmentsById.get(id),
    programmes: () => programmeList,
    settings: () => settings,
    /** Who acts here; null while this browser works alone. */
    actor: () => actor,
    isRecent,
    known,
    /** Whether the post is a mention dismissed as not a complaint. */
    isDismissed: (id: string) => dismissed.has(id),
    isIntake,
    fetchAssignments,
    trimCache,
    applyAssignments,
  };
}

export type PageData = ReturnType<typeof createPageData>;
