/**
 * Government programmes: the two examples seeded on install, the rules of what a programme
 * may hold, matching posts against the active ones, and the days of the popup's counts.
 * Pure; storage is in storage/programmes.ts (`listProgrammes`, `putProgrammes`…).
 */
import { slugOf } from './directory';
import { compileKeywords } from './keyword-match';
import { parse } from './schemas/parse';
import { programmeSchema, programmesSchema } from './schemas/programme';
import type { Programme } from './types';

export { MAX_PROGRAMME_NAME, MAX_PROGRAMME_SHORT_NAME, MAX_PROGRAMMES } from './schemas/programme';
export const MAX_STATS_DAYS = 31;
/** Posts per `recordProgrammeMentions` message: one batch of the page (as `getAssignments`). */
export const MAX_MENTION_REPORTS = 500;

/** Examples only, without facts that differ from city to city (rates, partner banks' terms). */
export const DEFAULT_PROGRAMMES: Programme[] = [
  {
    id: 'kur',
    name: 'Kredit Usaha Rakyat (KUR)',
    shortName: 'KUR',
    color: '#8A4B00',
    keywords: ['kredit usaha rakyat', 'kur', 'bank bjb', 'pinjaman modal usaha'],
    active: true,
  },
  {
    id: 'imunisasi',
    name: 'Imunisasi dan vaksinasi',
    shortName: 'Imunisasi',
    color: '#0B6E4F',
    keywords: ['vaksin', 'vaksinasi', 'imunisasi', 'posyandu', 'bulan imunisasi anak sekolah'],
    active: true,
  },
];

/** One programme, every field checked and normalised (an empty short name or colour is dropped). */
export function validateProgramme(x: unknown, path = 'programme'): Programme {
  return parse(programmeSchema, x, path);
}

/** A whole list (a backup's): each valid, ids unique. */
export function validateProgrammes(x: unknown, path = 'programmes'): Programme[] {
  return parse(programmesSchema, x, path);
}

/** The id of a new programme: a slug of its short name or name, unique among `taken`. */
export function newProgrammeId(name: string, taken: readonly string[]): string {
  const base = slugOf(name) || 'program';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base.slice(0, 60)}-${n}`;
  return id;
}

/** `words`: the text's `wordsOf(text)` when the caller has them already. */
export type ProgrammeMatcher = (text: string, words?: readonly string[]) => string[];

/** Compiles the active programmes; the matcher answers the ids of those a text mentions. */
export function compileProgrammes(programmes: readonly Programme[]): ProgrammeMatcher {
  const match = compileKeywords(
    programmes.filter((p) => p.active).map((p) => [p.id, p.keywords] as const),
  );
  return (text, words) => [...new Set(match(text, words).map((hit) => hit.key))];
}

/** The programme's label on the page. */
export const programmeLabel = (p: Programme) => p.shortName || p.name;

const pad = (n: number) => String(n).padStart(2, '0');

/** The local date of an instant, `YYYY-MM-DD`. */
export function dayOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The last `count` local days up to the one holding `nowMs`, oldest first. */
export function lastDays(nowMs: number, count: number): string[] {
  const days: string[] = [];
  const d = new Date(nowMs);
  d.setHours(12, 0, 0, 0);
  for (let i = 0; i < count; i++) {
    days.unshift(dayOf(d.getTime()));
    // setDate, not − 24 h: a local day is 23 or 25 hours long around a DST change.
    d.setDate(d.getDate() - 1);
  }
  return days;
}

export interface ProgrammeStatsRow {
  id: string;
  name: string;
  label: string;
  color: string;
  active: boolean;
  /** Posts per day, in the order of `days`. */
  counts: number[];
  total: number;
}

export interface ProgrammeStats {
  /** Local dates, oldest first. */
  days: string[];
  programmes: ProgrammeStatsRow[];
}
