/**
 * Feature `annotate-posts`: every readable post on X gets exactly one annotation, which
 * always shows the post its element holds now.
 *
 * One MutationObserver collects the posts that appeared or changed; at most once per
 * animation frame they are read. The page holds the assignments of the last days' posts
 * (getRecentAssignments, kept current by the change broadcasts), so a new post is annotated
 * in the task that brought it: it is never painted without its annotation, and its author
 * line does not shift a frame later. The assignments of older posts are asked of the
 * background, in one message per batch (per MAX_BATCH_IDS posts of a batch).
 *
 * X re-uses timeline cells and re-renders posts in place, so an element may suddenly hold
 * another post: the annotation follows the element's current post.
 *
 * Seen working on: x.com/notifications/mentions, x.com/home, x.com/search, profiles and
 * conversation pages (tests/e2e run it on the saved pages in tests/fixtures/x).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { annotationView, assignmentOnPage } from '../../utils/domain/annotation-view';
import { errorWords } from '../../utils/i18n/error-words';
import { annotationWords, setLanguage, t } from '../../utils/i18n/i18n';
import { chunks } from '../../utils/domain/chunks';
import { MAX_BATCH_IDS } from '../../utils/messaging/protocol';
import { onBroadcast, sendToBackground } from '../../utils/messaging/transport';
import type { Settings } from '../../utils/domain/settings';
import { DUE_SOON_WINDOW_MS, dueSoonWindow } from '../../utils/domain/sla';
import type {
  Assignment,
  AssignmentOnPage,
  ClosureReason,
  Department,
  Post,
} from '../../utils/domain/types';
import { POST_SELECTOR } from '../../utils/x-page/selectors';
import { findAuthorLine, isPromoted, readPost } from '../../utils/x-page/post';
import { isAtOrAfter } from '../../utils/domain/tweet-time';
import { ANNOTATION_TAG, createAnnotationHost, renderAnnotation } from './annotation-host';
import { startCountdownClock } from './countdown-clock';
import { openDepartmentPicker } from './department-picker';
import type { PageNotice } from './page-notice';
import type { Popovers } from './popovers';
import { readPageTheme } from './page-theme';
import { contentStats } from './content-stats';
import { createResponseDetector } from './detect-responses';
import { openItemActions } from './item-actions-popover';
import { startRoutePosts } from './route-posts';
import { performItemAction } from '../../utils/messaging/item-actions';

/** Assignments of older posts by id; `null` = known to be unassigned. Trimmed to stay small. */
const CACHE_LIMIT = 1000;
/** A page showing this many unreadable posts and no readable one has changed its layout. */
const UNREADABLE_BEFORE_WARNING = 3;

interface AnnotatedPost {
  post: Post;
  postEl: Element;
}

interface PostToFetch extends AnnotatedPost {
  authorLine: Element;
}

export function startAnnotatePosts(
  ctx: ContentScriptContext,
  { notice, popovers }: { notice: PageNotice; popovers: Popovers },
) {
  let words = annotationWords();
  let dueSoonMs = DUE_SOON_WINDOW_MS;
  const assignments = new Map<string, AssignmentOnPage | null>();
  /** Every assignment of a post from `recentSince` on; a post of those not here is unassigned. */
  const recent = new Map<string, AssignmentOnPage>();
  let recentSince: string | undefined;
  let departments = new Map<string, Department>();
  /** What each of our hosts shows. Weak: a host X removed, and its post, are not kept alive. */
  const annotated = new WeakMap<Element, AnnotatedPost>();
  /** Our hosts on the page now, a live list. */
  const hostsOnPage = document.getElementsByTagName(ANNOTATION_TAG);
  const pending = new Set<Element>();
  /** The frame requested for the next batch, if any. */
  let frame: number | undefined;
  let batchedThisFrame = false;
  let theme = readPageTheme();
  let page = newPage();
  const responses = createResponseDetector({ onError: countError });
  const routing = startRoutePosts(ctx, { onChange: () => rerender(), onError: countError });

  const departmentsReady = sendToBackground('listDepartments', {})
    .then(setDepartments)
    .catch(countError);
  // Words and urgency follow the settings: nothing is shown before they are known.
  const settingsReady = sendToBackground('getSettings', {}).then(applySettings).catch(countError);
  void loadRecent();

  function applySettings(settings: Settings) {
    setLanguage(settings.language);
    words = annotationWords();
    dueSoonMs = dueSoonWindow(settings.dueSoonHours);
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
      countError(error);
    }
  }

  function newPage() {
    return { href: location.href, read: 0, unreadable: 0, warned: false };
  }

  function setDepartments(list: Department[]) {
    routing.setDepartments(list);
    departments = new Map(list.map((d) => [d.id, d]));
  }

  function countError(error: unknown) {
    contentStats.errors++;
    if (!ctx.isInvalid) console.debug('Tanggap:', error);
  }

  // --- collecting -------------------------------------------------------------------------

  function collect(node: Node) {
    if (!(node instanceof Element) || node.localName === ANNOTATION_TAG) return;
    if (node.matches(POST_SELECTOR)) pending.add(node);
    for (const postEl of node.querySelectorAll(POST_SELECTOR)) pending.add(postEl);
  }

  function isOurs(nodes: NodeList) {
    for (const node of nodes) if ((node as Element).localName !== ANNOTATION_TAG) return false;
    return true;
  }

  function onMutations(records: MutationRecord[]) {
    try {
      for (const record of records) {
        if (record.type === 'childList') {
          // Our own insertions and removals are not news.
          if (isOurs(record.addedNodes) && isOurs(record.removedNodes)) continue;
          for (const node of record.addedNodes) collect(node);
        }
        const target =
          record.target instanceof Element ? record.target : record.target.parentElement;
        const postEl = target?.closest(POST_SELECTOR);
        if (postEl) pending.add(postEl);
      }
      if (pending.size) scheduleBatch();
    } catch (error) {
      countError(error);
    }
  }

  // At most one batch per animation frame. The first change of a frame is read at once, so
  // the background's answer can be painted in the next frame; later changes of the same
  // frame wait for the next one.
  function scheduleBatch() {
    if (batchedThisFrame) requestFrame();
    else runBatch();
  }

  function runBatch() {
    batchedThisFrame = true;
    requestFrame();
    processPending();
  }

  // Plain requestAnimationFrame: WXT's ctx.requestAnimationFrame adds an abort listener per
  // call that stays until the page goes, one per frame with changes. The one pending frame is
  // cancelled by the invalidation handler below instead.
  function requestFrame() {
    if (frame !== undefined) return;
    frame = requestAnimationFrame(onFrame);
  }

  function onFrame() {
    frame = undefined;
    if (ctx.isInvalid) return;
    batchedThisFrame = false;
    if (pending.size) runBatch();
  }

  // --- reading and rendering --------------------------------------------------------------

  function processPending() {
    // X changes pages without reloading, and every change of page mutates the DOM: noticing it
    // here needs no polling (WXT's location watcher polls where the Navigation API is missing).
    if (location.href !== page.href) {
      page = newPage();
      popovers.close({ restoreFocus: false });
    }
    const batch = [...pending];
    pending.clear();
    theme = readPageTheme();
    const toFetch: PostToFetch[] = [];
    const read: Post[] = [];
    for (const postEl of batch) {
      try {
        annotate(postEl, toFetch, read);
      } catch (error) {
        countError(error);
      }
    }
    if (read.length) routing.report(read);
    if (read.length) {
      const href = page.href;
      const report = () => responses.report(read, href, [...departments.values()]);
      void departmentsReady.then(report);
    }
    if (toFetch.length) void fetchThenRender(toFetch);
    warnIfLayoutChanged();
  }

  function annotate(postEl: Element, toFetch: PostToFetch[], read: Post[]) {
    if (!postEl.isConnected) return;
    const hosts = ownHosts(postEl);
    if (isPromoted(postEl)) {
      removeHosts(hosts, 0);
      contentStats.promoted++;
      return;
    }
    const post = readPost(postEl, location.href);
    const authorLine = post && findAuthorLine(postEl);
    if (!post || !authorLine) {
      removeHosts(hosts, 0);
      page.unreadable++;
      contentStats.unreadable++;
      return;
    }
    page.read++;
    contentStats.read++;
    read.push(post);
    removeHosts(hosts, 1);
    if (known(post.id) !== undefined) {
      place(postEl, authorLine, post, hosts[0]);
    } else {
      // Until the background answers, no annotation is better than one of another post.
      if (hosts[0] && hosts[0].dataset.tweetId !== post.id) removeHosts(hosts, 0);
      toFetch.push({ post, postEl, authorLine });
    }
  }

  /** The post's own hosts: a post element inside it (not quoted, X's or not) has its own. */
  function ownHosts(postEl: Element): HTMLElement[] {
    const own: HTMLElement[] = [];
    for (const host of postEl.getElementsByTagName(ANNOTATION_TAG)) {
      if (host.parentElement?.closest(POST_SELECTOR) === postEl) own.push(host as HTMLElement);
    }
    return own;
  }

  function removeHosts(hosts: HTMLElement[], keep: number) {
    for (const host of hosts.splice(keep)) host.remove();
  }

  function place(postEl: Element, authorLine: Element, post: Post, existing?: HTMLElement) {
    const host = existing ?? createAnnotationHost();
    const unchanged = existing && annotated.get(existing)?.post.id === post.id;
    annotated.set(host, { post, postEl });
    // X re-renders posts often (counters, media): a post already shown needs no new render.
    // A new host is filled before it joins the page, so the page sees one change, not ten.
    if (!unchanged) render(host, post);
    if (authorLine.nextElementSibling !== host) authorLine.after(host);
  }

  function render(host: HTMLElement, post: Post) {
    const assignment = known(post.id) ?? undefined;
    const department = assignment ? departments.get(assignment.departmentId) : undefined;
    const view = routing.decorate(
      annotationView(post, assignment, department, Date.now(), words, dueSoonMs),
      post,
    );
    const suggested = view.suggestedDepartmentId;
    renderAnnotation(
      host,
      view,
      theme,
      (chip) => openPicker(chip, post),
      { label: t('actionsButton'), onOpen: (button) => openActions(button, post) },
      suggested ? () => assignTo(post, suggested) : undefined,
    );
  }

  /**
   * The background's answer for each of `ids` (`null`: not assigned), asked in requests within
   * its limit, all sent at once. The ids of a request that failed have no answer.
   */
  async function askAssignments(ids: string[]): Promise<Map<string, Assignment | null>> {
    const answers = await Promise.all(
      chunks(ids, MAX_BATCH_IDS).map(async (part) => {
        try {
          const found = await sendToBackground('getAssignments', { ids: part });
          return part.map((id): [string, Assignment | null] => [id, found[id] ?? null]);
        } catch (error) {
          countError(error);
          return [];
        }
      }),
    );
    return new Map(answers.flat());
  }

  async function fetchThenRender(items: PostToFetch[]) {
    const ids = [...new Set(items.map((item) => item.post.id))];
    const [answered] = await Promise.all([askAssignments(ids), departmentsReady, settingsReady]);
    for (const [id, assignment] of answered) remember(id, assignment);
    trimCache();
    for (const { post, postEl, authorLine } of items) {
      // A post changed since it was read is in `pending` again and will be read anew.
      if (!postEl.isConnected || pending.has(postEl) || !postEl.contains(authorLine)) continue;
      if (!answered.has(post.id)) continue;
      try {
        place(postEl, authorLine, post, ownHosts(postEl)[0]);
      } catch (error) {
        countError(error);
      }
    }
  }

  /** Our hosts on the page now, each with the post it shows. */
  function shownPosts(): [HTMLElement, AnnotatedPost][] {
    const shown: [HTMLElement, AnnotatedPost][] = [];
    for (const host of hostsOnPage) {
      const item = annotated.get(host);
      if (item && item.postEl.contains(host)) shown.push([host as HTMLElement, item]);
    }
    return shown;
  }

  function rerender(filter?: (post: Post) => boolean) {
    for (const [host, { post }] of shownPosts()) {
      if (filter && !filter(post)) continue;
      try {
        render(host, post);
      } catch (error) {
        countError(error);
      }
    }
  }

  function trimCache() {
    if (assignments.size <= CACHE_LIMIT) return;
    const shown = new Set(shownPosts().map(([, { post }]) => post.id));
    for (const id of assignments.keys()) {
      if (assignments.size <= CACHE_LIMIT / 2) break;
      if (!shown.has(id)) assignments.delete(id);
    }
  }

  function warnIfLayoutChanged() {
    if (page.warned || page.read > 0 || page.unreadable < UNREADABLE_BEFORE_WARNING) return;
    page.warned = true;
    notice.show(t('noticeLayoutChanged'));
  }

  // --- assigning --------------------------------------------------------------------------

  function openActions(button: HTMLElement, post: Post, reason?: ClosureReason) {
    const item = known(post.id);
    if (!item) return;
    openItemActions(popovers, {
      anchor: button,
      item,
      departments: [...departments.values()],
      onAction: async (action) => applyChanges([await performItemAction(post.id, action)]),
      reason,
    });
  }

  /** The menu's "Not our remit…" / "Duplicate…": false when the post's button is not shown. */
  function openActionsFor(tweetId: string, reason?: ClosureReason): boolean {
    for (const [host, { post }] of shownPosts()) {
      if (post.id !== tweetId) continue;
      const button = host.shadowRoot?.querySelector<HTMLElement>('[data-action="actions"]');
      if (!button || !known(tweetId)) continue;
      openActions(button, post, reason);
      return true;
    }
    return false;
  }

  function openPicker(chip: HTMLElement, post: Post) {
    openDepartmentPicker(popovers, {
      anchor: chip,
      departments: [...departments.values()],
      currentId: known(post.id)?.departmentId ?? '',
      onPick: (departmentId) => assignTo(post, departmentId),
    });
  }

  function assignTo(post: Post, departmentId: string) {
    sendToBackground('assignPost', { post, departmentId })
      .then((assignment) => applyChanges([assignment]))
      .catch((error: unknown) => {
        countError(error);
        notice.show(t('noticeFailed', errorWords(error)));
      });
  }

  /** A restore replaced every assignment: forget them all, ask again for the posts shown. */
  async function reloadAssignments() {
    assignments.clear();
    recent.clear();
    recentSince = undefined;
    await loadRecent();
    const shown = [...new Set(shownPosts().map(([, { post }]) => post.id))].filter(
      (id) => !isRecent(id),
    );
    for (const [id, assignment] of await askAssignments(shown)) remember(id, assignment);
    rerender();
  }

  function applyChanges(changed: Assignment[]) {
    for (const assignment of changed) {
      responses.changed(known(assignment.tweetId), assignment);
      remember(assignment.tweetId, assignment);
    }
    const ids = new Set(changed.map((a) => a.tweetId));
    rerender((post) => ids.has(post.id));
  }

  // --- wiring -----------------------------------------------------------------------------

  const observer = new MutationObserver(onMutations);
  observer.observe(document.documentElement, {
    childList: true,
    subtree: true,
    // X re-points a re-used post's links instead of replacing them at times.
    attributes: true,
    attributeFilter: ['href'],
  });
  collect(document.documentElement);
  if (pending.size) scheduleBatch();

  const stopAssignments = onBroadcast('assignmentsChanged', ({ assignments: changed }) =>
    applyChanges(changed),
  );
  const stopDepartments = onBroadcast('departmentsChanged', ({ departments: list }) => {
    setDepartments(list);
    rerender();
  });
  const stopSettings = onBroadcast('settingsChanged', ({ settings }) => {
    applySettings(settings);
    rerender();
  });
  const stopReplaced = onBroadcast('dataReplaced', () => void reloadAssignments());
  startCountdownClock(ctx, () => {
    theme = readPageTheme();
    rerender();
  });
  ctx.onInvalidated(() => {
    observer.disconnect();
    if (frame !== undefined) cancelAnimationFrame(frame);
    frame = undefined;
    stopAssignments();
    stopDepartments();
    stopSettings();
    stopReplaced();
    // A reloaded extension starts afresh: leave nothing of ours behind.
    for (const host of document.querySelectorAll(ANNOTATION_TAG)) host.remove();
  });

  return {
    departments: () => [...departments.values()],
    applyChanges,
    openActionsFor,
  };
}
