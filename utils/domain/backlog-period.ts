/**
 * The popup's periods: today, yesterday and this week (Monday to Sunday), as days of the
 * team's zone (Asia/Jakarta by default), whatever zone the browser is set to.
 */
import { DEFAULT_TIME_ZONE, localDayStart, localWeekday } from './zoned-time';

export const BACKLOG_PERIODS = ['today', 'yesterday', 'week'] as const;
export type BacklogPeriod = (typeof BACKLOG_PERIODS)[number];

/** The period holding `nowMs`, as ISO instants (`to` exclusive). */
export function periodRange(
  period: BacklogPeriod,
  nowMs: number,
  timeZone = DEFAULT_TIME_ZONE,
): { from: string; to: string } {
  const [fromDay, toDay] =
    period === 'today'
      ? [0, 1]
      : period === 'yesterday'
        ? [-1, 0]
        : [1 - localWeekday(nowMs, timeZone), 8 - localWeekday(nowMs, timeZone)];
  return {
    from: new Date(localDayStart(nowMs, timeZone, fromDay)).toISOString(),
    to: new Date(localDayStart(nowMs, timeZone, toDay)).toISOString(),
  };
}
