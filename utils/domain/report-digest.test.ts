import { describe, expect, it } from 'vitest';
import { DEFAULT_DEPARTMENTS } from './departments';
import type { Breach, DepartmentRow } from './report';
import { percent, periodWords, reportDigest } from './report-digest';

const NOW = Date.parse('2026-12-03T03:00:00.000Z'); // Thursday 10:00 WIB
const WEEK = { from: '2026-11-30', to: '2026-12-06' };
const dlh = DEFAULT_DEPARTMENTS.find((d) => d.id === 'dlh')!;

function row(overrides: Partial<DepartmentRow> = {}): DepartmentRow {
  return {
    departmentId: 'dlh',
    received: 42,
    respondedOnTime: 38,
    respondedLate: 3,
    openOverdue: 1,
    open: 0,
    closedWithoutResponse: 0,
    reopened: 0,
    reassigned: 0,
    due: 42,
    onTimeRate: 38 / 42,
    medianResponseMinutes: 192,
    p90ResponseMinutes: 20 * 60,
    ...overrides,
  };
}

const breach = (minutes: number, departmentId = 'dlh'): Breach => ({
  tweetId: '1',
  departmentId,
  url: 'https://x.com/warga/status/1',
  authorHandle: 'warga',
  text: 'Sampah menumpuk',
  deadline: '2026-12-02T01:00:00.000Z',
  respondedAt: '',
  lateMinutes: minutes,
});

describe('the weekly digest of an SKPD', () => {
  it('says the week’s record in plain Indonesian', () => {
    const text = reportDigest(row(), dlh, WEEK, [breach(125), breach(30, 'dinkes')], NOW);
    expect(text).toBe(
      [
        `*${dlh.name} (${dlh.shortName})*`,
        'Rapor minggu ini (30 November – 6 Desember 2026), per Kamis, 3 Desember 2026 pukul 10.00 WIB.',
        '',
        '42 aduan, 38 ditanggapi tepat waktu (90 %), 3 ditanggapi terlambat, 1 masih terbuka lewat tenggat.',
        'Tanggapan pertama rata-rata (median) 3 jam 12 menit setelah unggahan; 90 % dalam 20 jam.',
        '',
        'Segera ditanggapi (lewat tenggat paling lama):',
        '1. @warga — lewat 2 jam 5 menit',
        '   https://x.com/warga/status/1',
        '',
      ].join('\n'),
    );
  });

  it('names open items within the deadline and those closed without an answer', () => {
    const text = reportDigest(row({ open: 2, closedWithoutResponse: 1 }), dlh, WEEK, [], NOW);
    expect(text).toContain('2 terbuka dalam tenggat, 1 selesai tanpa tanggapan.');
    expect(text).not.toContain('Segera ditanggapi');
  });

  it('leaves the rate out when nothing was due, and says when nothing came in', () => {
    expect(reportDigest(row({ due: 0, onTimeRate: null }), dlh, WEEK, [], NOW)).toContain(
      '38 ditanggapi tepat waktu, 3 ditanggapi terlambat',
    );
    expect(reportDigest(row({ received: 0 }), dlh, WEEK, [], NOW)).toContain(
      'Tidak ada aduan masuk pada periode ini.',
    );
  });

  it('names a custom period by its days', () => {
    const text = reportDigest(row(), dlh, { from: '2026-11-02', to: '2026-11-05' }, [], NOW);
    expect(text).toContain('Rapor 2–5 November 2026, per Kamis');
    expect(periodWords({ from: '2026-12-29', to: '2027-01-04' })).toBe(
      '29 Desember 2026 – 4 Januari 2027',
    );
  });

  it('rounds a rate down: 99.9 % is not a perfect record', () => {
    expect(percent(0.999)).toBe('99 %');
    expect(percent(0.29)).toBe('29 %');
  });
});
