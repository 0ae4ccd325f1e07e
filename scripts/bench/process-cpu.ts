/**
 * CPU time of processes and of the whole machine, from Linux's `/proc`, so the load run can
 * say which process used the cores (and whether they were all in use). Elsewhere it reads
 * nothing and the figures are left out.
 */
import fs from 'node:fs';

/** Linux's clock ticks per second for `/proc` times (USER_HZ, 100 on every common build). */
const TICKS_PER_SECOND = 100;

function statFields(pid: number): string[] | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces: the fields follow its last ')'.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** CPU ms used so far by `pid` and its children (a postmaster and its backends). */
export function processTreeCpuMs(pid: number): number | null {
  const own = statFields(pid);
  if (!own) return null;
  // Fields after the name, from 0: 1 ppid, 11 utime, 12 stime, 13 cutime, 14 cstime (man 5
  // proc, fields 4 and 14–17); the last two count the children that have ended.
  const ticks = (f: string[]) => Number(f[11]) + Number(f[12]);
  let total = ticks(own) + Number(own[13]) + Number(own[14]);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && Number(f[1]) === pid) total += ticks(f);
  }
  return (total * 1000) / TICKS_PER_SECOND;
}

/** The machine's busy and total CPU ms so far, all cores together. */
export function machineCpuMs(): { busyMs: number; totalMs: number } | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    // user nice system idle iowait irq softirq steal
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number) as number[];
    const busy = user! + nice! + system! + irq! + softirq! + steal!;
    const toMs = (t: number) => (t * 1000) / TICKS_PER_SECOND;
    return { busyMs: toMs(busy), totalMs: toMs(busy + idle! + iowait!) };
  } catch {
    return null;
  }
}
