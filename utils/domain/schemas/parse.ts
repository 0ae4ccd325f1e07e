/**
 * How a schema's verdict becomes ours: the first fault as a `bad-request` that names its path
 * (`assignments[3].deadline must be an ISO 8601 date`), the way officers and tests read it.
 */
import * as v from 'valibot';
import { TanggapError } from '../errors';

/**
 * A fault's words: `{path}` stands for where it is; without it the path goes first, so most
 * messages are the rest of a sentence ("must be a string").
 */
export type Words = string | ((issue: v.BaseIssue<unknown>) => string);

/** The path of an issue below `root`: object keys as `.key`, list positions as `[i]`. */
export function pathOf(issue: v.BaseIssue<unknown>, root: string): string {
  let path = root;
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') path += `[${key}]`;
    else path += path ? `.${String(key)}` : String(key);
  }
  return path;
}

export function messageOf(issue: v.BaseIssue<unknown>, root: string): string {
  const path = pathOf(issue, root);
  return issue.message.includes('{path}')
    ? issue.message.replaceAll('{path}', path)
    : `${path} ${issue.message}`;
}

/** `x` as the schema's output, or a `bad-request` naming the first fault's path under `root`. */
export function parse<S extends v.GenericSchema>(
  schema: S,
  x: unknown,
  root: string,
): v.InferOutput<S> {
  const result = v.safeParse(schema, x, { abortEarly: true });
  if (result.success) return result.output;
  throw new TanggapError('bad-request', messageOf(result.issues[0], root));
}

/** A fault found after the schema, in the same words (a repeated id, a cross-field rule). */
export function refuse(message: string): never {
  throw new TanggapError('bad-request', message);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

/**
 * An object with exactly these fields. Unlike valibot's own objects: an unknown field is
 * refused by name before anything else (one left undefined is no field), a missing field is
 * refused in its own schema's words, and an optional field left out stays absent. With
 * `unknown: 'drop'`, unknown fields are left out instead of refused.
 */
export function fields<E extends v.ObjectEntries>(
  entries: E,
  { unknown }: { unknown: 'refuse' | 'drop' } = { unknown: 'refuse' },
) {
  const required = Object.keys(entries).filter((key) => {
    const type = entries[key]!.type;
    return type !== 'optional' && type !== 'exact_optional' && type !== 'nullish';
  });
  return v.pipe(
    v.custom<Record<string, unknown>>(isRecord, 'must be an object'),
    v.rawCheck<Record<string, unknown>>(({ dataset, addIssue }) => {
      if (!dataset.typed || unknown === 'drop') return;
      for (const [key, value] of Object.entries(dataset.value)) {
        if (!Object.hasOwn(entries, key) && value !== undefined) {
          addIssue({ message: `has an unknown field "${key}"` });
          return;
        }
      }
    }),
    v.transform((r: Record<string, unknown>) => {
      const filled: Record<string, unknown> = { ...r };
      for (const key of required) if (!(key in filled)) filled[key] = undefined;
      return filled;
    }),
    v.object(entries),
    v.transform(withoutUndefined),
  );
}
