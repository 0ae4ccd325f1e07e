import { afterEach, describe, expect, test } from 'vitest';
import { createAssignment, createPost } from '../../tests/factories';
import { mentionOf, type Mention } from '../domain/mentions';
import { putAssignments } from './assignments';
import {
  listMentions,
  listUntriagedMentions,
  recordMentions,
  setMentionDismissed,
} from './mentions';
import { openTanggapDb, type TanggapDb } from './schema';

let count = 0;
const opened: TanggapDb[] = [];
async function freshDb(): Promise<TanggapDb> {
  const db = await openTanggapDb(`mentions-${++count}`);
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function mention(createdAt: string, seenAt = '2025-03-10T05:00:00.000Z'): Mention {
  const post = createPost({ text: 'Lampu jalan mati @PemkotBdg', createdAt });
  return mentionOf(post, ['PemkotBdg'], seenAt)!;
}

describe('mentions', () => {
  test('a post seen again is recorded once, its first sighting kept', async () => {
    const db = await freshDb();
    const m = mention('2025-03-10T01:00:00.000Z');
    expect(await recordMentions(db, [m, m])).toHaveLength(1);
    const again = { ...m, firstSeenAt: '2025-03-10T09:00:00.000Z' };
    expect(await recordMentions(db, [again])).toEqual([]);
    expect(await listMentions(db)).toEqual([m]);
  });

  test('lists by post time, from inclusive, to exclusive', async () => {
    const db = await freshDb();
    const [a, b, c] = [
      '2025-03-09T23:59:59.999Z',
      '2025-03-10T00:00:00.000Z',
      '2025-03-11T00:00:00.000Z',
    ].map((at) => mention(at));
    await recordMentions(db, [c!, a!, b!]);
    const day = await listMentions(db, {
      from: '2025-03-10T00:00:00.000Z',
      to: '2025-03-11T00:00:00.000Z',
    });
    expect(day.map((m) => m.tweetId)).toEqual([b!.tweetId]);
    expect(await listMentions(db, { from: '2025-03-10T00:00:00.000Z' })).toHaveLength(2);
  });

  test('waits for triage until assigned or dismissed; a dismissal can be undone', async () => {
    const db = await freshDb();
    const [assigned, dismissed, waiting] = [1, 2, 3].map((h) =>
      mention(`2025-03-10T0${h}:00:00.000Z`),
    );
    await recordMentions(db, [assigned!, dismissed!, waiting!]);
    await putAssignments(db, [createAssignment({ tweetId: assigned!.tweetId })]);
    const at = '2025-03-10T06:00:00.000Z';
    expect(await setMentionDismissed(db, dismissed!.tweetId, { at, by: 'ani' })).toMatchObject({
      dismissedAt: at,
      dismissedBy: 'ani',
    });
    expect((await listUntriagedMentions(db)).map((m) => m.tweetId)).toEqual([waiting!.tweetId]);

    // Seen again on X, a dismissed mention stays dismissed.
    await recordMentions(db, [dismissed!]);
    expect(await listUntriagedMentions(db)).toHaveLength(1);

    await setMentionDismissed(db, dismissed!.tweetId, null);
    expect(await listUntriagedMentions(db)).toHaveLength(2);
    expect(await setMentionDismissed(db, '42', null)).toBeNull();

    // An item sent back to unassigned waits again.
    await putAssignments(db, [
      createAssignment({
        tweetId: assigned!.tweetId,
        status: 'unassigned',
        departmentId: '',
        deadline: '',
      }),
    ]);
    expect(await listUntriagedMentions(db)).toHaveLength(3);
  });
});
