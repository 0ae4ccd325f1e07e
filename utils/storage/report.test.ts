import { afterEach, describe, expect, test } from 'vitest';
import { createAssignment, createPost } from '../../tests/factories';
import { assign } from '../domain/assignment-ops';
import { DEFAULT_DEPARTMENTS } from '../domain/departments';
import { putAssignments } from './assignments';
import { recordProgrammeMentions } from './programmes';
import { listItemsPosted, listProgrammeMentions } from './report';
import { openTanggapDb, type TanggapDb } from './schema';

let count = 0;
let db: TanggapDb;
afterEach(() => db.close());

const posted = (createdAt: string) =>
  assign(undefined, createPost({ createdAt }), DEFAULT_DEPARTMENTS[0]!, 'triage', createdAt);

describe('the report’s reads', () => {
  test('gives the items posted in the period, whenever they were assigned', async () => {
    db = await openTanggapDb(`report-${++count}`);
    const before = posted('2026-11-29T16:59:59.999Z');
    const first = posted('2026-11-29T17:00:00.000Z');
    const last = posted('2026-12-06T16:59:59.999Z');
    const after = posted('2026-12-06T17:00:00.000Z');
    const lateAssigned = {
      ...createAssignment({ assignedAt: '2026-12-20T00:00:00.000Z' }),
      post: { ...first.post, createdAt: '2026-12-01T00:00:00.000Z' },
    };
    await putAssignments(db, [after, last, lateAssigned, first, before]);
    const items = await listItemsPosted(db, '2026-11-29T17:00:00.000Z', '2026-12-06T17:00:00.000Z');
    expect(items.map((a) => a.tweetId)).toEqual([
      first.tweetId,
      lateAssigned.tweetId,
      last.tweetId,
    ]);
  });

  test('gives the programmes’ mentions of the period’s days', async () => {
    db = await openTanggapDb(`report-${++count}`);
    await recordProgrammeMentions(db, [
      { programmeId: 'kur', tweetId: '1', day: '2026-11-29' },
      { programmeId: 'kur', tweetId: '2', day: '2026-11-30' },
      { programmeId: 'kur', tweetId: '3', day: '2026-12-06' },
      { programmeId: 'imunisasi', tweetId: '4', day: '2026-12-01' },
      { programmeId: 'kur', tweetId: '5', day: '2026-12-07' },
    ]);
    const mentions = await listProgrammeMentions(
      db,
      ['kur', 'imunisasi'],
      '2026-11-30',
      '2026-12-06',
    );
    expect(mentions.map((m) => m.tweetId).sort()).toEqual(['2', '3', '4']);
  });
});
