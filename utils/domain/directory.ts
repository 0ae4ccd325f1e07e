/**
 * The department directory's rules: what a department may hold, and the JSON format of a
 * directory import or export. Pure; every error is a `bad-request` naming the field.
 */
import { contrastWithWhite, MIN_CONTRAST } from './contrast';
import type { Department } from './types';
import {
  chipColor,
  departmentSchema,
  directoryFileSchema,
  directorySchema,
  DIRECTORY_FORMAT,
  DIRECTORY_VERSION,
  handleTaken,
  keywords,
  requiredText as requiredTextSchema,
  typedHandle,
  type DirectoryFile,
} from './schemas/department';
import { parse, refuse } from './schemas/parse';

export {
  DIRECTORY_FORMAT,
  DIRECTORY_VERSION,
  MAX_DEPARTMENT_NAME,
  MAX_DEPARTMENTS,
  MAX_KEYWORD_LENGTH,
  MAX_KEYWORDS,
  MAX_SHORT_NAME,
  MAX_SLA_HOURS,
  MIN_SLA_HOURS,
} from './schemas/department';
export { contrastWithWhite, MIN_CONTRAST };
export type { DirectoryFile };

/** A directory file to import: 200 departments with their keywords fit in far less. */
export const MAX_DIRECTORY_FILE_BYTES = 1_000_000;

/** An X handle as typed ("@Dinas_PU" or "dinas_pu"), stored without "@"; '' = not set. */
export function normaliseHandle(x: unknown, path: string): string {
  return parse(typedHandle, x, path);
}

export function validateColor(x: unknown, path: string): string {
  return parse(chipColor, x, path);
}

/** Keywords from a list or from text with one per line or comma: trimmed, lower-cased, unique. */
export function normaliseKeywords(x: unknown, path: string): string[] {
  return parse(keywords, x, path);
}

/** Text that must not be blank once trimmed, at most `max` characters. */
export function requiredText(x: unknown, path: string, max: number): string {
  return parse(requiredTextSchema(max), x, path);
}

/** One department, every field checked and normalised. */
export function validateDepartment(x: unknown, path = 'department'): Department {
  return parse(departmentSchema, x, path);
}

/** Refuses a handle that another department already has (X handles ignore case). */
export function checkHandleUnique(dept: Department, others: readonly Department[], path: string) {
  const taken = handleTaken(dept, others);
  if (taken) refuse(`${path}: @${dept.handle} is already the handle of ${taken.name}`);
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
  return parse(directoryFileSchema, x, 'directory').departments;
}

/** A whole list of departments: each valid, ids and handles unique, at least one. */
export function validateDirectory(x: unknown, path = 'departments'): Department[] {
  return parse(directorySchema, x, path);
}

/** The background's refusal of removing a department with items (the count also travels as data). */
export function inUseMessage(name: string, count: number): string {
  return (
    `${name} cannot be removed: ${count} ${count === 1 ? 'item is' : 'items are'} assigned to ` +
    'it (open or closed). They keep their department; reassign them first.'
  );
}
