/**
 * The department directory's rules: what a department may hold, and the JSON format of a
 * directory import or export. Pure; every error is a `bad-request` naming the field.
 */
import { departmentId, onlyKeys, record, text } from './assignment-ops';
import { TanggapError } from './errors';
import type { Department } from './types';
import { parseHandle, sameHandle } from './x-handle';

export const DIRECTORY_FORMAT = 'tanggap-directory';
export const DIRECTORY_VERSION = 1;
export const MAX_DEPARTMENTS = 200;
/** A directory file to import: 200 departments with their keywords fit in far less. */
export const MAX_DIRECTORY_FILE_BYTES = 1_000_000;
export const MAX_DEPARTMENT_NAME = 120;
export const MAX_SHORT_NAME = 16;
export const MIN_SLA_HOURS = 1;
export const MAX_SLA_HOURS = 720;
export const MAX_KEYWORDS = 200;
export const MAX_KEYWORD_LENGTH = 60;
/** WCAG AA for normal text: the chip shows white text on the department's colour. */
export const MIN_CONTRAST = 4.5;

export interface DirectoryFile {
  format: typeof DIRECTORY_FORMAT;
  version: typeof DIRECTORY_VERSION;
  departments: Department[];
}

const DEPARTMENT_KEYS = [
  'id',
  'name',
  'shortName',
  'color',
  'handle',
  'slaHours',
  'keywords',
  'order',
] as const satisfies readonly (keyof Department)[];

function bad(message: string): never {
  throw new TanggapError('bad-request', message);
}

/** An X handle as typed ("@Dinas_PU" or "dinas_pu"), stored without "@"; '' = not set. */
export function normaliseHandle(x: unknown, path: string): string {
  if (typeof x !== 'string') bad(`${path} must be a string`);
  const value = parseHandle(x);
  if (value === null) {
    bad(`${path} must be an X handle: 1 to 15 letters, digits or "_" (not "${x.trim()}")`);
  }
  return value;
}

function channel(hex: string): number {
  const c = parseInt(hex, 16) / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG contrast ratio of white text on `#rrggbb`. */
export function contrastWithWhite(color: string): number {
  const [r, g, b] = [color.slice(1, 3), color.slice(3, 5), color.slice(5, 7)].map(channel);
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return 1.05 / (luminance + 0.05);
}

export function validateColor(x: unknown, path: string): string {
  if (typeof x !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(x)) {
    bad(`${path} must be a colour as #rrggbb`);
  }
  const ratio = contrastWithWhite(x);
  if (ratio < MIN_CONTRAST) {
    bad(
      `${path} ${x} is too light for the chip's white text ` +
        `(contrast ${ratio.toFixed(1)}:1, at least ${MIN_CONTRAST}:1): choose a darker colour`,
    );
  }
  return x;
}

/** Keywords from a list or from text with one per line or comma: trimmed, lower-cased, unique. */
export function normaliseKeywords(x: unknown, path: string): string[] {
  const list: unknown[] = typeof x === 'string' ? x.split(/[,\n]/) : Array.isArray(x) ? x : [];
  if (typeof x !== 'string' && !Array.isArray(x)) bad(`${path} must be a list of keywords`);
  const seen = new Set<string>();
  for (const [i, keyword] of list.entries()) {
    if (typeof keyword !== 'string') bad(`${path}[${i}] must be a string`);
    const k = keyword.trim().replace(/\s+/g, ' ').toLowerCase();
    if (k.length > MAX_KEYWORD_LENGTH) {
      bad(`${path}: "${k.slice(0, 20)}…" is too long (at most ${MAX_KEYWORD_LENGTH} characters)`);
    }
    if (k) seen.add(k);
  }
  if (seen.size > MAX_KEYWORDS) bad(`${path} holds ${seen.size} keywords, at most ${MAX_KEYWORDS}`);
  return [...seen];
}

/** Text that must not be blank once trimmed, at most `max` characters. */
export function requiredText(x: unknown, path: string, max: number): string {
  const value = text(x, path, max).trim();
  if (!value) bad(`${path} must not be empty`);
  return value;
}

/** One department, every field checked and normalised. `order` defaults to `fallbackOrder`. */
export function validateDepartment(x: unknown, path = 'department', fallbackOrder = 0): Department {
  const d = record(x, path);
  onlyKeys(d, DEPARTMENT_KEYS, path);
  const sla = d.slaHours;
  if (
    typeof sla !== 'number' ||
    !Number.isInteger(sla) ||
    sla < MIN_SLA_HOURS ||
    sla > MAX_SLA_HOURS
  ) {
    bad(
      `${path}.slaHours must be a whole number of hours from ${MIN_SLA_HOURS} to ${MAX_SLA_HOURS}`,
    );
  }
  const order = d.order ?? fallbackOrder;
  if (typeof order !== 'number' || !Number.isInteger(order) || order < 0) {
    bad(`${path}.order must be a whole number from 0`);
  }
  return {
    id: departmentId(d.id, `${path}.id`),
    name: requiredText(d.name, `${path}.name`, MAX_DEPARTMENT_NAME),
    shortName: requiredText(d.shortName, `${path}.shortName`, MAX_SHORT_NAME),
    color: validateColor(d.color, `${path}.color`),
    handle: normaliseHandle(d.handle ?? '', `${path}.handle`),
    slaHours: sla,
    keywords: normaliseKeywords(d.keywords ?? [], `${path}.keywords`),
    order,
  };
}

/** Refuses a handle that another department already has (X handles ignore case). */
export function checkHandleUnique(dept: Department, others: readonly Department[], path: string) {
  if (!dept.handle) return;
  const taken = others.find(
    (o) => o.id !== dept.id && o.handle && sameHandle(o.handle, dept.handle),
  );
  if (taken) bad(`${path}: @${dept.handle} is already the handle of ${taken.name}`);
}

/** A slug for a new department's id, from its short name or name. */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

export function exportDirectory(departments: readonly Department[]): DirectoryFile {
  return { format: DIRECTORY_FORMAT, version: DIRECTORY_VERSION, departments: [...departments] };
}

/**
 * A directory file (already parsed JSON), validated whole: the format, every department,
 * ids and handles unique. The order is the list's order.
 */
export function parseDirectory(x: unknown): Department[] {
  const file = record(x, 'directory');
  onlyKeys(file, ['format', 'version', 'departments'], 'directory');
  if (file.format !== DIRECTORY_FORMAT) bad(`directory.format must be "${DIRECTORY_FORMAT}"`);
  if (file.version !== DIRECTORY_VERSION) {
    bad(
      `directory.version ${String(file.version)} is not supported (expected ${DIRECTORY_VERSION})`,
    );
  }
  return validateDirectory(file.departments, 'directory.departments');
}

/** A whole list of departments: each valid, ids and handles unique, at least one. */
export function validateDirectory(x: unknown, path = 'departments'): Department[] {
  if (!Array.isArray(x) || x.length === 0 || x.length > MAX_DEPARTMENTS) {
    bad(`${path} must be a list of 1 to ${MAX_DEPARTMENTS} departments`);
  }
  const list = x.map((d, i) => ({ ...validateDepartment(d, `${path}[${i}]`), order: i }));
  const ids = new Map<string, number>();
  list.forEach((d, i) => {
    const first = ids.get(d.id);
    if (first !== undefined) bad(`${path}[${i}] repeats the id "${d.id}" of ${path}[${first}]`);
    ids.set(d.id, i);
    checkHandleUnique(d, list.slice(0, i), `${path}[${i}].handle`);
  });
  return list;
}

/** The background's refusal of removing a department with items (the count also travels as data). */
export function inUseMessage(name: string, count: number): string {
  return (
    `${name} cannot be removed: ${count} ${count === 1 ? 'item is' : 'items are'} assigned to ` +
    'it (open or closed). They keep their department; reassign them first.'
  );
}
