import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createPost } from '../../tests/factories';
import { rejects } from '../../tests/rejects';
import { openTanggapDb, type TanggapDb } from '../../utils/storage/schema';
import { listMentions } from '../../utils/storage/mentions';
import { seedDepartments } from '../../utils/storage/departments';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import type { BackgroundProtocol, Handlers } from '../../utils/messaging/protocol';
import { createBackgroundHandlers, officerFromSettings } from './handlers';

const sender = {};
let dbCount = 0;
let db: TanggapDb;
let now: Date;
let handlers: Handlers<BackgroundProtocol>;
let onIntakeChanged: ReturnType<typeof vi.fn<() => Promise<void>>>;

beforeEach(async () => {
  db = await openTanggapDb(`intake-handlers-${++dbCount}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
  now = new Date('2025-03-10T05:00:00.000Z');
  onIntakeChanged = vi.fn(async () => {});
  handlers = createBackgroundHandlers({
    db: async () => db,
    now: () => now,
    officer: officerFromSettings(async () => db),
    onChanged: async () => {},
    onIntakeChanged,
  });
  await handlers.saveSettings(
    { settings: { watchedHandles: ['PemkotBdg'], officerName: 'Ani' } },
    sender,
  );
});
afterEach(() => db.close());

const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();

describe('intake handlers', () => {
  test('records the posts addressed to a watched account, by the stored settings', async () => {
    const mention = createPost({ text: 'Banjir @pemkotbdg', createdAt: hoursAgo(1) });
    const other = createPost({ text: 'Banjir lagi', createdAt: hoursAgo(1) });
    expect(await handlers.recordMentions({ posts: [mention, other] }, sender)).toEqual({
      recorded: 1,
    });
    expect(onIntakeChanged).toHaveBeenCalledTimes(1);
    now = new Date(now.getTime() + 60_000);
    expect(await handlers.recordMentions({ posts: [mention] }, sender)).toEqual({ recorded: 0 });
    expect(onIntakeChanged).toHaveBeenCalledTimes(1);
    const [stored] = await listMentions(db);
    expect(stored).toMatchObject({ tweetId: mention.id, firstSeenAt: '2025-03-10T05:00:00.000Z' });
  });

  test('the popup’s intake: assigning or dismissing takes a mention off; undo brings it back', async () => {
    const [old, recent] = [3, 1].map((h) =>
      createPost({ text: `@PemkotBdg aduan ${h}`, createdAt: hoursAgo(h) }),
    );
    await handlers.recordMentions({ posts: [old!, recent!] }, sender);
    expect(await handlers.getIntake({}, sender)).toMatchObject({
      untriaged: 2,
      urgent: 1,
      oldestMinutes: 180,
    });

    await handlers.assignPost({ post: old!, departmentId: 'dsdabm' }, sender);
    expect(await handlers.getIntake({}, sender)).toMatchObject({ untriaged: 1, urgent: 0 });

    expect(await handlers.dismissMention({ tweetId: recent!.id }, sender)).toMatchObject({
      dismissedBy: 'Ani',
    });
    expect(await handlers.getIntake({}, sender)).toMatchObject({ untriaged: 0, oldestMinutes: 0 });
    // The pages learn which of their posts are dismissed, to show them waiting no more.
    expect(await handlers.listDismissedMentions({}, sender)).toEqual([recent!.id]);
    await handlers.restoreMention({ tweetId: recent!.id }, sender);
    expect(await handlers.listDismissedMentions({}, sender)).toEqual([]);
    expect((await handlers.getIntake({}, sender)).mentions.map((m) => m.tweetId)).toEqual([
      recent!.id,
    ]);
  });

  test('bad input changes nothing', async () => {
    await rejects(
      handlers.recordMentions({ posts: [{ id: 'x' }] } as never, sender),
      'bad-request',
      /request\.posts\[0\]/,
    );
    await rejects(
      handlers.dismissMention({ tweetId: '123' }, sender),
      'not-found',
      /not a received mention/,
    );
    expect(await listMentions(db)).toEqual([]);
  });

  test('an officer with no name cannot dismiss a mention: it stays in the intake', async () => {
    const post = createPost({ text: '@PemkotBdg jalan rusak', createdAt: hoursAgo(1) });
    await handlers.recordMentions({ posts: [post] }, sender);
    await handlers.saveSettings({ settings: { officerName: ' ' } }, sender);
    onIntakeChanged.mockClear();
    await rejects(
      handlers.dismissMention({ tweetId: post.id }, sender),
      'officer-name-required',
      /name/,
    );
    expect(await handlers.getIntake({}, sender)).toMatchObject({ untriaged: 1 });
    expect(onIntakeChanged).not.toHaveBeenCalled();
    await handlers.saveSettings({ settings: { officerName: 'Rina' } }, sender);
    expect(await handlers.dismissMention({ tweetId: post.id }, sender)).toMatchObject({
      dismissedBy: 'Rina',
    });
  });
});
