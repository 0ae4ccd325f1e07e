/**
 * The building blocks of every shape that crosses a trust boundary (a message from a page, a
 * file, the team server's wire): each check declared once, in the words its fault is refused
 * with. Shapes are made of these in `schemas/*.ts`.
 */
import * as v from 'valibot';
import { UNSTORABLE } from '../text';
import { isHandle } from '../x-handle';
import { X_LINK_HOSTS } from '../x-urls';
import type { Words } from './parse';

const UNSTORABLE_WORDS =
  'holds a character that cannot be stored (NUL or half of a surrogate pair)';

/** The first string inside `x` (keys included) that holds an unstorable character, as a path. */
function unstorableIn(x: unknown, path: string): string | undefined {
  if (typeof x === 'string') return UNSTORABLE.test(x) ? path : undefined;
  if (typeof x !== 'object' || x === null) return undefined;
  if (Array.isArray(x)) {
    for (const [i, item] of x.entries()) {
      const found = unstorableIn(item, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, value] of Object.entries(x)) {
    if (UNSTORABLE.test(key)) return path;
    const found = unstorableIn(value, `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Any value whose strings, however deep, can all be stored; refused naming the first that cannot. */
export const storableStrings = v.pipe(
  v.unknown(),
  v.rawCheck(({ dataset, addIssue }) => {
    const found = unstorableIn(dataset.value, '{path}');
    if (found !== undefined) addIssue({ message: `${found} ${UNSTORABLE_WORDS}` });
  }),
);

/** Text of at most `max` characters, kept as it is. */
export const text = (max: number) =>
  v.pipe(
    v.string('must be a string'),
    v.check(
      (s: string) => s.length <= max,
      (issue) => `is too long (${(issue.input as string).length} characters, at most ${max})`,
    ),
    v.check((s: string) => !UNSTORABLE.test(s), UNSTORABLE_WORDS),
  );

/** Optional text, trimmed: absent or blank is absent. */
export const optionalText = (max: number) =>
  v.optional(
    v.pipe(
      text(max),
      v.transform((s) => s.trim() || undefined),
    ),
  );

/** A string matching `pattern` (and at most `max` long), refused in `words`. */
const matching = (pattern: RegExp, words: Words, max = Infinity) =>
  v.pipe(
    v.string(words),
    v.check((s: string) => s.length <= max && pattern.test(s), words),
  );

/** X status ids are decimal strings; they exceed 2^53, so they are never numbers. */
export const tweetId = matching(/^[0-9]{1,25}$/, 'must be a post id: a string of 1 to 25 digits');

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const departmentId = matching(
  SLUG,
  'must be a department id (lower-case letters, digits and dashes)',
  64,
);
export const programmeId = matching(
  SLUG,
  'must be a programme id (lower-case letters, digits and dashes)',
  64,
);

/** An X handle as stored: without "@". */
export const handle = v.pipe(
  v.string('must be an X handle without "@" (1 to 15 letters, digits or "_")'),
  v.check(isHandle, 'must be an X handle without "@" (1 to 15 letters, digits or "_")'),
);

export const flag = v.boolean('must be true or false');

/** One of `values`, refused with the list of them. */
export const oneOf = <const T extends readonly string[]>(values: T) =>
  v.picklist(values, `must be one of ${values.join(', ')}`);

/** A whole number from `min`. */
export const wholeNumber = (min = 0) =>
  v.pipe(
    v.number(`must be a whole number from ${min}`),
    v.check(
      (n: number) => Number.isSafeInteger(n) && n >= min,
      `must be a whole number from ${min}`,
    ),
  );

/** A list of at most `max` of `item`, or refused in `words`. */
export const list = <S extends v.GenericSchema>(
  item: S,
  max = Number.MAX_SAFE_INTEGER,
  words: Words = `must be a list of at most ${max}`,
) => v.pipe(v.array(item, words), v.maxLength(max, words));

/**
 * An instant as stored: ISO 8601 in `toISOString` form, so that index order is time order,
 * from the year 2000 to 9999.
 */
export const isoTime = v.pipe(
  v.string('must be an ISO 8601 date'),
  v.maxLength(40, 'must be an ISO 8601 date'),
  v.check(
    (s: string) => !Number.isNaN(Date.parse(s)),
    (issue) => `must be an ISO 8601 date, not ${JSON.stringify(issue.input)}`,
  ),
  v.check(
    (s: string) => {
      const year = new Date(Date.parse(s)).getUTCFullYear();
      return year >= 2000 && year <= 9999;
    },
    (issue) => `is out of range: ${JSON.stringify(issue.input)}`,
  ),
  v.transform((s) => new Date(Date.parse(s)).toISOString()),
);

/** An instant as stored, or '' for one that has not happened. */
export const isoTimeOrEmpty = v.union([v.literal(''), isoTime], (issue) => {
  // The union's own words would hide which rule the time broke: give the instant's.
  const inner = v.safeParse(isoTime, issue.input);
  return inner.success ? 'must be an ISO 8601 date' : inner.issues[0].message;
});

/** The instant of a request (the wire's own times): any date `Date` reads, in stored form. */
export const wireTime = v.pipe(
  v.string('must be an ISO 8601 date'),
  v.check((s: string) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date'),
  v.transform((s) => new Date(s).toISOString()),
);

function urlOf(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}

/** An https:// link to a post on X: the popup opens it on a click, so never another site. */
export const postUrl = (max: number) =>
  v.pipe(
    text(max),
    v.check((s: string) => urlOf(s) !== null, 'must be a URL'),
    v.check((s: string) => {
      const url = urlOf(s)!;
      return url.protocol === 'https:' && X_LINK_HOSTS.has(url.hostname);
    }, 'must be an https:// address on x.com or twitter.com'),
  );
