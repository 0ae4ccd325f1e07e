/**
 * The bench's statistics and number formats.
 */

export function quantile(xs: number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}
export const median = (xs: number[]) => quantile(xs, 0.5);
/** p95 of a sample, nearest rank (an observed value) */
export function p95(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] as number;
}
export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
export const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
export const ok = (met: boolean) => (met ? 'met' : 'MISSED');
export const signed = (x: number, d = 1) => `${x >= 0 ? '+' : ''}${fmt(x, d)}`;

/** One row of the table: figure, without, with, difference, target. */
export type Row = [string, string, string, string, string];
