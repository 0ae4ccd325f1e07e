/**
 * Escalation digest, CSV export, a notification's items, and the news of a restore. The
 * options page itself does the backup and the restore (a backup may exceed the message
 * limit); the CSV export is paged (see exportCsvPage).
 */
import { assignmentRow, csvHeader } from '../../utils/domain/csv-export';
import { getAssignments } from '../../utils/storage/assignments';
import { listOverdue } from '../../utils/storage/backlog';
import { listDepartments } from '../../utils/storage/departments';
import { getNotificationRecord } from '../../utils/storage/escalations';
import { loadSettings } from '../../utils/storage/settings';
import { exportPage } from '../../utils/storage/export-pages';
import type { TanggapDb } from '../../utils/storage/schema';
import { buildDigest } from '../../utils/domain/digest';
import { type BackgroundProtocol, type Handlers } from '../../utils/messaging/protocol';
import { noFields, NOTIFICATION_MAX_ITEMS, parseRequest, requests } from './requests';

export { MAX_EXPORT_DEPARTMENTS, NOTIFICATION_MAX_ITEMS } from './requests';

/**
 * Items per CSV page: about 1 MB of text, well under the messaging limit; an export of
 * 100,000 items is 50 pages, and neither side ever holds all of them as objects.
 */
export const CSV_PAGE_SIZE = 2_000;
/** The digest lists the most overdue items; a backlog beyond this is counted by the badge. */
export const DIGEST_MAX_ITEMS = 10_000;

export interface DataDeps {
  db: () => Promise<TanggapDb>;
  now: () => Date;
  /** Called when the options page says a restore has committed. */
  onDataReplaced?: () => void | Promise<void>;
  /** Items per CSV page (tests use small pages). */
  csvPageSize?: number;
}

type DataHandlers = Pick<
  Handlers<BackgroundProtocol>,
  'getEscalationDigest' | 'exportCsvPage' | 'dataReplaced' | 'getNotificationItems'
>;

export function createDataHandlers(deps: DataDeps): DataHandlers {
  return {
    async getEscalationDigest(req) {
      parseRequest(noFields, req);
      const db = await deps.db();
      const now = deps.now();
      const [items, departments] = await Promise.all([
        listOverdue(db, now.toISOString(), DIGEST_MAX_ITEMS),
        listDepartments(db),
      ]);
      return { text: buildDigest(items, departments, now.getTime()), overdue: items.length };
    },

    async exportCsvPage(req) {
      const {
        from: fromIso,
        to: toIso,
        departmentIds,
        after,
      } = parseRequest(requests.exportCsvPage, req);
      const db = await deps.db();
      const [page, departments, settings] = await Promise.all([
        exportPage(db, {
          fromIso,
          toIso,
          departmentIds,
          after,
          limit: deps.csvPageSize ?? CSV_PAGE_SIZE,
        }),
        listDepartments(db),
        loadSettings(db),
      ]);
      const byId = new Map(departments.map((d) => [d.id, d]));
      const { timeZone } = settings.workingHours;
      const rows = page.assignments.map((a) =>
        assignmentRow(a, byId.get(a.departmentId), timeZone),
      );
      return {
        csv: (after ? '' : csvHeader()) + rows.join(''),
        rows: rows.length,
        next: page.next,
      };
    },

    async dataReplaced(req) {
      parseRequest(noFields, req);
      try {
        await deps.onDataReplaced?.();
      } catch (error) {
        // Committed already: a failed broadcast must not report the restore as failed.
        console.error('Tanggap: change notification failed', error);
      }
      return { ok: true };
    },

    async getNotificationItems(req) {
      const { id, limit } = parseRequest(requests.getNotificationItems, req);
      const db = await deps.db();
      const record = await getNotificationRecord(db, id);
      if (!record) return null;
      const found = await getAssignments(db, record.tweetIds);
      const items = Object.values(found).sort(
        (a, b) => a.deadline.localeCompare(b.deadline) || a.tweetId.localeCompare(b.tweetId),
      );
      return {
        items: items.slice(0, Math.min(limit, NOTIFICATION_MAX_ITEMS)),
        total: items.length,
      };
    },
  };
}
