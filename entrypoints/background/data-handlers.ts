/**
 * Escalation digest, CSV export, a notification's items, and the news of a restore. The
 * options page itself does the backup and the restore (a backup may exceed the message
 * limit); the CSV export is paged (see exportCsvPage).
 */
import { departmentId, onlyKeys, record, tweetId } from '../../utils/domain/assignment-ops';
import { assignmentRow, csvHeader } from '../../utils/domain/csv-export';
import { getAssignments } from '../../utils/storage/assignments';
import { listOverdue } from '../../utils/storage/backlog';
import { listDepartments } from '../../utils/storage/departments';
import { getNotificationRecord } from '../../utils/storage/escalations';
import { exportPage } from '../../utils/storage/export-pages';
import type { TanggapDb } from '../../utils/storage/schema';
import { buildDigest } from '../../utils/domain/digest';
import {
  type BackgroundProtocol,
  type CsvExportPosition,
  type Handlers,
} from '../../utils/messaging/protocol';
import { TanggapError } from '../../utils/domain/errors';

/**
 * Items per CSV page: about 1 MB of text, well under the messaging limit; an export of
 * 100,000 items is 50 pages, and neither side ever holds all of them as objects.
 */
export const CSV_PAGE_SIZE = 2_000;
/** The digest lists the most overdue items; a backlog beyond this is counted by the badge. */
export const DIGEST_MAX_ITEMS = 10_000;
export const MAX_EXPORT_DEPARTMENTS = 200;
/** A notification's items in one answer: the popup shows this many of its most urgent. */
export const NOTIFICATION_MAX_ITEMS = 500;

export interface DataDeps {
  db: () => Promise<TanggapDb>;
  now: () => Date;
  request: (req: unknown, allowed: readonly string[]) => Record<string, unknown>;
  /** Called when the options page says a restore has committed. */
  onDataReplaced?: () => void | Promise<void>;
  /** Items per CSV page (tests use small pages). */
  csvPageSize?: number;
}

type DataHandlers = Pick<
  Handlers<BackgroundProtocol>,
  'getEscalationDigest' | 'exportCsvPage' | 'dataReplaced' | 'getNotificationItems'
>;

function bad(message: string): never {
  throw new TanggapError('bad-request', message);
}

function instant(x: unknown, path: string): string | undefined {
  if (x === undefined || x === '') return undefined;
  if (typeof x !== 'string' || x.length > 40 || Number.isNaN(Date.parse(x))) {
    bad(`${path} must be an ISO 8601 date`);
  }
  return new Date(x).toISOString();
}

function position(x: unknown, path: string): CsvExportPosition | undefined {
  if (x === undefined) return undefined;
  const p = record(x, path);
  onlyKeys(p, ['assignedAt', 'tweetId'], path);
  const assignedAt = instant(p.assignedAt, `${path}.assignedAt`);
  if (!assignedAt) bad(`${path}.assignedAt must be an ISO 8601 date`);
  return { assignedAt, tweetId: tweetId(p.tweetId, `${path}.tweetId`) };
}

export function createDataHandlers(deps: DataDeps): DataHandlers {
  const { request } = deps;
  return {
    async getEscalationDigest(req) {
      request(req, []);
      const db = await deps.db();
      const now = deps.now();
      const [items, departments] = await Promise.all([
        listOverdue(db, now.toISOString(), DIGEST_MAX_ITEMS),
        listDepartments(db),
      ]);
      return { text: buildDigest(items, departments, now.getTime()), overdue: items.length };
    },

    async exportCsvPage(req) {
      const r = request(req, ['from', 'to', 'departmentIds', 'after']);
      const fromIso = instant(r.from, 'request.from');
      const toIso = instant(r.to, 'request.to');
      if (fromIso && toIso && fromIso >= toIso) bad('request.from must be before request.to');
      const ids = r.departmentIds ?? [];
      if (!Array.isArray(ids) || ids.length > MAX_EXPORT_DEPARTMENTS) {
        bad(`request.departmentIds must be a list of at most ${MAX_EXPORT_DEPARTMENTS} ids`);
      }
      const departmentIds = ids.map((id, i) => departmentId(id, `request.departmentIds[${i}]`));
      const after = position(r.after, 'request.after');
      const db = await deps.db();
      const [page, departments] = await Promise.all([
        exportPage(db, {
          fromIso,
          toIso,
          departmentIds,
          after,
          limit: deps.csvPageSize ?? CSV_PAGE_SIZE,
        }),
        listDepartments(db),
      ]);
      const byId = new Map(departments.map((d) => [d.id, d]));
      const rows = page.assignments.map((a) => assignmentRow(a, byId.get(a.departmentId)));
      return {
        csv: (after ? '' : csvHeader()) + rows.join(''),
        rows: rows.length,
        next: page.next,
      };
    },

    async dataReplaced(req) {
      request(req, []);
      try {
        await deps.onDataReplaced?.();
      } catch (error) {
        // Committed already: a failed broadcast must not report the restore as failed.
        console.error('Tanggap: change notification failed', error);
      }
      return { ok: true };
    },

    async getNotificationItems(req) {
      const r = request(req, ['id', 'limit']);
      if (typeof r.id !== 'string' || r.id.length === 0 || r.id.length > 500) {
        bad('request.id must be a notification id');
      }
      const limit = r.limit ?? NOTIFICATION_MAX_ITEMS;
      if (!Number.isInteger(limit) || (limit as number) < 1) {
        bad('request.limit must be a whole number above 0');
      }
      const db = await deps.db();
      const record = await getNotificationRecord(db, r.id);
      if (!record) return null;
      const found = await getAssignments(db, record.tweetIds);
      const items = Object.values(found).sort(
        (a, b) => a.deadline.localeCompare(b.deadline) || a.tweetId.localeCompare(b.tweetId),
      );
      return {
        items: items.slice(0, Math.min(limit as number, NOTIFICATION_MAX_ITEMS)),
        total: items.length,
      };
    },
  };
}
