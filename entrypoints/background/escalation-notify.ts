/**
 * Notifications when open items become due soon or overdue, one per kind and batch. Runs on
 * the deadline alarms (and after every change): everything is read from IndexedDB, and what
 * was notified is committed there before anything is shown, so a worker stopped at any
 * moment never shows the same change twice (at worst, one it was about to show is lost).
 */
import { browser } from 'wxt/browser';
import { listDepartments, recordEscalations, type TanggapDb } from '../../utils/db';
import {
  batchEscalations,
  decideEscalations,
  escalationText,
  focusOfNotification,
  focusQuery,
  notificationId,
  type Escalation,
  type EscalationWords,
} from '../../utils/escalation';
import { setLanguage, t } from '../../utils/i18n';
import { loadSettings } from '../../utils/settings';
import { HOUR_MS } from '../../utils/sla';

function words(): EscalationWords {
  return {
    overdue: (n) => t('notifyOverdue', n),
    soon: (n) => t('notifySoon', n),
    list: (list) => t('notifyList', list),
  };
}

/**
 * Records the items that changed state since the last check and shows one notification per
 * kind. With notifications switched off the record is still kept, so switching them on does
 * not bring back every old change at once. Resolves to what was shown.
 */
export async function checkEscalations(db: TanggapDb, nowMs: number): Promise<Escalation[]> {
  const settings = await loadSettings(db);
  // The same window as the badge and the popup's "due within" count.
  const windowMs = settings.dueSoonHours * HOUR_MS;
  const changed = await recordEscalations(
    db,
    new Date(nowMs + windowMs).toISOString(),
    (urgent, notified) => decideEscalations(urgent, notified, nowMs, windowMs),
  );
  if (!settings.notifications || changed.length === 0) return [];
  const batches = batchEscalations(
    changed.map(({ kind, assignment }) => ({ kind, departmentId: assignment.departmentId })),
    await listDepartments(db),
  );
  // A restarted worker has not applied the language setting yet: the words must follow it.
  setLanguage(settings.language);
  const w = words();
  await Promise.all(
    batches.map((e) => {
      const { title, message } = escalationText(e, w);
      return browser.notifications.create(notificationId(e, nowMs), {
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

/** A click opens the backlog on the items of that notification. */
export async function openEscalation(notificationId: string): Promise<boolean> {
  const focus = focusOfNotification(notificationId);
  if (!focus) return false;
  await browser.tabs.create({ url: browser.runtime.getURL('/popup.html') + focusQuery(focus) });
  await browser.notifications.clear(notificationId);
  return true;
}
