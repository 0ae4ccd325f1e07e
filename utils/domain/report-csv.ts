/**
 * The report's table as CSV: one row per SKPD and a total, Indonesian headers (the report is
 * the city's), times in Asia/Jakarta with their offset. RFC 4180 and formula-safe through the
 * export's own fields.
 */
import { BOM, csvRow } from './csv-export';
import type { Figures, Report } from './report';
import { JAKARTA_OFFSET_MS } from './report-period';
import type { Department } from './types';

/** The report page's own column words (`reportCol…`), so the file and the page read alike. */
export const REPORT_CSV_COLUMNS = [
  'SKPD',
  'Nama SKPD',
  'Periode dari',
  'Periode sampai',
  'Masuk',
  'Ditanggapi tepat waktu',
  'Ditanggapi terlambat',
  'Terbuka, lewat tenggat',
  'Terbuka, dalam tenggat',
  'Selesai tanpa tanggapan',
  // Responded, missed, or open past the deadline: what the on-time rate divides by.
  'Sudah sampai tenggat',
  'Tingkat tepat waktu (%)',
  'Median tanggapan pertama (menit)',
  '90 % ditanggapi dalam (menit)',
  'Dibuat pada',
] as const;

/** `2026-12-03T10:00:00+07:00`. */
export function jakartaTime(ms: number): string {
  return `${new Date(ms + JAKARTA_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

const number = (n: number | null) => (n === null ? '' : String(n));
const rate = (r: number | null) => (r === null ? '' : (Math.round(r * 1000) / 10).toFixed(1));

export function reportCsv(report: Report, departments: readonly Department[]): string {
  const byId = new Map(departments.map((d) => [d.id, d]));
  const generated = jakartaTime(report.nowMs);
  const line = (code: string, name: string, f: Figures) =>
    csvRow([
      code,
      name,
      report.period.from,
      report.period.to,
      String(f.received),
      String(f.respondedOnTime),
      String(f.respondedLate),
      String(f.openOverdue),
      String(f.open),
      String(f.closedWithoutResponse),
      String(f.due),
      rate(f.onTimeRate),
      number(f.medianResponseMinutes),
      number(f.p90ResponseMinutes),
      generated,
    ]);
  return (
    BOM +
    csvRow(REPORT_CSV_COLUMNS) +
    report.rows
      .map((r) => {
        const d = byId.get(r.departmentId);
        return line(d?.shortName ?? r.departmentId, d?.name ?? r.departmentId, r);
      })
      .join('') +
    line('Total', 'Semua SKPD', report.total)
  );
}

/** `tanggap-rapor-2026-11-30_2026-12-06.csv`. */
export const reportCsvFilename = ({ from, to }: Report['period']) =>
  `tanggap-rapor-${from}_${to}.csv`;
