/**
 * The weekly digest of one SKPD: its record in the report's period as a short Indonesian text
 * to paste into the department's group chat. Always Indonesian, like the escalation digest:
 * it is read by the SKPD's staff, whatever the language of the officer who copies it.
 */
import { DIGEST_UNITS, digestDate } from './digest';
import type { Breach, DepartmentRow } from './report';
import { kindOf, type PeriodKind, type ReportPeriod } from './report-period';
import { formatDuration, MINUTE_MS } from './sla';
import type { Department } from './types';

/** Overdue items listed in a digest; it is read on a phone. */
export const DIGEST_OVERDUE_ITEMS = 5;

const PERIOD_WORDS: Record<Exclude<PeriodKind, 'custom'>, string> = {
  today: 'hari ini',
  yesterday: 'kemarin',
  'this-week': 'minggu ini',
  'last-week': 'minggu lalu',
  'this-month': 'bulan ini',
  'last-month': 'bulan lalu',
};

/** "3–9 November 2026", "28 Oktober – 3 November 2026", "5 Desember 2026". */
export function periodWords({ from, to }: ReportPeriod): string {
  const day = (d: string, parts: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('id-ID', { timeZone: 'UTC', ...parts }).format(Date.parse(d));
  const full = { day: 'numeric', month: 'long', year: 'numeric' } as const;
  if (from === to) return day(to, full);
  if (from.slice(0, 7) === to.slice(0, 7))
    return `${day(from, { day: 'numeric' })}–${day(to, full)}`;
  const start = from.slice(0, 4) === to.slice(0, 4) ? { day: 'numeric', month: 'long' } : full;
  return `${day(from, start as Intl.DateTimeFormatOptions)} – ${day(to, full)}`;
}

/** A rate as a whole percentage, rounded down: a digest never claims a record not kept. */
export const percent = (rate: number) => `${Math.floor(rate * 100 + 1e-9)} %`;

const minutes = (m: number) => formatDuration(m * MINUTE_MS, DIGEST_UNITS);

export function reportDigest(
  row: DepartmentRow,
  department: Department | undefined,
  period: ReportPeriod,
  overdue: readonly Breach[],
  nowMs: number,
): string {
  const kind = kindOf(period, nowMs);
  const days = periodWords(period);
  const when = kind === 'custom' ? days : `${PERIOD_WORDS[kind]} (${days})`;
  const name = department ? `${department.name} (${department.shortName})` : row.departmentId;
  const lines = [`*${name}*`, `Rapor ${when}, per ${digestDate(nowMs)}.`];
  if (row.received === 0) {
    lines.push('', 'Tidak ada aduan masuk pada periode ini.');
    return `${lines.join('\n')}\n`;
  }
  const counts = [
    `${row.received} aduan`,
    `${row.respondedOnTime} ditanggapi tepat waktu${row.onTimeRate === null ? '' : ` (${percent(row.onTimeRate)})`}`,
    `${row.respondedLate} ditanggapi terlambat`,
    `${row.openOverdue} masih terbuka lewat tenggat`,
  ];
  if (row.open > 0) counts.push(`${row.open} terbuka dalam tenggat`);
  if (row.closedWithoutResponse > 0)
    counts.push(`${row.closedWithoutResponse} selesai tanpa tanggapan`);
  lines.push('', `${counts.join(', ')}.`);
  if (row.medianResponseMinutes !== null && row.p90ResponseMinutes !== null) {
    lines.push(
      `Tanggapan pertama rata-rata (median) ${minutes(row.medianResponseMinutes)} setelah unggahan; ` +
        `90 % dalam ${minutes(row.p90ResponseMinutes)}.`,
    );
  }
  const mine = overdue.filter((b) => b.departmentId === row.departmentId);
  if (mine.length > 0) {
    lines.push('', 'Segera ditanggapi (lewat tenggat paling lama):');
    mine.slice(0, DIGEST_OVERDUE_ITEMS).forEach((b, i) => {
      lines.push(`${i + 1}. @${b.authorHandle} — lewat ${minutes(b.lateMinutes)}`, `   ${b.url}`);
    });
  }
  return `${lines.join('\n')}\n`;
}
