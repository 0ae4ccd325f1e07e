import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createPost } from '../../../tests/factories';
import { heldReports } from '../../../tests/held-reports';
import { isIntakePost } from '../../../utils/domain/intake';
import { DEFAULT_SETTINGS, type Settings } from '../../../utils/domain/settings';
import type { Post } from '../../../utils/domain/types';
import { type BackgroundProtocol, type Handlers } from '../../../utils/messaging/protocol';
import { runHandler } from '../../../utils/messaging/transport';
import type { PostBatch } from './feature';
import { createRecordIntake } from './record-intake';

let sent: string[][];
let failNext: boolean;
let settings: Settings;

beforeEach(() => {
  sent = [];
  failNext = false;
  settings = { ...DEFAULT_SETTINGS, watchedHandles: ['PemkotBdg'] } as Settings;
  const handlers = {
    recordMentions: ({ posts }) => {
      if (failNext) {
        failNext = false;
        throw new Error('worker stopped');
      }
      sent.push(posts.map((p) => p.id));
      return { recorded: posts.length };
    },
  } as Partial<Handlers<BackgroundProtocol>> as Handlers<BackgroundProtocol>;
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(((message: unknown) =>
    runHandler(handlers, message, {})) as never);
});
afterEach(() => vi.restoreAllMocks());

const flush = () => new Promise((resolve) => setTimeout(resolve, 10));

function start() {
  const onError = vi.fn();
  const reports = heldReports();
  const intake = createRecordIntake(
    {
      settings: () => settings,
      settingsReady: Promise.resolve(),
      isIntake: (post) => isIntakePost(post, settings.watchedHandles),
    },
    { reports, onError },
  );
  const read = (posts: Post[]) =>
    intake.onPosts!({ read: posts } as Partial<PostBatch> as PostBatch);
  const settingsChanged = () => intake.onChange!({ kind: 'settings' });
  return { read, onError, settingsChanged, reports };
}

/** Lets what was read reach the report, then the report time come. */
async function reportTime(reports: { sendNow(): void }) {
  await flush();
  reports.sendNow();
  await flush();
}

describe('record-intake', () => {
  test('sends the mentions of watched accounts read by the report time in one message, each post once', async () => {
    const { read, reports } = start();
    const a = createPost({ text: 'Jalan rusak @pemkotbdg' });
    const b = createPost({ text: 'tidak menyebut siapa pun', replyTo: ['PEMKOTBDG'] });
    const c = createPost({ text: 'Jalan rusak' });
    const d = createPost({ text: '@PemkotBdg sampah' });
    const ad = createPost({ text: '@PemkotBdg promo', promoted: true });
    read([a, b, c, ad]);
    await flush();
    // Nothing goes before the report time: a timeline read frame by frame is one message.
    expect(sent).toEqual([]);
    read([d, a]);
    await reportTime(reports);
    expect(sent).toEqual([[a.id, b.id, d.id]]);
    read([a, b, c]);
    await reportTime(reports);
    expect(sent).toHaveLength(1);
  });

  test('sends nothing while no account is watched', async () => {
    settings = { ...settings, watchedHandles: [] };
    const { read, reports } = start();
    read([createPost({ text: '@PemkotBdg' })]);
    await reportTime(reports);
    expect(sent).toEqual([]);
  });

  test('a failed message is counted and sent again when the post is seen again', async () => {
    const { read, onError, reports } = start();
    const a = createPost({ text: '@PemkotBdg banjir' });
    failNext = true;
    read([a]);
    await reportTime(reports);
    expect(onError).toHaveBeenCalledTimes(1);
    read([a]);
    await reportTime(reports);
    expect(sent).toEqual([[a.id]]);
  });

  test('a watched account added while the page is open: the posts read lately are sent', async () => {
    settings = { ...settings, watchedHandles: [] };
    const { read, settingsChanged, reports } = start();
    const a = createPost({ text: '@PemkotBdg banjir' });
    read([a, createPost({ text: 'lain' })]);
    await reportTime(reports);
    expect(sent).toEqual([]);
    settingsChanged();
    await reportTime(reports);
    expect(sent).toEqual([]);
    settings = { ...settings, watchedHandles: ['pemkotbdg'] };
    settingsChanged();
    await reportTime(reports);
    expect(sent).toEqual([[a.id]]);
  });
});
