/**
 * Feature `annotate-posts`: every readable post on X gets exactly one annotation, which
 * always shows the post its element holds now.
 *
 * A post whose assignment the page knows (page-data.ts) is annotated in the batch that
 * brought it: it is never painted without its annotation, and its author line does not shift
 * a frame later. The assignments of older posts are asked of the background, in one message
 * per batch (per MAX_BATCH_IDS posts of a batch).
 *
 * X re-uses timeline cells and re-renders posts in place, so an element may suddenly hold
 * another post: the annotation follows the element's current post.
 */
import {
  annotationChangesAt,
  annotationView,
  type AnnotationView,
  type DurationWords,
  type IntakeRule,
} from '../../../utils/domain/annotation-view';
import { itemRights, mayActOn } from '../../../utils/domain/rights';
import { DUE_SOON_WINDOW_MS, dueSoonWindow } from '../../../utils/domain/sla';
import { DEFAULT_SETTINGS, type Settings } from '../../../utils/domain/settings';
import type { UndoOffer } from '../../../utils/domain/assignment-ops';
import type { Assignment, ClosureReason, Post } from '../../../utils/domain/types';
import { errorWords } from '../../../utils/i18n/error-words';
import { annotationWords, t } from '../../../utils/i18n/i18n';
import { performItemAction } from '../../../utils/messaging/item-actions';
import { saveOfficerName, withOfficerName } from '../../../utils/messaging/officer-name';
import { askOfficerName } from '../ui/officer-name-popover';
import { sendToBackground } from '../../../utils/messaging/transport';
import { POST_SELECTOR } from '../../../utils/x-page/selectors';
import { ANNOTATION_TAG, createAnnotationHost, renderAnnotation } from '../ui/annotation-host';
import { openDepartmentPicker } from '../ui/department-picker';
import { openItemActions } from '../ui/item-actions-popover';
import type { PageData } from '../page-data';
import type { PageNotice } from '../ui/page-notice';
import { readPageTheme } from '../ui/page-theme';
import type { Popovers } from '../ui/popovers';
import type { UndoToast } from '../ui/undo-toast';
import type { ContentFeature, PageChange, PostBatch } from './feature';

/** A page showing this many unreadable posts and no readable one has changed its layout. */
const UNREADABLE_BEFORE_WARNING = 3;
const MINUTE_MS = 60_000;

interface AnnotatedPost {
  post: Post;
  postEl: Element;
}

interface PostToFetch extends AnnotatedPost {
  authorLine: Element;
}

export interface AnnotatePostsOptions {
  notice: PageNotice;
  popovers: Popovers;
  undoToast: UndoToast;
  /** Adds what other features show on the chip (the routing suggestion, programme labels). */
  decorate: (view: AnnotationView, post: Post) => AnnotationView;
  onError: (error: unknown) => void;
}

export interface AnnotatePosts extends ContentFeature {
  /** The menu's "Not our remit…" / "Duplicate…": false when the post's button is not shown. */
  openActionsFor(tweetId: string, reason?: ClosureReason): boolean;
  /** The menu's assignment: the page offers its Undo. */
  offerUndo(assignment: Assignment, undo: UndoOffer): void;
}

export function createAnnotatePosts(
  data: PageData,
  { notice, popovers, undoToast, decorate, onError }: AnnotatePostsOptions,
): AnnotatePosts {
  /** The settings the words below follow. */
  let wordsOf: Settings | undefined;
  let words: DurationWords = annotationWords();
  let dueSoonMs = DUE_SOON_WINDOW_MS;
  let urgentAfterMs = DEFAULT_SETTINGS.intakeUrgentAfterMinutes * MINUTE_MS;
  /** What each of our hosts shows. Weak: a host X removed, and its post, are not kept alive. */
  const annotated = new WeakMap<Element, AnnotatedPost>();
  /**
   * The post elements we put a host in. Only our own code inserts hosts, so a post element not
   * in here (most posts of a batch: new ones) holds none of its own and is not searched.
   */
  const holdingHost = new WeakSet<Element>();
  /** When each host's view may next read differently as time passes (annotationChangesAt). */
  const changesAt = new WeakMap<Element, number>();
  /** Our hosts on the page now, a live list. */
  const hostsOnPage = document.getElementsByTagName(ANNOTATION_TAG);
  let theme = readPageTheme();
  let page = { read: 0, unreadable: 0, warned: false };

  // --- reading and rendering --------------------------------------------------------------

  function onPosts(batch: PostBatch) {
    if (batch.newPage) {
      page = { read: 0, unreadable: 0, warned: false };
      popovers.close({ restoreFocus: false });
    }
    theme = readPageTheme();
    const toFetch: PostToFetch[] = [];
    for (const item of batch.posts) {
      try {
        const hosts = ownHosts(item.el);
        if (item.kind !== 'read') {
          removeHosts(hosts, 0);
          if (item.kind === 'unreadable') page.unreadable++;
          continue;
        }
        page.read++;
        annotate(item.el, item.post, item.authorLine, hosts, toFetch);
      } catch (error) {
        onError(error);
      }
    }
    if (toFetch.length) void fetchThenRender(toFetch, batch);
    warnIfLayoutChanged();
  }

  function annotate(
    postEl: Element,
    post: Post,
    authorLine: Element,
    hosts: HTMLElement[],
    toFetch: PostToFetch[],
  ) {
    removeHosts(hosts, 1);
    if (data.known(post.id) !== undefined) {
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
    if (!holdingHost.has(postEl)) return own;
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
    holdingHost.add(postEl);
  }

  /** The words and urgency window of the settings the page knows now. */
  function followSettings() {
    const settings = data.settings();
    if (settings === wordsOf) return;
    wordsOf = settings;
    words = annotationWords();
    dueSoonMs = settings ? dueSoonWindow(settings.dueSoonHours) : DUE_SOON_WINDOW_MS;
    urgentAfterMs = (settings ?? DEFAULT_SETTINGS).intakeUrgentAfterMinutes * MINUTE_MS;
  }

  function intakeRule(post: Post): IntakeRule {
    // A mention dismissed as not a complaint ("Bukan aduan") waits for nobody.
    return { isIntake: data.isIntake(post) && !data.isDismissed(post.id), urgentAfterMs };
  }

  function render(host: HTMLElement, post: Post) {
    followSettings();
    const assignment = data.known(post.id) ?? undefined;
    const department = assignment ? data.department(assignment.departmentId) : undefined;
    const now = Date.now();
    const intake = intakeRule(post);
    const plain = annotationView(post, assignment, department, now, words, dueSoonMs, intake);
    changesAt.set(host, annotationChangesAt(post, assignment, now, dueSoonMs, intake));
    const rights = itemRights(data.actor(), assignment);
    // Only the officers who may assign see a suggestion, or a chip to press.
    const view = rights.assign
      ? decorate(plain, post)
      : readOnlyChip(decorate(plain, post), plain, department?.name);
    const suggested = view.suggestedDepartmentId;
    renderAnnotation(
      host,
      view,
      theme,
      rights.assign ? (chip) => openPicker(chip, post, suggested) : undefined,
      mayActOn(rights)
        ? { label: t('actionsButton'), onOpen: (button) => openActions(button, post) }
        : undefined,
      suggested && rights.assign ? () => assignTo(post, suggested) : undefined,
    );
  }

  /** The chip as a label: where the post is, in words that invite no press. */
  function readOnlyChip(
    view: AnnotationView,
    plain: AnnotationView,
    departmentName: string | undefined,
  ): AnnotationView {
    const assigned = view.status !== 'unassigned';
    return {
      ...view,
      chipText: plain.chipText,
      chipLabel: assigned
        ? t('rolesChipAssigned', departmentName ?? view.departmentId)
        : t('rolesChipUnassigned'),
      chipTitle: undefined,
      pickLabel: undefined,
    };
  }

  async function fetchThenRender(items: PostToFetch[], batch: PostBatch) {
    const ids = [...new Set(items.map((item) => item.post.id))];
    const answered = await data.fetchAssignments(ids);
    data.trimCache(shownIds);
    for (const { post, postEl, authorLine } of items) {
      // A post changed since it was read is read anew in the next batch.
      if (!postEl.isConnected || batch.changedSince(postEl) || !postEl.contains(authorLine)) {
        continue;
      }
      if (!answered.has(post.id)) continue;
      try {
        place(postEl, authorLine, post, ownHosts(postEl)[0]);
      } catch (error) {
        onError(error);
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

  function shownIds(): Set<string> {
    return new Set(shownPosts().map(([, { post }]) => post.id));
  }

  function rerender(filter?: (post: Post, host: HTMLElement) => boolean) {
    for (const [host, { post }] of shownPosts()) {
      if (filter && !filter(post, host)) continue;
      try {
        render(host, post);
      } catch (error) {
        onError(error);
      }
    }
  }

  function warnIfLayoutChanged() {
    if (page.warned || page.read > 0 || page.unreadable < UNREADABLE_BEFORE_WARNING) return;
    page.warned = true;
    notice.show(t('noticeLayoutChanged'));
  }

  // --- what changed -----------------------------------------------------------------------

  function onChange(change: PageChange) {
    switch (change.kind) {
      case 'assignments': {
        const ids = new Set(change.changes.map((c) => c.after.tweetId));
        rerender((post) => ids.has(post.id));
        break;
      }
      case 'replaced':
        void reloadShown();
        break;
      case 'minute': {
        // Only the posts whose words the minute changed, unless X's theme changed too.
        const before = theme;
        theme = readPageTheme();
        const now = Date.now();
        rerender(theme === before ? (_, host) => (changesAt.get(host) ?? 0) <= now : undefined);
        break;
      }
      default:
        rerender();
    }
  }

  /** After a restore: ask again for the older posts shown, then show them all anew. */
  async function reloadShown() {
    await data.fetchAssignments([...shownIds()].filter((id) => !data.isRecent(id)));
    rerender();
  }

  // --- assigning --------------------------------------------------------------------------

  function openActions(button: HTMLElement, post: Post, reason?: ClosureReason) {
    const item = data.known(post.id);
    if (!item) return;
    const host = (button.getRootNode() as ShadowRoot).host;
    openItemActions(popovers, {
      anchor: button,
      item,
      rights: itemRights(data.actor(), item),
      departments: [...data.departments()],
      onAction: async (action) => {
        const changed = await withOfficerName(
          () => performItemAction(post.id, action),
          () => askOfficerName(popovers, button, saveOfficerName),
        );
        if (changed) data.applyAssignments([changed]);
      },
      reason,
      stillValid: () => annotated.get(host)?.post.id === post.id,
    });
  }

  function openActionsFor(tweetId: string, reason?: ClosureReason): boolean {
    for (const [host, { post }] of shownPosts()) {
      if (post.id !== tweetId) continue;
      const button = host.shadowRoot?.querySelector<HTMLElement>('[data-action="actions"]');
      if (!button || !data.known(tweetId)) continue;
      openActions(button, post, reason);
      return true;
    }
    return false;
  }

  function chipOf(tweetId: string): HTMLElement | undefined {
    for (const [host, { post }] of shownPosts()) {
      if (post.id !== tweetId) continue;
      const chip = host.shadowRoot?.querySelector<HTMLElement>('[data-action="assign"]');
      if (chip) return chip;
    }
    return undefined;
  }

  function openPicker(chip: HTMLElement, post: Post, suggestedId?: string) {
    const host = (chip.getRootNode() as ShadowRoot).host;
    openDepartmentPicker(popovers, {
      anchor: chip,
      departments: [...data.departments()],
      currentId: data.known(post.id)?.departmentId ?? '',
      post,
      suggestedId,
      stillValid: () => annotated.get(host)?.post.id === post.id,
      onPick: (departmentId) => assignTo(post, departmentId, chip),
    });
  }

  function assignTo(post: Post, departmentId: string, chip?: HTMLElement) {
    const anchor = chip ?? chipOf(post.id);
    withOfficerName(
      () => sendToBackground('assignFromPage', { post, departmentId }),
      async () => {
        if (anchor) return askOfficerName(popovers, anchor, saveOfficerName);
        notice.show(t('errorOfficerNameRequired'));
        return false;
      },
    )
      .then((answer) => {
        if (!answer) return;
        data.applyAssignments([answer.assignment]);
        if (answer.undo) offerUndo(answer.assignment, answer.undo);
      })
      .catch((error: unknown) => {
        onError(error);
        notice.show(t('noticeFailed', errorWords(error)));
      });
  }

  /** The page's Undo for an assignment just made, here or from the menu. */
  function offerUndo(assignment: Assignment, undo: UndoOffer) {
    if (!itemRights(data.actor(), assignment).undoAssign) return;
    const department = data.department(assignment.departmentId);
    undoToast.offer(
      assignment.tweetId,
      t(
        'undoAssigned',
        assignment.post.authorHandle,
        department?.shortName ?? assignment.departmentId,
      ),
      async () => data.applyAssignments([await sendToBackground('undoAssign', undo)]),
    );
  }

  return {
    name: 'annotate-posts',
    onPosts,
    onChange,
    // A reloaded extension starts afresh: leave nothing of ours behind.
    stop() {
      for (const host of document.querySelectorAll(ANNOTATION_TAG)) host.remove();
    },
    openActionsFor,
    offerUndo,
  };
}
