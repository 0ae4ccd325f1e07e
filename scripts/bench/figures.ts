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

export interface Interval {
  low: number;
  high: number;
}

/**
 * Where a figure lies with `level` confidence, by the bootstrap: the figure of `draws`
 * resamples of the samples, each drawn with replacement. `rnd` is a seeded generator, so the
 * same numbers always give the same interval.
 */
export function bootstrapInterval<T>(
  samples: readonly T[],
  figure: (resample: readonly T[]) => number,
  rnd: () => number,
  { level = 0.9, draws = 2000 } = {},
): Interval {
  if (!samples.length) return { low: NaN, high: NaN };
  const figures: number[] = [];
  const resample: T[] = [...samples];
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < samples.length; i++) {
      resample[i] = samples[Math.floor(rnd() * samples.length)] as T;
    }
    const x = figure(resample);
    // A turn without its figure: no interval, rather than one of the turns that had one.
    if (!Number.isFinite(x)) return { low: NaN, high: NaN };
    figures.push(x);
  }
  const tail = (1 - level) / 2;
  return { low: quantile(figures, tail), high: quantile(figures, 1 - tail) };
}

/**
 * An upper bound's verdict from its figure's interval: met or missed only when the whole
 * interval says so; otherwise the run was too noisy to tell.
 */
export function boundVerdict({ low, high }: Interval, bound: number): string {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return 'n/a';
  if (high <= bound) return 'met';
  if (low > bound) return 'MISSED';
  return 'not decided';
}
