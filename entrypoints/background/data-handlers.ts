/**
 * Escalation digest, CSV export and backup/restore requests. A restore replaces everything in
 * one transaction after validating the whole file; the CSV export is paged (see exportCsvPage).
 */
import { departmentId, onlyKeys, record, tweetId } from '../../utils/assignment-ops';
import { backupFilename, backupText, validateBackup } from '../../utils/backup';
import { assignmentRow, csvHeader } from '../../utils/csv-export';
import {
  exportPage,
  listDepartments,
  listOverdue,
  NOTIFIED_KEY,
  readAllData,
  replaceAllData,
  type TanggapDb,
} from '../../utils/db';
import { buildDigest } from '../../utils/digest';
import {
  TanggapError,
  type BackgroundProtocol,
  type CsvExportPosition,
  type Handlers,
} from '../../utils/messages';
import { validateProgrammes } from '../../utils/programmes';
import { migrateSettings, SETTINGS_KEY } from '../../utils/settings';

/**
 * Items per CSV page: about 1 MB of text, well under the messaging limit; an export of
 * 100,000 items is 50 pages, and neither side ever holds all of them as objects.
 */
export const CSV_PAGE_SIZE = 2_000;
/** The digest lists the most overdue items; a backlog beyond this is counted by the badge. */
export const DIGEST_MAX_ITEMS = 10_000;
export const MAX_EXPORT_DEPARTMENTS = 200;

export interface DataDeps {
  db: () => Promise<TanggapDb>;
  now: () => Date;
  request: (req: unknown, allowed: readonly string[]) => Record<string, unknown>;
  /** Called once a restore has committed. */
  onDataReplaced?: () => void | Promise<void>;
  /** Items per CSV page (tests use small pages). */
  csvPageSize?: number;
}

type DataHandlers = Pick<
  Handlers<BackgroundProtocol>,
  'getEscalationDigest' | 'exportCsvPage' | 'exportBackup' | 'restoreBackup'
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

    async exportBackup(req) {
      request(req, []);
      const data = await readAllData(await deps.db());
      const nowIso = deps.now().toISOString();
      const text = backupText(
        {
          assignments: data.assignments,
          departments: data.departments,
          programmes: data.programmes,
          settings: migrateSettings(data.settings),
        },
        nowIso,
      );
      return { text, filename: backupFilename(nowIso) };
    },

    async restoreBackup(req) {
      const { text } = request(req, ['text']);
      if (typeof text !== 'string') bad('request.text must be the backup file as text');
      const checked = validateBackup(text, { validateProgrammes });
      if (!checked.ok) bad(checked.problems.join('\n'));
      const { backup } = checked;
      await replaceAllData(await deps.db(), {
        assignments: backup.assignments,
        departments: backup.departments,
        programmes: backup.programmes,
        settings: { [SETTINGS_KEY]: backup.settings },
        keepSettings: [NOTIFIED_KEY],
      });
      try {
        await deps.onDataReplaced?.();
      } catch (error) {
        // Committed already: a failed broadcast must not report the restore as failed.
        console.error('Tanggap: change notification failed', error);
      }
      return {
        assignments: backup.assignments.length,
        departments: backup.departments.length,
        programmes: backup.programmes.length,
      };
    },
  };
}
