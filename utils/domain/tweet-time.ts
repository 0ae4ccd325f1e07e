/**
 * X's post ids are snowflakes: the milliseconds since X's epoch, shifted left by 22 bits. Ids
 * of the same length compare as strings the way they compare as numbers.
 */
const X_EPOCH_MS = 1_288_834_974_657;

/** The smallest id a post created at `ms` can have. */
export function firstTweetIdAt(ms: number): string {
  return (BigInt(Math.max(0, Math.floor(ms - X_EPOCH_MS))) << 22n).toString();
}

/** Whether `id` is `since` or a later post with an id of the same length. */
export function isAtOrAfter(id: string, since: string): boolean {
  return id.length === since.length && id >= since;
}
