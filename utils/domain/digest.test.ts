import { describe, expect, test } from 'vitest';
import { createAssignment } from '../../tests/factories';
import { DEFAULT_DEPARTMENTS } from './departments';
import { buildDigest, digestDate, MAX_ITEMS_PER_DEPARTMENT } from './digest';
import { HOUR_MS, MINUTE_MS } from './sla';

// 13:16 in Jakarta (UTC+7), a Saturday.
const NOW = Date.parse('2026-11-28T06:16:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
/** An open item whose deadline passed `lateMs` ago. */
const late = (
  departmentId: string,
  lateMs: number,
  text = 'Jalan berlubang di Jl. Soekarno-Hatta',
) => {
  const a = createAssignment({ departmentId, assignedAt: iso(NOW - lateMs - 24 * HOUR_MS) });
  a.post.text = text;
  return a;
};

describe('buildDigest', () => {
  test('title with the date in Jakarta, then departments with their overdue items', () => {
    const items = [
      late('dsdabm', 26 * HOUR_MS + 5 * MINUTE_MS),
      late('dlh', 3 * HOUR_MS),
      late('dsdabm', 2 * HOUR_MS + 30 * MINUTE_MS),
    ];
    const text = buildDigest(items, DEFAULT_DEPARTMENTS, NOW);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Ringkasan eskalasi Tanggap — Sabtu, 28 November 2026 pukul 13.16 WIB');
    expect(text).toContain('3 aduan lewat tenggat di 2 perangkat daerah.');
    // The department with more overdue items first.
    const dsdabm = text.indexOf('*Dinas Sumber Daya Air dan Bina Marga (DSDABM): 2 aduan*');
    const dlh = text.indexOf('*Dinas Lingkungan Hidup (DLH): 1 aduan*');
    expect(dsdabm).toBeGreaterThan(0);
    expect(dlh).toBeGreaterThan(dsdabm);
    expect(text).toContain(
      '1. @warga_bdg — "Jalan berlubang di Jl. Soekarno-Hatta" — lewat 1 hari 2 jam',
    );
    expect(text).toContain(
      '2. @warga_bdg — "Jalan berlubang di Jl. Soekarno-Hatta" — lewat 2 jam 30 menit',
    );
    expect(text).toContain(`   ${items[0]!.post.url}`);
  });

  test('long posts are cut to their first words', () => {
    const words = Array.from({ length: 30 }, (_, i) => `kata${i}`).join(' ');
    const text = buildDigest([late('dlh', HOUR_MS, words)], DEFAULT_DEPARTMENTS, NOW);
    expect(text).toContain(
      '"kata0 kata1 kata2 kata3 kata4 kata5 kata6 kata7 kata8 kata9 kata10 kata11…"',
    );
    expect(text).not.toContain('kata12');
  });

  test('items not overdue, or no longer open, are left out', () => {
    const soon = createAssignment({ departmentId: 'dlh', assignedAt: iso(NOW - 20 * HOUR_MS) });
    const responded = { ...late('dlh', HOUR_MS), status: 'responded' as const };
    expect(buildDigest([soon, responded], DEFAULT_DEPARTMENTS, NOW)).toBe(
      'Ringkasan eskalasi Tanggap — Sabtu, 28 November 2026 pukul 13.16 WIB\n\nTidak ada aduan yang lewat tenggat.\n',
    );
  });

  test('a long list is cut per department and the rest counted', () => {
    const items = Array.from({ length: MAX_ITEMS_PER_DEPARTMENT + 3 }, () => late('dlh', HOUR_MS));
    const text = buildDigest(items, DEFAULT_DEPARTMENTS, NOW);
    expect(text).toContain(`${MAX_ITEMS_PER_DEPARTMENT}. @warga_bdg`);
    expect(text).not.toContain(`${MAX_ITEMS_PER_DEPARTMENT + 1}. @warga_bdg`);
    expect(text).toContain('…dan 3 aduan lainnya');
    expect(text).toContain(`*Dinas Lingkungan Hidup (DLH): ${MAX_ITEMS_PER_DEPARTMENT + 3} aduan*`);
  });

  test('a department no longer in the directory is named by its id', () => {
    expect(buildDigest([late('dinas-lama', HOUR_MS)], DEFAULT_DEPARTMENTS, NOW)).toContain(
      '*dinas-lama: 1 aduan*',
    );
  });
});

test('digestDate is Jakarta time whatever the machine says', () => {
  // 23:30 UTC is already the next day in Jakarta.
  expect(digestDate(Date.parse('2026-11-27T23:30:00.000Z'))).toBe(
    'Sabtu, 28 November 2026 pukul 06.30 WIB',
  );
});
