/**
 * The escalation digest: overdue items by department, as plain text to paste into a message
 * to the chain of command. Always Indonesian, whatever the UI language: it is written for
 * the mayor's staff, not for the officer who copies it. Pure: the caller gives the clock.
 */
import { formatDuration, type DurationUnits } from './sla';
import type { Assignment, Department } from './types';

/** Items listed per department; the rest are counted. A digest is read on a phone. */
export const MAX_ITEMS_PER_DEPARTMENT = 20;
const FIRST_WORDS = 12;
export const DIGEST_TIME_ZONE = 'Asia/Jakarta';

/** Durations in the digests' Indonesian, whatever the UI's language. */
export const DIGEST_UNITS: DurationUnits = {
  day: { one: 'hari', other: 'hari', short: 'hari' },
  hour: { one: 'jam', other: 'jam', short: 'jam' },
  minute: { one: 'menit', other: 'menit', short: 'menit' },
  lessThanMinute: 'kurang dari 1 menit',
  lessThanMinuteShort: '< 1 menit',
};

function firstWords(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length > FIRST_WORDS ? `${words.slice(0, FIRST_WORDS).join(' ')}…` : words.join(' ');
}

/** "Sabtu, 28 November 2026 pukul 13.16 WIB". */
export function digestDate(nowMs: number): string {
  const day = new Intl.DateTimeFormat('id-ID', {
    timeZone: DIGEST_TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(nowMs);
  const time = new Intl.DateTimeFormat('id-ID', {
    timeZone: DIGEST_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(nowMs);
  return `${day} pukul ${time} WIB`;
}

/**
 * `items` are the open overdue items, most overdue first (as the deadline index gives them).
 * Departments come in the order with the most overdue items first, then directory order.
 */
export function buildDigest(
  items: readonly Assignment[],
  departments: readonly Department[],
  nowMs: number,
): string {
  const overdue = items.filter((a) => a.status === 'open' && Date.parse(a.deadline) <= nowMs);
  const title = `Ringkasan eskalasi Tanggap — ${digestDate(nowMs)}`;
  if (overdue.length === 0) return `${title}\n\nTidak ada aduan yang lewat tenggat.\n`;

  const byId = new Map(departments.map((d) => [d.id, d]));
  const groups = new Map<string, Assignment[]>();
  for (const a of overdue) groups.set(a.departmentId, [...(groups.get(a.departmentId) ?? []), a]);
  const order = (id: string) => byId.get(id)?.order ?? Number.MAX_SAFE_INTEGER;
  const sorted = [...groups].sort(
    ([a, listA], [b, listB]) => listB.length - listA.length || order(a) - order(b),
  );

  const lines = [
    title,
    '',
    `${overdue.length} aduan lewat tenggat di ${groups.size} perangkat daerah.`,
  ];
  for (const [id, list] of sorted) {
    const dept = byId.get(id);
    const name = dept ? `${dept.name} (${dept.shortName})` : id;
    lines.push('', `*${name}: ${list.length} aduan*`);
    list.slice(0, MAX_ITEMS_PER_DEPARTMENT).forEach((a, i) => {
      const late = formatDuration(nowMs - Date.parse(a.deadline), DIGEST_UNITS);
      const words = firstWords(a.post.text);
      lines.push(
        `${i + 1}. @${a.post.authorHandle}${words ? ` — "${words}"` : ''} — lewat ${late}`,
        `   ${a.post.url}`,
      );
    });
    if (list.length > MAX_ITEMS_PER_DEPARTMENT) {
      lines.push(`   …dan ${list.length - MAX_ITEMS_PER_DEPARTMENT} aduan lainnya`);
    }
  }
  return `${lines.join('\n')}\n`;
}
