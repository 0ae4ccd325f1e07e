import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createPost } from '../../../tests/factories';
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
  const intake = createRecordIntake(
    {
      settings: () => settings,
      settingsReady: Promise.resolve(),
      isIntake: (post) => isIntakePost(post, settings.watchedHandles),
    },
    { onError },
  );
  const read = (posts: Post[]) =>
    intake.onPosts!({ read: posts } as Partial<PostBatch> as PostBatch);
  const settingsChanged = () => intake.onChange!({ kind: 'settings' });
  return { read, onError, settingsChanged };
}

describe('record-intake', () => {
  test('sends a batch’s mentions of watched accounts in one message, each post once', async () => {
    const { read } = start();
    const a = createPost({ text: 'Jalan rusak @pemkotbdg' });
    const b = createPost({ text: 'tidak menyebut siapa pun', replyTo: ['PEMKOTBDG'] });
    const c = createPost({ text: 'Jalan rusak' });
    const ad = createPost({ text: '@PemkotBdg promo', promoted: true });
    read([a, b, c, ad]);
    await flush();
    expect(sent).toEqual([[a.id, b.id]]);
    read([a, b, c]);
    await flush();
    expect(sent).toHaveLength(1);
  });

  test('sends nothing while no account is watched', async () => {
    settings = { ...settings, watchedHandles: [] };
    const { read } = start();
    read([createPost({ text: '@PemkotBdg' })]);
    await flush();
    expect(sent).toEqual([]);
  });

  test('a failed message is counted and sent again when the post is seen again', async () => {
    const { read, onError } = start();
    const a = createPost({ text: '@PemkotBdg banjir' });
    failNext = true;
    read([a]);
    await flush();
    expect(onError).toHaveBeenCalledTimes(1);
    read([a]);
    await flush();
    expect(sent).toEqual([[a.id]]);
  });

  test('a watched account added while the page is open: the posts read lately are sent', async () => {
    settings = { ...settings, watchedHandles: [] };
    const { read, settingsChanged } = start();
    const a = createPost({ text: '@PemkotBdg banjir' });
    read([a, createPost({ text: 'lain' })]);
    await flush();
    expect(sent).toEqual([]);
    settingsChanged();
    await flush();
    expect(sent).toEqual([]);
    settings = { ...settings, watchedHandles: ['pemkotbdg'] };
    settingsChanged();
    await flush();
    expect(sent).toEqual([[a.id]]);
  });
});
