/**
 * Programme requests: the list, adding, changing and removing programmes, counting the posts
 * that mention them, and the per-day counts for the popup. Bad input throws a `TanggapError`
 * and changes nothing; a change is broadcast only after it has committed.
 */
import { date, onlyKeys, programmeId, record, tweetId } from '../../utils/domain/assignment-ops';
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
  MAX_MENTION_REPORTS,
  MAX_PROGRAMMES,
  MAX_STATS_DAYS,
  newProgrammeId,
  programmeLabel,
  validateProgramme,
} from '../../utils/domain/programmes';
import type { Programme, ProgrammeMention } from '../../utils/domain/types';
import { notifyAfterCommit } from './after-commit';

export interface ProgrammeDeps {
  db: () => Promise<TanggapDb>;
  now: () => Date;
  request: (req: unknown, allowed: readonly string[]) => Record<string, unknown>;
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

function bad(message: string): never {
  throw new TanggapError('bad-request', message);
}

export function createProgrammeHandlers(deps: ProgrammeDeps): ProgrammeHandlers {
  async function changed(programmes: Programme[]) {
    await notifyAfterCommit(deps.onProgrammesChanged, programmes);
  }

  return {
    async listProgrammes(req) {
      deps.request(req, []);
      return listProgrammes(await deps.db());
    },

    async saveProgramme(req) {
      const { programme } = deps.request(req, ['programme']);
      if (typeof programme !== 'object' || programme === null || Array.isArray(programme)) {
        bad('request.programme must be an object');
      }
      const db = await deps.db();
      const existing = await listProgrammes(db);
      const given = programme as Record<string, unknown>;
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
        bad(`There are already ${MAX_PROGRAMMES} programmes: remove one first`);
      }
      await putProgrammes(db, [checked]);
      const all = await listProgrammes(db);
      await changed(all);
      return all;
    },

    async removeProgramme(req) {
      const r = deps.request(req, ['id']);
      const id = programmeId(r.id, 'request.id');
      const db = await deps.db();
      if (!(await removeProgramme(db, id))) {
        throw new TanggapError('not-found', `No programme has the id "${id}"`);
      }
      const all = await listProgrammes(db);
      await changed(all);
      return all;
    },

    async recordProgrammeMentions(req) {
      const { mentions } = deps.request(req, ['mentions']);
      if (!Array.isArray(mentions) || mentions.length > MAX_MENTION_REPORTS) {
        bad(`request.mentions must be a list of at most ${MAX_MENTION_REPORTS} posts`);
      }
      const rows: ProgrammeMention[] = [];
      mentions.forEach((m: unknown, i) => {
        const path = `request.mentions[${i}]`;
        const r = record(m, path);
        onlyKeys(r, ['tweetId', 'createdAt', 'programmeIds'], path);
        const id = tweetId(r.tweetId, `${path}.tweetId`);
        const day = dayOf(Date.parse(date(r.createdAt, `${path}.createdAt`, { optional: false })));
        if (!Array.isArray(r.programmeIds) || r.programmeIds.length > MAX_PROGRAMMES) {
          bad(`${path}.programmeIds must be a list of programme ids`);
        }
        for (const [j, p] of r.programmeIds.entries()) {
          rows.push({
            programmeId: programmeId(p, `${path}.programmeIds[${j}]`),
            tweetId: id,
            day,
          });
        }
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
      const r = deps.request(req, ['days']);
      const count = r.days;
      if (
        typeof count !== 'number' ||
        !Number.isInteger(count) ||
        count < 1 ||
        count > MAX_STATS_DAYS
      ) {
        bad(`request.days must be a whole number from 1 to ${MAX_STATS_DAYS}`);
      }
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
