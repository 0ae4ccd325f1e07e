/** A government programme and a whole list of them, as the options page or a backup give them. */
import * as v from 'valibot';
import type { Programme } from '../types';
import { flag, optionalText, programmeId } from './blocks';
import { chipColor, keywords, requiredText } from './department';
import { fields } from './parse';

export const MAX_PROGRAMMES = 100;
export const MAX_PROGRAMME_NAME = 120;
export const MAX_PROGRAMME_SHORT_NAME = 24;

/** One programme; an empty short name or colour is dropped. */
export const programmeSchema: v.GenericSchema<unknown, Programme> = fields({
  id: programmeId,
  name: requiredText(MAX_PROGRAMME_NAME),
  keywords: v.pipe(
    v.nullish(keywords, () => []),
    v.nonEmpty('must hold at least one keyword'),
  ),
  active: flag,
  shortName: optionalText(MAX_PROGRAMME_SHORT_NAME),
  color: v.pipe(
    v.unknown(),
    v.transform((x) => (x === '' ? undefined : x)),
    v.optional(chipColor),
  ),
});

/** A whole list (a backup's): each valid, ids unique. */
export const programmesSchema = v.pipe(
  v.array(programmeSchema, `must be a list of at most ${MAX_PROGRAMMES} programmes`),
  v.maxLength(MAX_PROGRAMMES, `must be a list of at most ${MAX_PROGRAMMES} programmes`),
  v.rawCheck<Programme[]>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const ids = new Map<string, number>();
    for (const [i, p] of dataset.value.entries()) {
      const first = ids.get(p.id);
      if (first !== undefined) {
        return addIssue({ message: `{path}[${i}] repeats the id "${p.id}" of {path}[${first}]` });
      }
      ids.set(p.id, i);
    }
  }),
);
