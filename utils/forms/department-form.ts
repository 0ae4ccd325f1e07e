/**
 * The options page's department form: the directory's rules, as one error per field in the
 * officer's words.
 */
import {
  MAX_DEPARTMENT_NAME,
  MAX_SHORT_NAME,
  MAX_SLA_HOURS,
  MIN_SLA_HOURS,
  normaliseHandle,
  slugOf,
  validateDepartment,
} from '../domain/directory';
import { checkColor, checkKeywords, checkRequiredText, type FieldError } from './form-checks';
import type { Department } from '../domain/types';
import { sameHandle } from '../domain/x-handle';

export interface DepartmentDraft {
  name: string;
  shortName: string;
  handle: string;
  color: string;
  slaHours: string;
  keywords: string;
}

export type DraftField = keyof DepartmentDraft;

export function draftOf(d: Department): DepartmentDraft {
  return {
    name: d.name,
    shortName: d.shortName,
    handle: d.handle,
    color: d.color,
    slaHours: String(d.slaHours),
    keywords: d.keywords.join('\n'),
  };
}

/**
 * Checks a form's draft of department `id` (empty for a new one, whose id comes from its
 * short name) against the rest of the directory. Either the department to save, or errors.
 */
export function checkDraft(
  draft: DepartmentDraft,
  id: string,
  directory: readonly Department[],
):
  | { department: Department; errors?: undefined }
  | { errors: Partial<Record<DraftField, FieldError>> } {
  const errors: Partial<Record<DraftField, FieldError>> = {};
  const others = directory.filter((d) => d.id !== id);
  const name = checkRequiredText(draft.name, MAX_DEPARTMENT_NAME);
  if (name) errors.name = name;
  const shortName = checkRequiredText(draft.shortName, MAX_SHORT_NAME);
  if (shortName) errors.shortName = shortName;
  const newId = id || slugOf(draft.shortName) || slugOf(draft.name);
  if (!id && !errors.shortName && (!newId || directory.some((d) => d.id === newId))) {
    errors.shortName = { key: 'optionsErrorShortNameTaken', subs: [] };
  }

  let handle = '';
  try {
    handle = normaliseHandle(draft.handle, 'handle');
    const taken = handle && others.find((o) => o.handle && sameHandle(o.handle, handle));
    if (taken) errors.handle = { key: 'optionsErrorHandleTaken', subs: [handle, taken.name] };
  } catch {
    errors.handle = { key: 'optionsErrorHandle', subs: [] };
  }
  const color = checkColor(draft.color);
  if (color) errors.color = color;
  const sla = Number(draft.slaHours.trim());
  if (!/^\d+$/.test(draft.slaHours.trim()) || sla < MIN_SLA_HOURS || sla > MAX_SLA_HOURS) {
    errors.slaHours = { key: 'optionsErrorSla', subs: [] };
  }
  const keywords = checkKeywords(draft.keywords);
  if (keywords.error) errors.keywords = keywords.error;
  if (Object.keys(errors).length > 0) return { errors };
  const existing = directory.find((d) => d.id === id);
  const department = validateDepartment({
    id: newId,
    name: draft.name,
    shortName: draft.shortName,
    color: draft.color,
    handle,
    slaHours: sla,
    keywords: keywords.keywords ?? [],
    order: existing?.order ?? 0,
  });
  return { department };
}
