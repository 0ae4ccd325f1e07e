/**
 * A department, a whole directory and a directory file, as an import, the options page or the
 * team server gives them: every field checked and normalised.
 */
import * as v from 'valibot';
import { contrastWithWhite, MIN_CONTRAST } from '../contrast';
import type { Department } from '../types';
import { parseHandle, sameHandle } from '../x-handle';
import { departmentId, text } from './blocks';
import { fields } from './parse';

export const DIRECTORY_FORMAT = 'tanggap-directory';
export const DIRECTORY_VERSION = 1;
export const MAX_DEPARTMENTS = 200;
export const MAX_DEPARTMENT_NAME = 120;
export const MAX_SHORT_NAME = 16;
export const MIN_SLA_HOURS = 1;
export const MAX_SLA_HOURS = 720;
export const MAX_KEYWORDS = 200;
export const MAX_KEYWORD_LENGTH = 60;

/** Text that must not be blank once trimmed, at most `max` characters. */
export const requiredText = (max: number) =>
  v.pipe(
    text(max),
    v.transform((s) => s.trim()),
    v.nonEmpty('must not be empty'),
  );

/** An X handle as typed ("@Dinas_PU" or "dinas_pu"), stored without "@"; '' = not set. */
export const typedHandle = v.pipe(
  v.string('must be a string'),
  v.check(
    (s: string) => parseHandle(s) !== null,
    (issue) =>
      `must be an X handle: 1 to 15 letters, digits or "_" (not "${(issue.input as string).trim()}")`,
  ),
  v.transform((s) => parseHandle(s)!),
);

/** A chip's colour as `#rrggbb`, dark enough for its white text. */
export const chipColor = v.pipe(
  v.string('must be a colour as #rrggbb'),
  v.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb'),
  v.check(
    (s: string) => contrastWithWhite(s) >= MIN_CONTRAST,
    (issue) =>
      `${issue.input as string} is too light for the chip's white text ` +
      `(contrast ${contrastWithWhite(issue.input as string).toFixed(1)}:1, ` +
      `at least ${MIN_CONTRAST}:1): choose a darker colour`,
  ),
);

const normalise = (keyword: string) => keyword.trim().replace(/\s+/g, ' ').toLowerCase();

/** Keywords from a list or from text with one per line or comma: trimmed, lower-cased, unique. */
export const keywords = v.pipe(
  v.union(
    [
      v.pipe(
        v.string(),
        v.transform((s) => s.split(/[,\n]/)),
      ),
      v.array(v.unknown()),
    ],
    'must be a list of keywords',
  ),
  v.array(v.pipe(v.string('must be a string'), v.transform(normalise))),
  v.check(
    (list: string[]) => list.every((k) => k.length <= MAX_KEYWORD_LENGTH),
    (issue) => {
      const long = (issue.input as string[]).find((k) => k.length > MAX_KEYWORD_LENGTH)!;
      return `{path}: "${long.slice(0, 20)}…" is too long (at most ${MAX_KEYWORD_LENGTH} characters)`;
    },
  ),
  v.transform((list) => [...new Set(list.filter(Boolean))]),
  v.check(
    (list: string[]) => list.length <= MAX_KEYWORDS,
    (issue) => `holds ${(issue.input as string[]).length} keywords, at most ${MAX_KEYWORDS}`,
  ),
);

const slaHours = v.pipe(
  v.number(`must be a whole number of hours from ${MIN_SLA_HOURS} to ${MAX_SLA_HOURS}`),
  v.check(
    (n: number) => Number.isInteger(n) && n >= MIN_SLA_HOURS && n <= MAX_SLA_HOURS,
    `must be a whole number of hours from ${MIN_SLA_HOURS} to ${MAX_SLA_HOURS}`,
  ),
);

const position = v.pipe(
  v.number('must be a whole number from 0'),
  v.check((n: number) => Number.isInteger(n) && n >= 0, 'must be a whole number from 0'),
);

/** One department; a missing handle is none, missing keywords are none, a missing order 0. */
export const departmentSchema: v.GenericSchema<unknown, Department> = fields({
  id: departmentId,
  name: requiredText(MAX_DEPARTMENT_NAME),
  shortName: requiredText(MAX_SHORT_NAME),
  color: chipColor,
  handle: v.nullish(typedHandle, ''),
  slaHours,
  keywords: v.nullish(keywords, () => []),
  order: v.nullish(position, 0),
});

/** Another department among `others` with the same handle (X handles ignore case). */
export function handleTaken(dept: Department, others: readonly Department[]) {
  if (!dept.handle) return undefined;
  return others.find((o) => o.id !== dept.id && o.handle && sameHandle(o.handle, dept.handle));
}

/** A whole directory: 1 to 200 departments, ids and handles unique, in the list's order. */
export const directorySchema = v.pipe(
  v.array(departmentSchema, `must be a list of 1 to ${MAX_DEPARTMENTS} departments`),
  v.check(
    (list: Department[]) => list.length > 0 && list.length <= MAX_DEPARTMENTS,
    `must be a list of 1 to ${MAX_DEPARTMENTS} departments`,
  ),
  v.transform((list) => list.map((d, order) => ({ ...d, order }))),
  v.rawCheck<Department[]>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const list = dataset.value;
    const ids = new Map<string, number>();
    for (const [i, d] of list.entries()) {
      const first = ids.get(d.id);
      if (first !== undefined) {
        return addIssue({ message: `{path}[${i}] repeats the id "${d.id}" of {path}[${first}]` });
      }
      ids.set(d.id, i);
      const taken = handleTaken(d, list.slice(0, i));
      if (taken) {
        return addIssue({
          message: `{path}[${i}].handle: @${d.handle} is already the handle of ${taken.name}`,
        });
      }
    }
  }),
);

/** A directory file, as `exportDirectory` writes it. */
export const directoryFileSchema = fields({
  format: v.literal(DIRECTORY_FORMAT, `must be "${DIRECTORY_FORMAT}"`),
  version: v.literal(
    DIRECTORY_VERSION,
    (issue) => `${String(issue.input)} is not supported (expected ${DIRECTORY_VERSION})`,
  ),
  departments: directorySchema,
});

export type DirectoryFile = v.InferOutput<typeof directoryFileSchema>;
