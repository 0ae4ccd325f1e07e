/**
 * How many changes one user may push: a bucket per user holding a minute's allowance, filled
 * again as the minute goes by. An officer's busiest minute stays far below it, and a queue of
 * a day's work offline goes through in a few minutes, the browser waiting as it is told (429
 * with Retry-After). Kept per instance: behind several instances a user may push a few times
 * as much, which still bounds what one officer writes.
 */
export class PushRateLimit {
  private readonly buckets = new Map<string, { left: number; at: number }>();

  constructor(readonly perMinute: number) {}

  /**
   * Takes `count` changes from the user's allowance: 0 when taken, else the seconds until
   * the allowance holds them (nothing taken). A push larger than a minute's allowance waits
   * for a full one.
   */
  take(userId: string, count: number, nowMs: number): number {
    const perMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(userId);
    const left = bucket
      ? Math.min(this.perMinute, bucket.left + Math.max(0, nowMs - bucket.at) * perMs)
      : this.perMinute;
    const needed = Math.min(count, this.perMinute);
    if (left < needed) {
      this.buckets.set(userId, { left, at: nowMs });
      return Math.ceil((needed - left) / perMs / 1000);
    }
    this.buckets.set(userId, { left: left - needed, at: nowMs });
    if (this.buckets.size > 1_000) this.forgetFull(nowMs);
    return 0;
  }

  /** A full bucket is the same as none. */
  private forgetFull(nowMs: number) {
    const perMs = this.perMinute / 60_000;
    for (const [userId, b] of this.buckets) {
      if (b.left + (nowMs - b.at) * perMs >= this.perMinute) this.buckets.delete(userId);
    }
  }
}
