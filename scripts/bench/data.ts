/**
 * The bench's posts and assignments, the same in every run: the replica's complaints in turn,
 * and assignments drawn with a seeded random generator.
 */
import type { Assignment } from '../../utils/domain/types';
import { complaints, snowflake, storedAssignment } from '../x-replica/complaints';
import type { PostSpec } from '../x-replica/post-template';
import { ASSIGNED_EVERY } from './settings';

/** A replica complaint without its id and time, which each bench post gets of its own. */
export type BasePost = Pick<
  PostSpec,
  'handle' | 'name' | 'text' | 'kind' | 'repostedBy' | 'quoted'
>;

export const HOUR = 3_600_000;
const OFFICERS = ['rina.diskominfo', 'agus.commandcenter', 'maya.setda'];

/** The replica's complaints the bench posts are made of. */
export function basePosts(nowMs: number): BasePost[] {
  return complaints(nowMs).map((s) => ({
    handle: s.handle,
    name: s.name,
    text: s.text,
    kind: s.kind,
    repostedBy: s.repostedBy,
    quoted: s.quoted,
  }));
}

/**
 * The post spec number `i`: the replica's complaints in turn, each with its own 19-digit id.
 * Self-contained: its source also runs in the page.
 */
export function benchSpec(base: BasePost[], startId: string, nowMs: number, i: number): PostSpec {
  const b = base[i % base.length] as BasePost;
  const createdMs = nowMs - 60_000 - ((i * 7919) % 2160) * 60_000;
  const spec: PostSpec = {
    id: (BigInt(startId) + BigInt(i) * 4099n).toString(),
    handle: b.handle,
    name: b.name,
    text: b.text,
    createdAt: new Date(createdMs).toISOString(),
    kind: b.kind,
  };
  if (b.repostedBy) spec.repostedBy = b.repostedBy;
  if (b.quoted) spec.quoted = b.quoted;
  return spec;
}

/** Deterministic pseudo-random numbers (mulberry32), so every run stores the same data. */
export function random(seed = 0x7a9): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A valid stored assignment (see validateAssignment): open with its deadline `deadlineMs`, or
 * responded / resolved.
 */
function makeAssignment(
  post: { id: string; handle: string; name: string; text: string; createdMs: number },
  o: {
    departmentId: string;
    status: 'open' | 'responded' | 'resolved';
    deadlineMs: number;
    nowMs: number;
    by: string;
    rnd: () => number;
  },
): Assignment {
  const { departmentId, status, deadlineMs, nowMs, by, rnd } = o;
  // A deadline more than a day ahead belongs to a department with a 48-hour SLA.
  const assignedMs = deadlineMs - (deadlineMs - nowMs > 24 * HOUR ? 48 : 24) * HOUR;
  const respondedMs =
    status === 'open' ? undefined : Math.min(assignedMs + rnd() * 30 * HOUR, nowMs - 60_000);
  return storedAssignment({
    ...post,
    createdMs: Math.min(post.createdMs, assignedMs),
    departmentId,
    by,
    assignedMs,
    deadlineMs,
    respondedMs,
    resolvedMs:
      status === 'resolved' && respondedMs !== undefined
        ? Math.min(respondedMs + rnd() * 48 * HOUR, nowMs - 30_000)
        : undefined,
    closureReason: 'Sudah ditangani petugas di lapangan',
  });
}

/** Assignments for every third post of the page runs (open, due soon, overdue, responded). */
export function pageAssignments(
  base: BasePost[],
  startId: string,
  nowMs: number,
  depts: string[],
  indices: number[],
): Assignment[] {
  const rnd = random(17);
  const out: Assignment[] = [];
  for (const i of indices) {
    if (i % ASSIGNED_EVERY !== 0) continue;
    const spec = benchSpec(base, startId, nowMs, i);
    if (spec.kind === 'promoted') continue;
    const r = rnd();
    const status = r < 0.5 ? 'open' : r < 0.8 ? 'responded' : 'resolved';
    const deadlineMs = nowMs + (rnd() * 40 - 16) * HOUR;
    out.push(
      makeAssignment(
        { ...spec, createdMs: Date.parse(spec.createdAt) },
        {
          departmentId: depts[i % depts.length] as string,
          status,
          deadlineMs,
          nowMs,
          by: OFFICERS[i % OFFICERS.length] as string,
          rnd,
        },
      ),
    );
  }
  return out;
}

/**
 * The 100,000 assignments of the IndexedDB benchmark: a year of a busy desk (about 270 a
 * day; design.md speaks of thousands of mentions a month). Items assigned in the last two
 * days are open more often than not; 3 % of the older ones were never closed and are long
 * overdue; the rest were responded to or resolved. Texts of 100-280 characters made of the
 * replica's complaints.
 */
export function storeAssignments(
  base: BasePost[],
  nowMs: number,
  depts: string[],
  count: number,
): Assignment[] {
  const rnd = random(4242);
  const texts = base.map((b) => b.text);
  const out: Assignment[] = [];
  for (let i = 0; i < count; i++) {
    const b = base[i % base.length] as BasePost;
    let text = texts[i % texts.length] as string;
    const want = 100 + Math.floor(rnd() * 181);
    while (text.length < want) text += ' ' + texts[Math.floor(rnd() * texts.length)];
    // Cut between code points: half an emoji is refused as unstorable text.
    text = text
      .slice(0, want)
      .replace(/[\uD800-\uDBFF]$/, '')
      .trimEnd();
    const assignedMs = nowMs - 60_000 - rnd() * 365 * 24 * HOUR;
    const recent = nowMs - assignedMs < 48 * HOUR;
    const open = rnd() < (recent ? 0.6 : 0.03);
    const deadlineMs = assignedMs + 24 * HOUR;
    const createdMs = assignedMs - rnd() * 2 * HOUR;
    const id = snowflake(createdMs, i & 0xfff);
    out.push(
      makeAssignment(
        { id, handle: b.handle, name: b.name, text, createdMs },
        {
          departmentId: depts[Math.floor(rnd() * depts.length)] as string,
          status: open ? 'open' : rnd() < 0.6 ? 'responded' : 'resolved',
          deadlineMs,
          nowMs,
          by: OFFICERS[i % OFFICERS.length] as string,
          rnd,
        },
      ),
    );
  }
  // Snowflakes of the same millisecond and sequence would collide: keep the first.
  const seen = new Set<string>();
  return out.filter((a) => !seen.has(a.tweetId) && seen.add(a.tweetId));
}
