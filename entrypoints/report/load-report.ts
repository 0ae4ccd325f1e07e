/**
 * The report's data, read straight from the extension's IndexedDB (an extension page may
 * open it): one range of the report rows' post-time index instead of a month of items through
 * messages, and the texts of the few breaches it shows.
 */
import {
  computeReport,
  shownBreaches,
  withBreachTexts,
  type Report,
} from '../../utils/domain/report';
import { periodBounds, type ReportPeriod } from '../../utils/domain/report-period';
import { programmeReach, type ProgrammeReach } from '../../utils/domain/report-reach';
import type { Settings } from '../../utils/domain/settings';
import type { Department } from '../../utils/domain/types';
import { getAssignments } from '../../utils/storage/assignments';
import { listDepartments } from '../../utils/storage/departments';
import { listUntriagedMentions } from '../../utils/storage/mentions';
import { listProgrammes } from '../../utils/storage/programmes';
import { listItemsPosted, listProgrammeMentions } from '../../utils/storage/report';
import { openTanggapDb, type TanggapDb } from '../../utils/storage/schema';
import { loadSettings } from '../../utils/storage/settings';

export interface ReportData {
  report: Report;
  reach: ProgrammeReach;
  departments: Department[];
  settings: Settings;
}

let opened: Promise<TanggapDb> | undefined;
const database = () =>
  (opened ??= openTanggapDb(undefined, {
    onClose: () => {
      opened = undefined;
    },
  }));

export async function loadReport(period: ReportPeriod, nowMs: number): Promise<ReportData> {
  const started = performance.now();
  const db = await database();
  const { startMs, endMs } = periodBounds(period);
  const from = new Date(startMs).toISOString();
  const to = new Date(endMs).toISOString();
  // Each programme's mentions once the programmes are known, beside the rest: nothing waits
  // on anything it does not need.
  const programmesRead = listProgrammes(db);
  const [settings, departments, programmes, items, untriaged, mentions] = await Promise.all([
    loadSettings(db),
    listDepartments(db),
    programmesRead,
    listItemsPosted(db, from, to),
    // By their waiting flag, kept as `isUntriaged` says: not every mention of the period.
    listUntriagedMentions(db, { from, to }),
    programmesRead.then((list) =>
      listProgrammeMentions(
        db,
        list.map((p) => p.id),
        period.from,
        period.to,
      ),
    ),
  ]);
  // The reading alone, beside the page's whole measure (`npm run bench -- report`).
  performance.measure('tanggap-report-read', { start: started });
  const computed = computeReport({
    items,
    departments,
    workingHours: settings.workingHours,
    period,
    nowMs,
    untriaged,
  });
  const shown = await getAssignments(
    db,
    shownBreaches(computed).map((b) => b.tweetId),
  );
  const report = withBreachTexts(computed, (id) => shown[id]?.post.text);
  const holder = new Map(items.map((a) => [a.tweetId, a.departmentId]));
  const reach = programmeReach(programmes, mentions, period, (id) => holder.get(id) || undefined);
  return { report, reach, departments, settings };
}
