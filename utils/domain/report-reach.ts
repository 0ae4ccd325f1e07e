/**
 * Programme reach over the report's period: per programme, how many posts mentioned it each
 * week, and which SKPD holds them (programme matching finds no place names, so "from where"
 * is the SKPD the posts went to; posts nobody assigned are counted apart).
 */
import { programmeLabel } from './programmes';
import { mondayOf, type ReportPeriod, weeksOf } from './report-period';
import type { Programme, ProgrammeMention } from './types';

export interface ProgrammeReachRow {
  id: string;
  label: string;
  name: string;
  /** Posts per week, in the order of `weeks`. */
  weekly: number[];
  total: number;
  /** Most first; `departmentId` is empty for posts nobody assigned. */
  byDepartment: { departmentId: string; count: number }[];
}

export interface ProgrammeReach {
  /** The Mondays of the period's weeks. */
  weeks: string[];
  programmes: ProgrammeReachRow[];
}

export function programmeReach(
  programmes: readonly Programme[],
  mentions: readonly ProgrammeMention[],
  period: ReportPeriod,
  departmentOf: (tweetId: string) => string | undefined,
): ProgrammeReach {
  const weeks = weeksOf(period);
  const rows = programmes.map((p) => {
    const weekly = weeks.map(() => 0);
    const places = new Map<string, number>();
    let total = 0;
    for (const m of mentions) {
      if (m.programmeId !== p.id || m.day < period.from || m.day > period.to) continue;
      total++;
      weekly[weeks.indexOf(mondayOf(m.day))]!++;
      const dept = departmentOf(m.tweetId) ?? '';
      places.set(dept, (places.get(dept) ?? 0) + 1);
    }
    const byDepartment = [...places]
      .map(([departmentId, count]) => ({ departmentId, count }))
      .sort((a, b) => b.count - a.count || a.departmentId.localeCompare(b.departmentId));
    return { id: p.id, label: programmeLabel(p), name: p.name, weekly, total, byDepartment };
  });
  return { weeks, programmes: rows };
}
