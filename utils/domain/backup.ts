/**
 * The full backup: assignments, received mentions, directory, programmes and settings in one
 * JSON file, and its validation before a restore. A file is checked whole — size before
 * parsing, then the format, every record, unique ids, references between them — and either
 * passes or gives the list of what is wrong, each with its path ("assignments[12].deadline:
 * …"). Text that looks like markup is kept as it is: it is data, always shown as text.
 */
import { validateAssignment } from './assignment-ops';
import { validateDirectory } from './directory';
import { TanggapError } from './errors';
import type { Mention } from './mentions';
import { validateMention } from './schemas/mention';
import { applySettingsUpdate, DEFAULT_SETTINGS, type Settings } from './settings';
import type { Assignment, Department } from './types';

export const BACKUP_FORMAT = 'tanggap-backup';
/**
 * Version 2 added the received mentions. A version 1 file (from before intake) is still read:
 * it holds none, and restoring it keeps the mentions this browser has.
 */
export const BACKUP_VERSION = 2;
export type BackupVersion = 1 | typeof BACKUP_VERSION;
const READABLE_VERSIONS: readonly unknown[] = [1, BACKUP_VERSION];
/**
 * A year of a busy desk (100,000 assignments of about 1 KB) is about 100 MB: twice that
 * leaves room, and is still a text a page can hold and parse.
 */
export const MAX_BACKUP_BYTES = 200 * 1024 * 1024;
/** More problems than this are counted, not listed: one bad field repeated is one mistake. */
export const MAX_PROBLEMS = 50;

export interface Backup<P = unknown> {
  format: typeof BACKUP_FORMAT;
  version: BackupVersion;
  exportedAt: string;
  assignments: Assignment[];
  /**
   * Every received mention: when it was first seen, and whether and by whom it was dismissed.
   * Absent in a version 1 file, whose restore keeps this browser's mentions.
   */
  mentions?: Mention[];
  departments: Department[];
  programmes: P[];
  settings: Settings;
}

const TOP_KEYS_V1 = [
  'format',
  'version',
  'exportedAt',
  'assignments',
  'departments',
  'programmes',
  'settings',
];
const TOP_KEYS = [...TOP_KEYS_V1, 'mentions'];

export type BackupCheck<P> = { ok: true; backup: Backup<P> } | { ok: false; problems: string[] };

export interface BackupRules<P> {
  /** Validates the programmes list whole (throws a `TanggapError` naming the field). */
  validateProgrammes?: (x: unknown, path: string) => P[];
}

/** The file's text up to the assignments' list (the exporter streams the list itself). */
export function backupHead(nowIso: string): string {
  const head = JSON.stringify({
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: nowIso,
  });
  return `${head.slice(0, -1)},"assignments":[`;
}

/** The file's text between the assignments' list and the mentions' (each streamed). */
export const BACKUP_MENTIONS_START = '],"mentions":[';

/** The file's text after the mentions' list. */
export function backupTail<P>(data: Pick<Backup<P>, 'departments' | 'programmes' | 'settings'>) {
  const { departments, programmes, settings } = data;
  return `],${JSON.stringify({ departments, programmes, settings }).slice(1)}`;
}

/** A whole backup as one text (small backups and tests; the options page streams parts). */
export function backupText<P>(
  data: Omit<Backup<P>, 'format' | 'version' | 'exportedAt'>,
  nowIso: string,
): string {
  const list = (records: readonly unknown[]) => records.map((r) => JSON.stringify(r)).join(',');
  return (
    backupHead(nowIso) +
    list(data.assignments) +
    BACKUP_MENTIONS_START +
    list(data.mentions ?? []) +
    backupTail(data)
  );
}

export function backupFilename(nowIso: string): string {
  return `tanggap-backup-${nowIso.slice(0, 10)}.json`;
}

/** UTF-8 size, counted without encoding a copy of the text. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The problem a file of `bytes` has before it is even read, if any. */
export function sizeProblem(bytes: number): string | null {
  if (bytes === 0) return 'The file is empty.';
  if (bytes > MAX_BACKUP_BYTES) {
    return `The file is ${megabytes(bytes)}: a Tanggap backup is at most ${megabytes(MAX_BACKUP_BYTES)}.`;
  }
  return null;
}

function messageOf(error: unknown): string {
  if (error instanceof TanggapError) return error.message;
  throw error;
}

/** Checks a backup file's text whole. Nothing here writes anything. */
export function validateBackup<P = unknown>(
  text: string,
  rules: BackupRules<P> = {},
): BackupCheck<P> {
  // The length bounds the size from below (every character is at least one byte): a huge
  // text is refused before it is even measured, let alone parsed.
  const tooBig = text.length > MAX_BACKUP_BYTES ? sizeProblem(text.length) : null;
  const sizeIssue = tooBig ?? sizeProblem(utf8Bytes(text));
  if (sizeIssue) return { ok: false, problems: [sizeIssue] };

  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return {
      ok: false,
      problems: [
        `The file is not valid JSON: ${(error as Error).message}. Is it a Tanggap backup?`,
      ],
    };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, problems: ['The file is JSON but not a Tanggap backup (not an object).'] };
  }
  const file = parsed as Record<string, unknown>;
  if (file.format !== BACKUP_FORMAT) {
    return {
      ok: false,
      problems: [`The file is not a Tanggap backup: "format" must be "${BACKUP_FORMAT}".`],
    };
  }
  if (!READABLE_VERSIONS.includes(file.version)) {
    const newer = typeof file.version === 'number' && file.version > BACKUP_VERSION;
    return {
      ok: false,
      problems: [
        `Backup version ${JSON.stringify(file.version)} cannot be restored: this Tanggap reads version ${BACKUP_VERSION} and older` +
          (newer ? ' (the file comes from a newer Tanggap: update the extension first).' : '.'),
      ],
    };
  }
  const version = file.version as BackupVersion;

  const problems: string[] = [];
  const check = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      problems.push(messageOf(error));
      return undefined;
    }
  };

  const topKeys = version === 1 ? TOP_KEYS_V1 : TOP_KEYS;
  for (const key of Object.keys(file)) {
    if (!topKeys.includes(key)) problems.push(`The backup has an unknown field "${key}".`);
  }
  const exportedAt = typeof file.exportedAt === 'string' ? file.exportedAt : '';
  if (Number.isNaN(Date.parse(exportedAt))) {
    problems.push('exportedAt must be an ISO 8601 date.');
  }

  const departments = check(() => validateDirectory(file.departments, 'departments')) ?? [];
  const settings = check(() => {
    // Missing settings would silently reset them: a backup always holds them.
    if (file.settings === undefined) throw new TanggapError('bad-request', 'settings are missing');
    return applySettingsUpdate(structuredClone(DEFAULT_SETTINGS) as Settings, file.settings);
  });
  const programmes = check(() => {
    if (!Array.isArray(file.programmes))
      throw new TanggapError('bad-request', 'programmes must be a list');
    if (rules.validateProgrammes) return rules.validateProgrammes(file.programmes, 'programmes');
    if (file.programmes.length > 0) {
      throw new TanggapError(
        'bad-request',
        'programmes: this version of Tanggap cannot restore programmes',
      );
    }
    return [] as P[];
  });

  const assignments: Assignment[] = [];
  if (!Array.isArray(file.assignments)) {
    problems.push('assignments must be a list');
  } else {
    const known = new Set(departments.map((d) => d.id));
    const seen = new Map<string, number>();
    file.assignments.forEach((x, i) => {
      if (problems.length > MAX_PROBLEMS) return;
      const path = `assignments[${i}]`;
      const a = check(() => validateAssignment(x, path));
      if (!a) return;
      const first = seen.get(a.tweetId);
      if (first !== undefined) {
        problems.push(`${path} repeats post ${a.tweetId} (already in assignments[${first}])`);
        return;
      }
      seen.set(a.tweetId, i);
      if (a.departmentId && departments.length > 0 && !known.has(a.departmentId)) {
        problems.push(
          `${path}.departmentId "${a.departmentId}" is not in the backup's departments`,
        );
        return;
      }
      assignments.push(a);
    });
  }

  const mentions = version === 1 ? undefined : checkMentions(file.mentions, problems);

  if (problems.length > 0 || !settings || !programmes) {
    const listed = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS)
      listed.push('…and more: the rest of the file was not checked.');
    return { ok: false, problems: listed };
  }
  return {
    ok: true,
    backup: {
      format: BACKUP_FORMAT,
      version,
      exportedAt: new Date(exportedAt).toISOString(),
      assignments,
      ...(mentions && { mentions }),
      departments,
      programmes,
      settings,
    },
  };
}

/** The mentions of a version 2 file, each checked and each post once; problems go to `problems`. */
function checkMentions(x: unknown, problems: string[]): Mention[] {
  if (!Array.isArray(x)) {
    problems.push('mentions must be a list');
    return [];
  }
  const mentions: Mention[] = [];
  const seen = new Map<string, number>();
  x.forEach((record, i) => {
    if (problems.length > MAX_PROBLEMS) return;
    const path = `mentions[${i}]`;
    let m: Mention;
    try {
      m = validateMention(record, path);
    } catch (error) {
      problems.push(messageOf(error));
      return;
    }
    const first = seen.get(m.tweetId);
    if (first !== undefined) {
      problems.push(`${path} repeats post ${m.tweetId} (already in mentions[${first}])`);
      return;
    }
    seen.set(m.tweetId, i);
    mentions.push(m);
  });
  return mentions;
}

/** What a restore replaced everything with. */
export interface RestoreCounts {
  assignments: number;
  /** Null when the file held none (version 1): this browser's mentions were kept. */
  mentions: number | null;
  departments: number;
  programmes: number;
}

/** A backup ready to save: the file and how many assignments it holds. */
export interface BackupFile {
  blob: Blob;
  filename: string;
  assignments: number;
}
