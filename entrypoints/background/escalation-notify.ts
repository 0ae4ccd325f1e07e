/**
 * Notifications when open items become due soon or overdue, one per kind and batch. Runs on
 * the deadline alarms (and after every change): everything is read from IndexedDB, only the
 * index ranges that can hold news since the last check, and what was notified is committed
 * there before anything is shown, so a worker stopped at any
 * moment never shows the same change twice (at worst, one it was about to show is lost).
 */
import { browser } from 'wxt/browser';
import { listDepartments } from '../../utils/storage/departments';
import { putNotificationRecords, recordEscalations } from '../../utils/storage/escalations';
import type { TanggapDb } from '../../utils/storage/schema';
import {
  batchEscalations,
  decideEscalations,
  escalationText,
  focusOfNotification,
  notificationId,
  planEscalations,
  type Escalation,
  type EscalationPlan,
  type EscalationWords,
} from '../../utils/domain/escalation';
import { setLanguage, t } from '../../utils/i18n/i18n';
import { loadSettings } from '../../utils/storage/settings';
import { DAY_MS, dueSoonWindow } from '../../utils/domain/sla';

function words(): EscalationWords {
  return {
    overdue: (n) => t('notifyOverdue', n),
    soon: (n) => t('notifySoon', n),
    list: (list) => t('notifyList', list),
  };
}

/** How long a notification's list of items is kept for its click. */
export const NOTIFICATION_KEEP_MS = 7 * DAY_MS;

/**
 * Records the items that changed state since the last check and shows one notification per
 * kind, each with the list of its items stored first (its click shows exactly those). With
 * notifications switched off the record is still kept, so switching them on does not bring
 * back every old change at once. Resolves to what was shown.
 */
export async function checkEscalations(
  db: TanggapDb,
  nowMs: number,
  /** Items just written (an import may bring ones already urgent, with old timestamps). */
  changedIds: readonly string[] = [],
): Promise<Escalation[]> {
  const settings = await loadSettings(db);
  // The same window as the badge and the popup's "due within" count.
  const windowMs = dueSoonWindow(settings.dueSoonHours);
  let plan: EscalationPlan | undefined;
  const changed = await recordEscalations(
    db,
    (stored) => (plan = planEscalations(stored, nowMs, windowMs)),
    (candidates, marks) => ({
      ...decideEscalations(candidates, marks, nowMs, windowMs),
      record: plan!.next,
    }),
    changedIds,
  );
  if (!settings.notifications || changed.length === 0) return [];
  const batches = batchEscalations(
    changed.map(({ kind, assignment }) => ({ kind, departmentId: assignment.departmentId })),
    await listDepartments(db),
  );
  const at = new Date(nowMs).toISOString();
  const shown = batches.map((e) => ({
    e,
    id: notificationId(e, nowMs),
    tweetIds: changed.filter((c) => c.kind === e.kind).map((c) => c.assignment.tweetId),
  }));
  await putNotificationRecords(
    db,
    shown.map(({ id, tweetIds }) => ({ id, record: { at, tweetIds } })),
    new Date(nowMs - NOTIFICATION_KEEP_MS).toISOString(),
  );
  // A restarted worker has not applied the language setting yet: the words must follow it.
  setLanguage(settings.language);
  const w = words();
  await Promise.all(
    shown.map(({ e, id }) => {
      const { title, message } = escalationText(e, w);
      return browser.notifications.create(id, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title,
        message,
        priority: e.kind === 'overdue' ? 2 : 1,
      });
    }),
  );
  return batches;
}

/** A click opens the backlog on exactly the items that notification named. */
export async function openEscalation(notificationId: string): Promise<boolean> {
  if (!focusOfNotification(notificationId)) return false;
  const query = new URLSearchParams({ notification: notificationId });
  await browser.tabs.create({ url: `${browser.runtime.getURL('/popup.html')}?${query}` });
  await browser.notifications.clear(notificationId);
  return true;
}
