/**
 * The team's intake on the server: received mentions pushed by any officer, dismissed by
 * triage and admins only, pulled by every browser in the same byte-bounded pages as the items.
 */
import { describe, expect, test } from 'vitest';
import { createPost } from '../tests/factories';
import { mentionOf, seenMention, type Mention } from '../utils/domain/mentions';
import type { PullResponse } from '../utils/domain/sync-protocol';
import { assignArgs, BACKENDS, type Client, newWorld, useBackend } from './test/helpers';

const WATCHED = ['PemkotBdg'];

/** A citizen's mention as a browser read it, for `receiveMentions`. */
function seen(text = 'Lampu jalan mati @PemkotBdg') {
  const post = createPost({ text, createdAt: '2025-03-10T01:00:00.000Z' });
  return seenMention(mentionOf(post, WATCHED, '2025-03-10T01:00:00.000Z')!);
}

/** Everything from the start in pages of `limit`: the team's mentions and each page. */
async function pullMentions(client: Client, limit?: number) {
  client.cursor = 0;
  const mentions = new Map<string, Mention>();
  const pages: PullResponse[] = [];
  for (let i = 0; i < 100; i += 1) {
    const page = await client.pull(limit);
    pages.push(page);
    for (const m of page.mentions) mentions.set(m.tweetId, m);
    if (!page.more) return { mentions, pages };
  }
  throw new Error('the pull never ended');
}

describe.each(BACKENDS)('the team’s intake on %s', (name) => {
  const backend = useBackend(name);

  test('anyone records; the earliest sighting wins; a mention seen again writes nothing', async () => {
    const world = await newWorld(backend);
    const [dept, triage, other] = await Promise.all([
      world.officer('department', 'dsdabm'),
      world.officer('triage'),
      world.officer('triage'),
    ]);
    const m = seen();
    const later = '2025-03-10T03:00:00.000Z';
    const earlier = '2025-03-10T02:00:00.000Z';
    await dept.push([dept.mutation('receiveMentions', { mentions: [m] }, later)]);
    // Pushed after, seen before (a browser that was offline): its time stays.
    await triage.push([triage.mutation('receiveMentions', { mentions: [m] }, earlier)]);
    const version = async () =>
      (await world.store.query<{ version: string }>('SELECT version FROM teams'))[0]!.version;
    const before = await version();
    await dept.push([dept.mutation('receiveMentions', { mentions: [m] }, later)]);
    expect(await version()).toBe(before);

    const { mentions } = await pullMentions(other);
    expect([...mentions.values()]).toEqual([
      { ...m, firstSeenAt: earlier, dismissedAt: '', dismissedBy: '' },
    ]);
  });

  test('triage and admins dismiss and restore; a department officer is refused and sees it back', async () => {
    const world = await newWorld(backend);
    const [dept, triage, admin] = await Promise.all([
      world.officer('department', 'dsdabm'),
      world.officer('triage'),
      world.officer('admin'),
    ]);
    const m = seen();
    await triage.push([triage.mutation('receiveMentions', { mentions: [m] })]);
    await dept.pull();
    const refused = await dept.push([dept.mutation('dismissMention', { tweetId: m.tweetId })]);
    expect(refused.refused).toEqual([expect.objectContaining({ code: 'forbidden' })]);
    // The refusal gives the mention a new version: the browser that dismissed it early gets it
    // back as the team holds it, and no item is made up for it.
    const back = await dept.pull();
    expect(back.mentions).toEqual([
      expect.objectContaining({ tweetId: m.tweetId, dismissedAt: '' }),
    ]);
    expect(back.assignments).toEqual([]);
    expect(back.removedAssignmentIds).toEqual([]);

    const answer = await triage.push([triage.mutation('dismissMention', { tweetId: m.tweetId })]);
    expect(answer.refused).toEqual([]);
    const dismissed = await dept.pull();
    expect(dismissed.mentions[0]).toMatchObject({ dismissedBy: triage.username });
    await admin.push([admin.mutation('restoreMention', { tweetId: m.tweetId })]);
    expect((await dept.pull()).mentions[0]).toMatchObject({ dismissedAt: '', dismissedBy: '' });
  });

  test('mentions and items come in one version order, in pages bounded like the items', async () => {
    const world = await newWorld(backend);
    const [triage, reader] = await Promise.all([world.officer('triage'), world.officer('triage')]);
    const [a, b, c] = [seen(), seen(), seen(`@PemkotBdg ${'banjir '.repeat(3_000)}`)];
    const items = [createPost(), createPost()];
    await triage.push([
      triage.mutation('receiveMentions', { mentions: [a] }),
      triage.mutation('assignPost', assignArgs('dsdabm', items[0])),
      triage.mutation('receiveMentions', { mentions: [b, c] }),
      triage.mutation('assignPost', assignArgs('dsdabm', items[1])),
    ]);

    const { mentions, pages } = await pullMentions(reader, 1);
    expect(pages).toHaveLength(5);
    const kinds = pages.map((p) => `${p.mentions.length}m${p.assignments.length}a`);
    expect(kinds).toEqual(['1m0a', '0m1a', '1m0a', '1m0a', '0m1a']);
    expect(pages.map((p) => p.cursor)).toEqual(
      [...pages.map((p) => p.cursor)].sort((x, y) => x - y),
    );
    expect([...mentions.keys()]).toEqual([a.tweetId, b.tweetId, c.tweetId]);

    // A write after a page was built for everyone is a new team version: a new page.
    const shared = await reader.pull();
    expect(shared.mentions).toEqual([]);
    const d = seen();
    await triage.push([triage.mutation('receiveMentions', { mentions: [d] })]);
    expect((await reader.pull()).mentions.map((m) => m.tweetId)).toEqual([d.tweetId]);
  });
});
