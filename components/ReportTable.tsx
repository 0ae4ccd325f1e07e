import { useState } from 'preact/hooks';
import type { DepartmentRow, Figures, Report } from '../utils/domain/report';
import { reportDigest } from '../utils/domain/report-digest';
import type { Department } from '../utils/domain/types';
import { type MessageKey, t, uiLanguage } from '../utils/i18n/i18n';

type Column = Exclude<keyof Figures, 'reopened' | 'reassigned' | 'due'>;

const COLUMNS: { key: Column; label: MessageKey }[] = [
  { key: 'received', label: 'reportColReceived' },
  { key: 'respondedOnTime', label: 'reportColOnTime' },
  { key: 'respondedLate', label: 'reportColLate' },
  { key: 'openOverdue', label: 'reportColOpenOverdue' },
  { key: 'open', label: 'reportColOpen' },
  { key: 'closedWithoutResponse', label: 'reportColClosed' },
  { key: 'onTimeRate', label: 'reportColRate' },
  { key: 'medianResponseMinutes', label: 'reportColMedian' },
  { key: 'p90ResponseMinutes', label: 'reportColP90' },
];

interface Props {
  report: Report;
  departments: readonly Department[];
  /** Puts a digest on the clipboard (the browser's, by default). */
  copy?: (text: string) => Promise<void>;
}

type Sort = { key: Column | 'name'; descending: boolean } | null;

const writeClipboard = (text: string) => navigator.clipboard.writeText(text);

/** A number in the UI's language; a dash for none. */
function show(value: number | null, key: Column): string {
  if (value === null) return '—';
  const format = new Intl.NumberFormat(uiLanguage(), {
    style: key === 'onTimeRate' ? 'percent' : 'decimal',
    maximumFractionDigits: 0,
  });
  if (key === 'onTimeRate') return format.format(Math.floor(value * 100 + 1e-9) / 100);
  return format.format(value);
}

/** A figure, its unit said for the minutes. */
function cell(row: Figures, key: Column): string {
  const value = row[key];
  const text = show(value, key);
  return value !== null && (key === 'medianResponseMinutes' || key === 'p90ResponseMinutes')
    ? t('reportMinutes', text)
    : text;
}

/**
 * The report's table: a row per SKPD, worst first unless sorted by a column, the worst SKPD
 * named in words, a total row, and a button per SKPD that copies its digest.
 */
export function ReportTable({ report, departments, copy = writeClipboard }: Props) {
  const [sort, setSort] = useState<Sort>(null);
  const [copied, setCopied] = useState<{ ok: boolean; message: string }>();
  const byId = new Map(departments.map((d) => [d.id, d]));
  const nameOf = (id: string) => byId.get(id)?.name ?? id;
  const worst = report.rows[0]?.onTimeRate !== null ? report.rows[0] : undefined;

  const rows = sort ? [...report.rows].sort(compare(sort, nameOf)) : report.rows;
  const toggle = (key: Column | 'name') =>
    setSort((s) =>
      s?.key === key ? { key, descending: !s.descending } : { key, descending: key !== 'name' },
    );
  const ariaSort = (key: Column | 'name') =>
    sort?.key === key ? (sort.descending ? 'descending' : 'ascending') : undefined;

  const copyDigest = async (row: DepartmentRow) => {
    const dept = byId.get(row.departmentId);
    try {
      await copy(reportDigest(row, dept, report.period, report.longestOverdue, report.nowMs));
      setCopied({ ok: true, message: t('reportDigestCopied', dept?.name ?? row.departmentId) });
    } catch (error) {
      setCopied({ ok: false, message: t('reportDigestFailed', (error as Error).message) });
    }
  };

  const sortButton = (key: Column | 'name', label: string) => (
    <button type="button" class="sort" data-sort={key} onClick={() => toggle(key)}>
      {label}
      <span aria-hidden="true">{sort?.key === key ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
    </button>
  );

  return (
    <div class="report-table">
      <p class="report-worst" data-report-worst={worst?.departmentId ?? ''}>
        {worst
          ? t('reportWorst', nameOf(worst.departmentId), show(worst.onTimeRate, 'onTimeRate'))
          : t('reportNothingDue')}
      </p>
      <table>
        <caption>{sort ? t('reportSortedBy') : t('reportSortedWorstFirst')}</caption>
        <thead>
          <tr>
            <th scope="col" aria-sort={ariaSort('name')}>
              {sortButton('name', t('reportColDepartment'))}
            </th>
            {COLUMNS.map((c) => (
              <th scope="col" aria-sort={ariaSort(c.key)} key={c.key}>
                {sortButton(c.key, t(c.label))}
              </th>
            ))}
            <th scope="col" class="no-print">
              {t('reportColDigest')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr
              key={row.departmentId}
              data-report-row
              data-department-id={row.departmentId}
              data-received={row.received}
              data-responded-on-time={row.respondedOnTime}
              data-responded-late={row.respondedLate}
              data-open-overdue={row.openOverdue}
              data-open={row.open}
              data-on-time-rate={row.onTimeRate ?? ''}
              data-median-response-minutes={row.medianResponseMinutes ?? ''}
              class={row === worst ? 'worst' : undefined}
            >
              {/* The browser's own time of the rows' first paint (Element Timing): the bench's figure. */}
              <th scope="row" elementtiming={i === 0 ? 'tanggap-report-rows' : undefined}>
                {nameOf(row.departmentId)}
                {row === worst && <span class="worst-tag"> {t('reportWorstTag')}</span>}
              </th>
              {COLUMNS.map((c) => (
                <td key={c.key}>{cell(row, c.key)}</td>
              ))}
              <td class="no-print">
                <button
                  type="button"
                  data-action="copy-report-digest"
                  aria-label={t('reportCopyDigestFor', nameOf(row.departmentId))}
                  onClick={() => void copyDigest(row)}
                >
                  {t('reportCopyDigest')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-report-total>
            <th scope="row">{t('reportTotal')}</th>
            {COLUMNS.map((c) => (
              <td key={c.key}>{cell(report.total, c.key)}</td>
            ))}
            <td class="no-print" />
          </tr>
        </tfoot>
      </table>
      <p class={copied?.ok === false ? 'copied error' : 'copied'} role="status">
        {copied?.message}
      </p>
    </div>
  );
}

function compare(sort: NonNullable<Sort>, nameOf: (id: string) => string) {
  const sign = sort.descending ? -1 : 1;
  return (a: DepartmentRow, b: DepartmentRow) => {
    if (sort.key === 'name')
      return sign * nameOf(a.departmentId).localeCompare(nameOf(b.departmentId));
    const x = a[sort.key];
    const y = b[sort.key];
    // Rows without a figure go last, whichever the direction.
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (x - y);
  };
}
