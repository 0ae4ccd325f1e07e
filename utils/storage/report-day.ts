/**
 * A Jakarta day's report rows as the `report-days` store keeps them (`report-rows.ts`): one
 * JSON array, oldest post first, so a month's arrays are joined and parsed at once. Read and
 * decoded, thirty strings cost far less than thousands of records turned into objects one by one.
 */
import type { ReportRow } from '../domain/report-row';

/** A Jakarta day's rows as stored: `rows` is the JSON array of its `ReportRow`s. */
export interface ReportDay {
  day: string;
  rows: string;
}

const byPostTime = (a: ReportRow, b: ReportRow) =>
  a.post.createdAt < b.post.createdAt
    ? -1
    : a.post.createdAt > b.post.createdAt
      ? 1
      : a.tweetId < b.tweetId
        ? -1
        : a.tweetId > b.tweetId
          ? 1
          : 0;

/** A day's record for `rows`, oldest post first (the order the report has always read). */
export function reportDay(day: string, rows: Iterable<ReportRow>): ReportDay {
  return { day, rows: JSON.stringify([...rows].sort(byPostTime)) };
}

/** The rows of `days`, in their order: one parse of the joined arrays. */
export function rowsOfDays(days: readonly ReportDay[]): ReportRow[] {
  const inner = days.map((d) => d.rows.slice(1, -1)).filter((rows) => rows !== '');
  return JSON.parse(`[${inner.join(',')}]`) as ReportRow[];
}
