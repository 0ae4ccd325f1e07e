import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createDepartment, createPost, createProgramme } from '../../tests/factories';
import { annotationView } from '../../utils/domain/annotation-view';
import { annotationWords } from '../../utils/i18n/i18n';
import { type BackgroundProtocol, type Handlers } from '../../utils/messaging/protocol';
import { runHandler } from '../../utils/messaging/transport';
import type { Programme } from '../../utils/domain/types';
import { startRoutePosts } from './route-posts';

const departments = [
  createDepartment({ id: 'dsdabm', shortName: 'DSDABM', keywords: ['jalan rusak', 'lubang'] }),
  createDepartment({ id: 'dlh', shortName: 'DLH', keywords: ['sampah'] }),
];
const kur = createProgramme({ id: 'kur', name: 'KUR', keywords: ['kur'] });

let programmes: Programme[];
let reports: unknown[];
let failNext: boolean;
let invalidated: (() => void)[];

beforeEach(() => {
  programmes = [kur];
  reports = [];
  failNext = false;
  invalidated = [];
  const handlers = {
    listProgrammes: () => programmes,
    recordProgrammeMentions: ({ mentions }) => {
      if (failNext) {
        failNext = false;
        throw new Error('worker stopped');
      }
      reports.push(mentions);
      return { recorded: mentions.length };
    },
  } as Partial<Handlers<BackgroundProtocol>> as Handlers<BackgroundProtocol>;
  // The fake browser does not pass a listener's promise back as the reply: answer directly.
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(((message: unknown) =>
    runHandler(handlers, message, {})) as never);
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const stop of invalidated) stop();
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 10));

async function start() {
  const ctx = { onInvalidated: (fn: () => void) => invalidated.push(fn) };
  const onChange = vi.fn();
  const onError = vi.fn();
  const routing = startRoutePosts(ctx as unknown as ContentScriptContext, { onChange, onError });
  routing.setDepartments(departments);
  await flush();
  return { routing, onChange, onError };
}

const view = (post: ReturnType<typeof createPost>) =>
  annotationView(post, undefined, undefined, Date.now(), annotationWords());

describe('route-posts', () => {
  test('an unassigned post gets its suggestion and its programme labels', async () => {
    const { routing, onChange } = await start();
    expect(onChange).toHaveBeenCalled(); // the programmes arrived: show their labels
    const post = createPost({ text: 'jalan rusak dan lubang, daftar KUR juga susah' });
    const decorated = routing.decorate(view(post), post);
    expect(decorated).toMatchObject({
      suggestedDepartmentId: 'dsdabm',
      chipText: 'Suggested: DSDABM',
      chipTitle: 'Matched: jalan rusak, lubang',
      programmes: [{ id: 'kur', text: 'KUR', label: 'Programme: KUR' }],
    });
  });

  test('a changed directory or programme list is compiled anew', async () => {
    const { routing, onChange } = await start();
    const post = createPost({ text: 'sampah numpuk, imunisasi kapan?' });
    expect(routing.decorate(view(post), post).suggestedDepartmentId).toBe('dlh');
    routing.setDepartments(departments.filter((d) => d.id !== 'dlh'));
    expect(routing.decorate(view(post), post).suggestedDepartmentId).toBe('');

    onChange.mockClear();
    const replies = await fakeBrowser.runtime.onMessage.trigger(
      {
        tanggap: 'event',
        name: 'programmesChanged',
        data: { programmes: [createProgramme({ id: 'vaksin', keywords: ['imunisasi'] })] },
      },
      {},
      () => {},
    );
    await Promise.all(replies);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(routing.decorate(view(post), post).programmes?.map((p) => p.id)).toEqual(['vaksin']);
  });

  test('mentions go in one message per batch, each post once, none without a match', async () => {
    const { routing } = await start();
    const a = createPost({ text: 'KUR di bank mana?' });
    const b = createPost({ text: 'program #KUR ga jalan' });
    const none = createPost({ text: 'jalan rusak' });
    routing.report([a, b, none]);
    await flush();
    expect(reports).toEqual([
      [
        { tweetId: a.id, createdAt: a.createdAt, programmeIds: ['kur'] },
        { tweetId: b.id, createdAt: b.createdAt, programmeIds: ['kur'] },
      ],
    ]);
    routing.report([a, none]);
    await flush();
    expect(reports).toHaveLength(1);
  });

  test('a failed report is sent again when the post is seen again', async () => {
    const { routing, onError } = await start();
    const a = createPost({ text: 'KUR?' });
    failNext = true;
    routing.report([a]);
    await flush();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(reports).toEqual([]);
    routing.report([a]);
    await flush();
    expect(reports).toHaveLength(1);
  });
});
