import { openDB } from 'idb';
import { afterEach, describe, expect, test } from 'vitest';
import { createActor, createAssignment, createPost, createPulledPage } from '../../tests/factories';
import { DEFAULT_DEPARTMENTS } from '../domain/departments';
import {
  isUntriaged,
  mentionOf,
  postOfMention,
  seenMention,
  type Mention,
} from '../domain/mentions';
import { parseMutation } from '../domain/sync-mutations';
import type { PullResponse } from '../domain/sync-protocol';
import { putAssignments } from './assignments';
import { replaceAllData } from './backup';
import { seedDepartments } from './departments';
import { applyPulledPage } from './pull';
import { commitMutation, listOutbox } from './outbox';
import { commitAs, logIn } from './team-test-helpers';
import { listMentions, listUntriagedMentions } from './mentions';
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

const SEEN_AT = '2025-03-10T05:00:00.000Z';

function mention(createdAt: string): Mention {
  const post = createPost({ text: 'Lampu jalan mati @PemkotBdg', createdAt });
  return mentionOf(post, ['PemkotBdg'], SEEN_AT)!;
}

/** Records mentions as the background does, seen at `at`; resolves to those new or changed. */
async function recordMentions(db: TanggapDb, mentions: Mention[], at = SEEN_AT) {
  const m = parseMutation('receiveMentions', { mentions: mentions.map(seenMention) });
  return (await commitMutation(db, m, { by: '', at })).effect.mentions ?? [];
}

/** Dismisses a mention (or takes the dismissal back: `by` null); resolves to it as stored. */
async function setDismissed(db: TanggapDb, tweetId: string, by: string | null, at = SEEN_AT) {
  const m = parseMutation(by === null ? 'restoreMention' : 'dismissMention', { tweetId });
  const { effect, before } = await commitMutation(db, m, { by: by ?? '', at });
  return effect.mentions?.[0] ?? before.mentions.get(tweetId);
}

describe('mentions', () => {
  test('a post seen again is recorded once, its first sighting kept', async () => {
    const db = await freshDb();
    const m = mention('2025-03-10T01:00:00.000Z');
    expect(await recordMentions(db, [m, m])).toHaveLength(1);
    expect(await recordMentions(db, [m], '2025-03-10T09:00:00.000Z')).toEqual([]);
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
    expect(await setDismissed(db, dismissed!.tweetId, 'ani', at)).toMatchObject({
      dismissedAt: at,
      dismissedBy: 'ani',
    });
    expect((await listUntriagedMentions(db)).map((m) => m.tweetId)).toEqual([waiting!.tweetId]);

    // Seen again on X, a dismissed mention stays dismissed.
    await recordMentions(db, [dismissed!]);
    expect(await listUntriagedMentions(db)).toHaveLength(1);

    await setDismissed(db, dismissed!.tweetId, null);
    expect(await listUntriagedMentions(db)).toHaveLength(2);
    const unknown = await setDismissed(db, '42', null).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'not-found' });

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

  test("a period's untriaged are those of its mentions isUntriaged says, by post time", async () => {
    const db = await freshDb();
    const [before, assigned, dismissed, waiting, unassigned, after] = [
      '2025-03-09T23:59:59.999Z',
      '2025-03-10T00:00:00.000Z',
      '2025-03-10T01:00:00.000Z',
      '2025-03-10T02:00:00.000Z',
      '2025-03-10T23:59:59.999Z',
      '2025-03-11T00:00:00.000Z',
    ].map((at) => mention(at));
    await recordMentions(db, [before!, assigned!, dismissed!, waiting!, unassigned!, after!]);
    await putAssignments(db, [
      createAssignment({ tweetId: assigned!.tweetId }),
      createAssignment({
        tweetId: unassigned!.tweetId,
        status: 'unassigned',
        departmentId: '',
        deadline: '',
      }),
    ]);
    await setDismissed(db, dismissed!.tweetId, 'ani', '2025-03-10T06:00:00.000Z');
    const day = { from: '2025-03-10T00:00:00.000Z', to: '2025-03-11T00:00:00.000Z' };

    const untriaged = await listUntriagedMentions(db, day);
    expect(untriaged.map((m) => m.tweetId)).toEqual([waiting!.tweetId, unassigned!.tweetId]);
    const items = new Map([
      [assigned!.tweetId, { status: 'open' as const }],
      [unassigned!.tweetId, { status: 'unassigned' as const }],
    ]);
    const judged = (await listMentions(db, day)).filter((m) =>
      isUntriaged(m, items.get(m.tweetId)),
    );
    expect(untriaged).toEqual(judged);
  });
});

describe('what waits stays right whichever way an item is written', () => {
  const waitingIds = async (db: TanggapDb) =>
    (await listUntriagedMentions(db)).map((m) => m.tweetId).sort();

  async function twoMentions(db: TanggapDb) {
    const [a, b] = [1, 2].map((h) => mention(`2025-03-10T0${h}:00:00.000Z`));
    await recordMentions(db, [a!, b!]);
    return [a!, b!] as const;
  }

  test('an officer’s assign takes a mention out, sending it back to unassigned returns it', async () => {
    const db = await freshDb();
    await seedDepartments(db, DEFAULT_DEPARTMENTS);
    const [a, b] = await twoMentions(db);
    await commitAs(db, 'assignPost', { post: postOfMention(a), departmentId: 'dlh' });
    expect(await waitingIds(db)).toEqual([b.tweetId]);
    await commitAs(db, 'unassign', { tweetId: a.tweetId });
    expect(await waitingIds(db)).toEqual([a.tweetId, b.tweetId].sort());
  });

  test('a pulled item takes it out, a pulled removal or a replace without it returns it', async () => {
    const db = await freshDb();
    await seedDepartments(db, DEFAULT_DEPARTMENTS);
    // Received before the login: no change of them waits for the team.
    const [a, b] = await twoMentions(db);
    await logIn(db, createActor({ username: 'sari', role: 'triage' }));
    const apply = (p: PullResponse, replace = false) =>
      applyPulledPage(db, p, { replace, atIso: '2025-03-10T06:00:00.000Z' });

    await apply(createPulledPage({ assignments: [createAssignment({ tweetId: a.tweetId })] }));
    expect(await waitingIds(db)).toEqual([b.tweetId]);
    await apply(createPulledPage({ removedAssignmentIds: [a.tweetId] }));
    expect(await waitingIds(db)).toEqual([a.tweetId, b.tweetId].sort());

    // A replace makes the team's mentions this browser's, each waiting as its item says.
    await apply(createPulledPage({ assignments: [createAssignment({ tweetId: a.tweetId })] }));
    const replacing = { assignments: [createAssignment({ tweetId: b.tweetId })], mentions: [a, b] };
    await apply(createPulledPage(replacing), true);
    expect(await waitingIds(db)).toEqual([a.tweetId]);
    await apply(createPulledPage({ mentions: [] }), true);
    expect(await waitingIds(db)).toEqual([]);
  });

  test('a restored backup decides from its own items', async () => {
    const db = await freshDb();
    const [a, b] = await twoMentions(db);
    await putAssignments(db, [createAssignment({ tweetId: a.tweetId })]);
    await replaceAllData(db, {
      assignments: [createAssignment({ tweetId: b.tweetId })],
      departments: DEFAULT_DEPARTMENTS,
      programmes: [],
      settings: {},
    });
    expect(await waitingIds(db)).toEqual([a.tweetId]);
  });

  test('mentions received before the upgrade wait as their items say', async () => {
    const name = `mentions-upgrade-${++count}`;
    const old = await openDB(name, 4, {
      upgrade(v4) {
        v4.createObjectStore('assignments', { keyPath: 'tweetId' });
        const store = v4.createObjectStore('mentions', { keyPath: 'tweetId' });
        store.createIndex('by-createdAt', 'createdAt');
        store.createIndex('by-dismissedAt', 'dismissedAt');
      },
    });
    const [a, b, c] = [1, 2, 3].map((h) => mention(`2025-03-10T0${h}:00:00.000Z`));
    const dismissed = { ...c!, dismissedAt: '2025-03-10T05:00:00.000Z', dismissedBy: 'ani' };
    // Recorded before the replied-to handles were kept: read with none.
    const withoutReplyTo: Partial<Mention> = { ...b! };
    delete withoutReplyTo.replyTo;
    expect(b!.replyTo).toEqual([]);
    for (const m of [a!, withoutReplyTo, dismissed]) await old.put('mentions', m);
    await old.put('assignments', createAssignment({ tweetId: a!.tweetId }));
    old.close();

    const db = await openTanggapDb(name);
    opened.push(db);
    expect(await listUntriagedMentions(db)).toEqual([b]);
    expect(await listMentions(db)).toHaveLength(3);
  });
});

describe('in a team', () => {
  test('a mention seen here waits in the outbox and stays on top of what a pull brings', async () => {
    const db = await freshDb();
    await seedDepartments(db, DEFAULT_DEPARTMENTS);
    await logIn(db, createActor({ username: 'sari', role: 'triage' }));
    const m = mention('2025-03-10T01:00:00.000Z');
    await recordMentions(db, [m]);
    expect((await listOutbox(db)).map((e) => e.name)).toEqual(['receiveMentions']);

    // The team saw it later (this browser's change is not yet pushed), and dismissed it.
    const team = { ...m, firstSeenAt: '2025-03-10T07:00:00.000Z' };
    const dismissed = { ...team, dismissedAt: '2025-03-10T07:30:00.000Z', dismissedBy: 'rina' };
    const page = createPulledPage({ mentions: [dismissed] });
    const applied = await applyPulledPage(db, page, {
      replace: false,
      atIso: '2025-03-10T08:00:00.000Z',
    });

    expect(applied.mentionsChanged).toBe(true);
    expect(await listMentions(db)).toEqual([{ ...dismissed, firstSeenAt: m.firstSeenAt }]);
    expect(await listUntriagedMentions(db)).toEqual([]);
  });
});
