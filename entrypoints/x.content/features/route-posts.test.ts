import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  createAssignment,
  createDepartment,
  createPost,
  createProgramme,
} from '../../../tests/factories';
import { heldReports } from '../../../tests/held-reports';
import { annotationView } from '../../../utils/domain/annotation-view';
import { annotationWords } from '../../../utils/i18n/i18n';
import { type BackgroundProtocol, type Handlers } from '../../../utils/messaging/protocol';
import { runHandler } from '../../../utils/messaging/transport';
import type { Department, Programme } from '../../../utils/domain/types';
import { createRoutePosts } from './route-posts';
import type { PostBatch } from './feature';

const departments = [
  createDepartment({ id: 'dsdabm', shortName: 'DSDABM', keywords: ['jalan rusak', 'lubang'] }),
  createDepartment({ id: 'dlh', shortName: 'DLH', keywords: ['sampah'] }),
];
const kur = createProgramme({ id: 'kur', name: 'KUR', keywords: ['kur'] });

/** The page's data as routing reads it; a test replaces the lists as a change would. */
let data: { departments: Department[]; programmes: Programme[] };
let reports: unknown[];
let failNext: boolean;

beforeEach(() => {
  data = { departments, programmes: [kur] };
  reports = [];
  failNext = false;
  const handlers = {
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

afterEach(() => vi.restoreAllMocks());

const flush = () => new Promise((resolve) => setTimeout(resolve, 10));

function start() {
  const onError = vi.fn();
  const held = heldReports();
  const routing = createRoutePosts(
    {
      departments: () => data.departments,
      programmes: () => data.programmes,
      programmesReady: Promise.resolve(),
    },
    { reports: held, onError },
  );
  /** A batch of posts read on the page, as the observer hands it on. */
  const report = (read: ReturnType<typeof createPost>[]) =>
    routing.onPosts!({ read } as Partial<PostBatch> as PostBatch);
  /** Lets what was read reach the report, then the report time come. */
  const reportTime = async () => {
    await flush();
    held.sendNow();
    await flush();
  };
  return { routing, report, reportTime, onError };
}

const view = (post: ReturnType<typeof createPost>) =>
  annotationView(post, undefined, undefined, Date.now(), annotationWords());

describe('route-posts', () => {
  test('an unassigned post gets its suggestion and its programme labels', async () => {
    const { routing } = start();
    const post = createPost({ text: 'jalan rusak dan lubang, daftar KUR juga susah' });
    const decorated = routing.decorate(view(post), post);
    expect(decorated).toMatchObject({
      suggestedDepartmentId: 'dsdabm',
      chipText: 'Suggested: DSDABM',
      chipTitle: 'Matched: jalan rusak, lubang',
      programmes: [{ id: 'kur', text: 'KUR', label: 'Programme: KUR' }],
    });
  });

  test('a post shown assigned first gets its suggestion once it is unassigned', () => {
    const { routing } = start();
    const post = createPost({ text: 'sampah numpuk di pasar, KUR juga' });
    const assigned = annotationView(
      post,
      createAssignment({ tweetId: post.id, departmentId: 'dsdabm' }),
      departments[0],
      Date.now(),
      annotationWords(),
    );
    const shown = routing.decorate(assigned, post);
    expect(shown.suggestedDepartmentId).toBe('');
    expect(shown.programmes?.map((p) => p.id)).toEqual(['kur']);
    expect(routing.decorate(view(post), post)).toMatchObject({
      suggestedDepartmentId: 'dlh',
      chipText: 'Suggested: DLH',
    });
  });

  test('a changed directory or programme list is compiled anew', () => {
    const { routing } = start();
    const post = createPost({ text: 'sampah numpuk, imunisasi kapan?' });
    expect(routing.decorate(view(post), post).suggestedDepartmentId).toBe('dlh');
    data.departments = departments.filter((d) => d.id !== 'dlh');
    expect(routing.decorate(view(post), post).suggestedDepartmentId).toBe('');
    data.programmes = [createProgramme({ id: 'vaksin', keywords: ['imunisasi'] })];
    expect(routing.decorate(view(post), post).programmes?.map((p) => p.id)).toEqual(['vaksin']);
  });

  test('mentions read by the report time go in one message, each post once, none without a match', async () => {
    const { report, reportTime } = start();
    const a = createPost({ text: 'KUR di bank mana?' });
    const b = createPost({ text: 'program #KUR ga jalan' });
    const none = createPost({ text: 'jalan rusak' });
    report([a, none]);
    await flush();
    // Nothing goes before the report time: a timeline read frame by frame is one message.
    expect(reports).toEqual([]);
    report([b, a]);
    await reportTime();
    expect(reports).toEqual([
      [
        { tweetId: a.id, createdAt: a.createdAt, programmeIds: ['kur'] },
        { tweetId: b.id, createdAt: b.createdAt, programmeIds: ['kur'] },
      ],
    ]);
    report([a, none]);
    await reportTime();
    expect(reports).toHaveLength(1);
  });

  test('a failed report is sent again when the post is seen again', async () => {
    const { report, reportTime, onError } = start();
    const a = createPost({ text: 'KUR?' });
    failNext = true;
    report([a]);
    await reportTime();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(reports).toEqual([]);
    report([a]);
    await reportTime();
    expect(reports).toHaveLength(1);
  });
});
