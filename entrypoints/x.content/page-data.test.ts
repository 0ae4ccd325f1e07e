// @vitest-environment jsdom
/** What the page knows, kept current by the background's broadcasts. */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import {
  createAssignment,
  createDepartment,
  createPost,
  createProgramme,
} from '../../tests/factories';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/domain/settings';
import { type BackgroundProtocol, type Handlers } from '../../utils/messaging/protocol';
import { runHandler } from '../../utils/messaging/transport';
import type { PageChange } from './features/feature';
import { createPageData } from './page-data';

const kur = createProgramme({ id: 'kur', keywords: ['kur'] });
const dlh = createDepartment({ id: 'dlh' });

let ctx: ContentScriptContext;

afterEach(() => {
  ctx?.notifyInvalidated();
  vi.restoreAllMocks();
});

async function start({ dismissed = [] as string[], watchedHandles = [] as string[] } = {}) {
  const settings: Settings = { ...DEFAULT_SETTINGS, watchedHandles };
  const handlers = {
    getSettings: () => settings,
    listDismissedMentions: () => [...dismissed],
    listDepartments: () => [dlh],
    listProgrammes: () => [kur],
    getRecentAssignments: () => ({ assignments: [], sinceId: '0' }),
  } as Partial<Handlers<BackgroundProtocol>> as Handlers<BackgroundProtocol>;
  // The fake browser does not pass a listener's promise back as the reply: answer directly.
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(((message: unknown) =>
    runHandler(handlers, message, {})) as never);
  ctx = new ContentScriptContext('x-test');
  const changes: PageChange[] = [];
  const data = createPageData(ctx, { onChange: (c) => changes.push(c), onError: vi.fn() });
  await Promise.all([data.departmentsReady, data.programmesReady, data.settingsReady]);
  return { data, changes };
}

async function broadcast(name: string, data: unknown) {
  const replies = await fakeBrowser.runtime.onMessage.trigger(
    { tanggap: 'event', name, data },
    {},
    () => {},
  );
  await Promise.all(replies);
}

describe('page data', () => {
  test('the programmes, as they arrive and as they change, are news for the features', async () => {
    const { data, changes } = await start();
    expect(data.programmes()).toEqual([kur]);
    expect(changes).toEqual([{ kind: 'programmes' }]);
    const vaksin = createProgramme({ id: 'vaksin', keywords: ['imunisasi'] });
    await broadcast('programmesChanged', { programmes: [vaksin] });
    expect(data.programmes()).toEqual([vaksin]);
    expect(changes).toEqual([{ kind: 'programmes' }, { kind: 'programmes' }]);
  });

  test('a changed assignment comes with what the page knew of it before', async () => {
    const { data, changes } = await start();
    await vi.waitFor(() => expect(data.known('5')).toBeNull());
    const first = createAssignment({ tweetId: '5', departmentId: 'dlh' });
    const second = { ...first, status: 'resolved' as const };
    await broadcast('assignmentsChanged', { assignments: [first] });
    data.applyAssignments([second]);
    const assignmentChanges = changes.flatMap((c) => (c.kind === 'assignments' ? c.changes : []));
    expect(assignmentChanges.map((c) => [c.before?.status ?? c.before, c.after.status])).toEqual([
      [null, first.status],
      [first.status, 'resolved'],
    ]);
  });

  test('knows the dismissed mentions, and learns again when the intake changes', async () => {
    const dismissed = ['7'];
    const { data, changes } = await start({ dismissed });
    await vi.waitFor(() => expect(data.isDismissed('7')).toBe(true));
    expect(data.isDismissed('8')).toBe(false);
    const news = () => changes.filter((c) => c.kind === 'dismissals').length;
    expect(news()).toBe(1);

    dismissed.splice(0, 1, '8');
    await broadcast('intakeChanged', {});
    await vi.waitFor(() => expect(data.isDismissed('8')).toBe(true));
    expect(data.isDismissed('7')).toBe(false);
    expect(news()).toBe(2);

    // A mention recorded changes the intake, not the dismissals: nothing to show anew.
    await broadcast('intakeChanged', {});
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(news()).toBe(2);
  });

  test('says which posts are mentions of the watched accounts, as they change', async () => {
    const { data } = await start({ watchedHandles: ['PemkotBdg'] });
    const mention = createPost({ text: 'Jalan rusak @pemkotbdg' });
    const other = createPost({ text: 'Jalan rusak @dishub' });
    expect([data.isIntake(mention), data.isIntake(other)]).toEqual([true, false]);

    const next = { ...DEFAULT_SETTINGS, watchedHandles: ['dishub'] };
    await broadcast('settingsChanged', { settings: next });
    expect([data.isIntake(mention), data.isIntake(other)]).toEqual([false, true]);
  });
});
