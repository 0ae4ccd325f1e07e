import { describe, expect, it } from 'vitest';
import { DEFAULT_DEPARTMENTS } from './departments';
import type { Figures, Report } from './report';
import indonesian from '../../public/_locales/id/messages.json';
import { jakartaTime, REPORT_CSV_COLUMNS, reportCsv, reportCsvFilename } from './report-csv';

const figures = (overrides: Partial<Figures> = {}): Figures => ({
  received: 3,
  respondedOnTime: 1,
  respondedLate: 1,
  openOverdue: 1,
  open: 0,
  closedWithoutResponse: 0,
  reopened: 0,
  reassigned: 0,
  due: 3,
  onTimeRate: 1 / 3,
  medianResponseMinutes: 90,
  p90ResponseMinutes: 1500,
  ...overrides,
});

const dlh = DEFAULT_DEPARTMENTS.find((d) => d.id === 'dlh')!;
const report: Report = {
  period: { from: '2026-11-30', to: '2026-12-06' },
  nowMs: Date.parse('2026-12-07T01:30:00.000Z'),
  rows: [
    { departmentId: 'dlh', ...figures() },
    {
      departmentId: 'dinkes',
      ...figures({
        received: 0,
        respondedOnTime: 0,
        respondedLate: 0,
        openOverdue: 0,
        due: 0,
        onTimeRate: null,
        medianResponseMinutes: null,
        p90ResponseMinutes: null,
      }),
    },
  ],
  total: figures(),
  untriaged: { count: 0, oldestCreatedAt: '' },
  weeks: [],
  longestOverdue: [],
  latestLate: [],
};

describe('the report as CSV', () => {
  it('has Indonesian headers, a row per SKPD, a total, and Jakarta times with the offset', () => {
    const lines = reportCsv(report, DEFAULT_DEPARTMENTS).split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFFSKPD,Nama SKPD,Periode dari,Periode sampai,Masuk,Ditanggapi tepat waktu,' +
        'Ditanggapi terlambat,"Terbuka, lewat tenggat","Terbuka, dalam tenggat",' +
        'Selesai tanpa tanggapan,Sudah sampai tenggat,Tingkat tepat waktu (%),' +
        'Median tanggapan pertama (menit),90 % ditanggapi dalam (menit),Dibuat pada',
    );
    expect(lines[1]).toBe(
      `${dlh.shortName},${dlh.name},2026-11-30,2026-12-06,3,1,1,1,0,0,3,33.3,90,1500,2026-12-07T08:30:00+07:00`,
    );
    expect(lines[2]).toContain(',0,0,0,0,0,0,0,,,,2026-12-07T08:30:00+07:00');
    expect(lines[3]).toMatch(/^Total,Semua SKPD,/);
    expect(lines[4]).toBe('');
  });

  it("heads its columns with the report page's own words", () => {
    const page = (key: keyof typeof indonesian) => indonesian[key].message;
    expect(REPORT_CSV_COLUMNS).toEqual(
      expect.arrayContaining([
        page('reportColDepartment'),
        page('reportColReceived'),
        page('reportColOnTime'),
        page('reportColLate'),
        page('reportColOpenOverdue'),
        page('reportColOpen'),
        page('reportColClosed'),
        `${page('reportColRate')} (%)`,
        `${page('reportColMedian')} (menit)`,
        `${page('reportColP90')} (menit)`,
      ]),
    );
  });

  it('names its file after the period, and writes Jakarta time across midnight', () => {
    expect(reportCsvFilename(report.period)).toBe('tanggap-rapor-2026-11-30_2026-12-06.csv');
    expect(jakartaTime(Date.parse('2026-12-06T17:00:00.000Z'))).toBe('2026-12-07T00:00:00+07:00');
  });
});
