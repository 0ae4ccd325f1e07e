/**
 * Programme requests: the list, adding, changing and removing programmes, counting the posts
 * that mention them, and the per-day counts for the popup. Bad input throws a `TanggapError`
 * and changes nothing; a change is broadcast only after it has committed.
 */
import {
  countProgrammeMentions,
  listProgrammes,
  putProgrammes,
  recordProgrammeMentions,
  removeProgramme,
} from '../../utils/storage/programmes';
import type { TanggapDb } from '../../utils/storage/schema';
import { type BackgroundProtocol, type Handlers } from '../../utils/messaging/protocol';
import { TanggapError } from '../../utils/domain/errors';
import {
  dayOf,
  lastDays,
  MAX_PROGRAMMES,
  newProgrammeId,
  programmeLabel,
  validateProgramme,
} from '../../utils/domain/programmes';
import type { Programme, ProgrammeMention } from '../../utils/domain/types';
import { notifyAfterCommit } from './after-commit';
import { noFields, parseRequest, requests } from './requests';
import { refuse } from '../../utils/domain/schemas/parse';

export interface ProgrammeDeps {
  db: () => Promise<TanggapDb>;
  now: () => Date;
  /** Called after a change of programmes has committed, with all of them. */
  onProgrammesChanged?: (programmes: Programme[]) => void | Promise<void>;
}

type ProgrammeHandlers = Pick<
  Handlers<BackgroundProtocol>,
  | 'listProgrammes'
  | 'saveProgramme'
  | 'removeProgramme'
  | 'recordProgrammeMentions'
  | 'programmeStats'
>;

export function createProgrammeHandlers(deps: ProgrammeDeps): ProgrammeHandlers {
  async function changed(programmes: Programme[]) {
    await notifyAfterCommit(deps.onProgrammesChanged, programmes);
  }

  return {
    async listProgrammes(req) {
      parseRequest(noFields, req);
      return listProgrammes(await deps.db());
    },

    async saveProgramme(req) {
      const { programme: given } = parseRequest(requests.saveProgramme, req);
      const db = await deps.db();
      const existing = await listProgrammes(db);
      const isNew = given.id === undefined || given.id === '';
      const id = isNew
        ? newProgrammeId(
            typeof given.shortName === 'string' && given.shortName.trim()
              ? given.shortName
              : String(given.name ?? ''),
            existing.map((p) => p.id),
          )
        : given.id;
      const checked = validateProgramme({ ...given, id }, 'request.programme');
      if (isNew && existing.length >= MAX_PROGRAMMES) {
        refuse(`There are already ${MAX_PROGRAMMES} programmes: remove one first`);
      }
      await putProgrammes(db, [checked]);
      const all = await listProgrammes(db);
      await changed(all);
      return all;
    },

    async removeProgramme(req) {
      const { id } = parseRequest(requests.removeProgramme, req);
      const db = await deps.db();
      if (!(await removeProgramme(db, id))) {
        throw new TanggapError('not-found', `No programme has the id "${id}"`);
      }
      const all = await listProgrammes(db);
      await changed(all);
      return all;
    },

    async recordProgrammeMentions(req) {
      const { mentions } = parseRequest(requests.recordProgrammeMentions, req);
      const rows: ProgrammeMention[] = mentions.flatMap((m) => {
        const day = dayOf(Date.parse(m.createdAt));
        return m.programmeIds.map((programmeId) => ({ programmeId, tweetId: m.tweetId, day }));
      });
      const db = await deps.db();
      // A page that has not heard of a removal yet may still name the removed programme.
      const known = new Set((await listProgrammes(db)).map((p) => p.id));
      const recorded = await recordProgrammeMentions(
        db,
        rows.filter((row) => known.has(row.programmeId)),
      );
      return { recorded };
    },

    async programmeStats(req) {
      const { days: count } = parseRequest(requests.programmeStats, req);
      const db = await deps.db();
      const days = lastDays(deps.now().getTime(), count);
      const programmes = await listProgrammes(db);
      const counts = await countProgrammeMentions(
        db,
        programmes.map((p) => p.id),
        days,
      );
      return {
        days,
        programmes: programmes.map((p) => {
          const row = counts[p.id] ?? days.map(() => 0);
          return {
            id: p.id,
            name: p.name,
            label: programmeLabel(p),
            color: p.color ?? '',
            active: p.active,
            counts: row,
            total: row.reduce((a, b) => a + b, 0),
          };
        }),
      };
    },
  };
}
