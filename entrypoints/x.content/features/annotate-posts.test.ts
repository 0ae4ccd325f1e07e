// @vitest-environment jsdom
/**
 * The content script's annotating on hand-built X markup, with all its features and one
 * observer, against the real background handlers (and their limits) over the fake browser.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createPost } from '../../../tests/factories';
import { seedDepartments } from '../../../utils/storage/departments';
import { saveSettings } from '../../../utils/storage/settings';
import { openTanggapDb, type TanggapDb } from '../../../utils/storage/schema';
import { DEFAULT_DEPARTMENTS } from '../../../utils/domain/departments';
import { type BackgroundProtocol, type Handlers } from '../../../utils/messaging/protocol';
import { runHandler } from '../../../utils/messaging/transport';
import { firstTweetIdAt } from '../../../utils/domain/tweet-time';
import { createBackgroundHandlers, officerFromSettings } from '../../background/handlers';
import { ANNOTATION_TAG } from '../ui/annotation-host';
import { contentStats } from '../content-stats';
import { startFeatures } from '../index';
import type { PageNotice } from '../ui/page-notice';
import type { Popovers } from '../ui/popovers';
import type { UndoToast } from '../ui/undo-toast';

const DAY = 24 * 3_600_000;
let dbCount = 0;
let db: TanggapDb;
let handlers: Handlers<BackgroundProtocol>;
let ctx: ContentScriptContext;
/** The page's animation frames, run by the test. */
let frames: Map<number, FrameRequestCallback>;
let nextFrame: number;

beforeEach(async () => {
  db = await openTanggapDb(`annotate-posts-${++dbCount}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
  await saveSettings(db, { officerName: 'Ani' });
  handlers = createBackgroundHandlers({
    db: async () => db,
    now: () => new Date(),
    officer: officerFromSettings(async () => db),
    onChanged: () => {},
  });
  // The fake browser does not pass a listener's promise back as the reply: answer directly.
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(((message: unknown) =>
    runHandler(handlers, message, {})) as never);
  frames = new Map();
  nextFrame = 1;
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    frames.set(nextFrame, callback);
    return nextFrame++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
  document.body.replaceChildren();
});

afterEach(() => {
  ctx?.notifyInvalidated();
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  db.close();
});

/** Runs the frames requested so far. */
function runFrames() {
  const due = [...frames.values()];
  frames.clear();
  for (const callback of due) callback(performance.now());
}

/** Waits for what the page shows: hundreds of posts under jsdom take long on a busy machine. */
const until = (check: () => void) => vi.waitFor(check, { timeout: 45_000 });

/** Lets the MutationObserver, the background's answers and their renders run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function start() {
  ctx = new ContentScriptContext('x-test');
  const notice = { show: vi.fn() } as unknown as PageNotice;
  const popovers: Popovers = { open: vi.fn(), close: vi.fn() };
  const undoToast: UndoToast = { offer: vi.fn() };
  return startFeatures(ctx, { notice, popovers, undoToast });
}

/** The id of a post created at `ms` (X's ids tell their time). */
const idAt = (ms: number, seq: number) => (BigInt(firstTweetIdAt(ms)) + BigInt(seq)).toString();

/** A timeline cell with a post as X draws it, reduced to what the reader uses. */
function cell(id: string, createdMs: number, handle = 'warga', text = 'Jalan rusak'): HTMLElement {
  const el = document.createElement('div');
  el.setAttribute('data-testid', 'cellInnerDiv');
  el.innerHTML = `<article data-testid="tweet" tabindex="0"><div><div data-testid="User-Name"><a href="/${handle}"><span dir="ltr">Warga</span></a><a href="/${handle}/status/${id}"><time datetime="${new Date(createdMs).toISOString()}">1d</time></a></div></div><div data-testid="tweetText"><span>${text}</span></div></article>`;
  return el;
}

/** For each post on the page, the posts its annotations say they show. */
function shownIds(): (string | null)[][] {
  return [...document.querySelectorAll('[data-testid="tweet"]')].map((post) =>
    [...post.getElementsByTagName(ANNOTATION_TAG)]
      // A post inside this one has its own.
      .filter((h) => h.parentElement?.closest('[data-testid="tweet"]') === post)
      .map((h) => h.getAttribute('data-tweet-id')),
  );
}

describe('older posts', () => {
  test('a page of 600 posts older than three days is all annotated, assigned ones too', async () => {
    const createdMs = Date.now() - 10 * DAY;
    const ids = Array.from({ length: 600 }, (_, i) => idAt(createdMs, i));
    for (const id of [ids[0]!, ids[599]!]) {
      const post = createPost({ id, createdAt: new Date(createdMs).toISOString() });
      await handlers.assignPost({ post, departmentId: 'dlh' }, {});
    }
    document.body.append(...ids.map((id) => cell(id, createdMs)));
    const errors = contentStats.errors;
    start();
    await until(() => expect(shownIds()).toEqual(ids.map((id) => [id])));
    const department = (id: string) =>
      document
        .querySelector(`${ANNOTATION_TAG}[data-tweet-id="${id}"]`)
        ?.getAttribute('data-department');
    expect(department(ids[0]!)).toBe('dlh');
    expect(department(ids[599]!)).toBe('dlh');
    expect(department(ids[300]!)).toBe('');
    expect(contentStats.errors).toBe(errors);
  }, 60_000);
});

describe('the minute', () => {
  test('moves the countdowns and the ages on; a change of X’s theme reaches every post', async () => {
    const now = Date.now();
    const createdMs = now - 3_600_000;
    const [open, closed, fresh] = [1, 2, 3].map((seq) => idAt(createdMs, seq)) as [
      string,
      string,
      string,
    ];
    for (const id of [open, closed]) {
      const post = createPost({ id, createdAt: new Date(createdMs).toISOString() });
      await handlers.assignPost({ post, departmentId: 'dlh' }, {});
    }
    await handlers.setStatus({ tweetId: closed, status: 'responded' }, {});
    // The fresh post's text suggests no department: its chip's words hold its age.
    document.body.append(cell(open, createdMs), cell(closed, createdMs));
    document.body.append(cell(fresh, createdMs, 'warga', 'Selamat pagi'));
    start();
    const host = (id: string) =>
      document.querySelector(`${ANNOTATION_TAG}[data-tweet-id="${id}"]`)!;
    const badge = (id: string) => host(id).shadowRoot!.querySelector('.badge')?.textContent;
    const chipLabel = (id: string) =>
      host(id).shadowRoot!.querySelector('[data-action="assign"]')!.getAttribute('aria-label');
    await until(() => expect(host(closed)?.getAttribute('data-status')).toBe('responded'));
    const before = { open: badge(open), closed: badge(closed), fresh: chipLabel(fresh) };

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now + 5 * 60_000);
    // Showing the tab again ticks at once.
    document.dispatchEvent(new Event('visibilitychange'));
    expect(badge(open)).not.toBe(before.open);
    expect(chipLabel(fresh)).not.toBe(before.fresh);
    expect(badge(closed)).toBe(before.closed);

    document.body.style.backgroundColor = 'rgb(0, 0, 0)';
    document.dispatchEvent(new Event('visibilitychange'));
    expect([open, closed, fresh].map((id) => host(id).getAttribute('data-theme'))).toEqual([
      'dark',
      'dark',
      'dark',
    ]);
    document.body.style.backgroundColor = '';
  });
});

describe('the extension going', () => {
  test('takes every annotation with it, and nothing is annotated after', async () => {
    const createdMs = Date.now() - 3_600_000;
    const id = idAt(createdMs, 1);
    document.body.append(cell(id, createdMs));
    start();
    await until(() => expect(shownIds()).toEqual([[id]]));
    ctx.notifyInvalidated();
    expect(shownIds()).toEqual([[]]);
    document.body.append(cell(idAt(createdMs, 2), createdMs));
    await settle();
    runFrames();
    await settle();
    expect(shownIds()).toEqual([[], []]);
  });
});

describe('posts in posts, ads beside posts', () => {
  test('a post inside another one (not quoted) keeps its own annotation as the outer one changes', async () => {
    const createdMs = Date.now() - 3_600_000;
    const [outerId, innerId] = [idAt(createdMs, 1), idAt(createdMs, 2)];
    const outer = cell(outerId, createdMs, 'warga');
    const inner = cell(innerId, createdMs, 'tetangga').firstElementChild!;
    outer.querySelector('[data-testid="tweetText"]')!.after(inner);
    document.body.append(outer);
    start();
    await until(() => expect(shownIds()).toEqual([[outerId], [innerId]]));
    runFrames();
    // X re-renders the outer post: its link re-pointed to itself.
    const outerLink = outer.querySelector(`a[href$="/status/${outerId}"]`)!;
    outerLink.setAttribute('href', `/warga/status/${outerId}`);
    await settle();
    expect(shownIds()).toEqual([[outerId], [innerId]]);
    expect(document.getElementsByTagName(ANNOTATION_TAG)).toHaveLength(2);
  });

  test('of two cells in one tracking wrapper, only the one with an ad pixel goes unannotated', async () => {
    const createdMs = Date.now() - 3_600_000;
    const [adId, postId] = [idAt(createdMs, 1), idAt(createdMs, 2)];
    const tracking = document.createElement('div');
    tracking.setAttribute('data-testid', 'placementTracking');
    const ad = cell(adId, createdMs, 'iklan');
    const pixel = document.createElement('div');
    pixel.setAttribute('data-testid', 'top-impression-pixel');
    ad.prepend(pixel);
    tracking.append(ad, cell(postId, createdMs));
    document.body.append(tracking);
    start();
    await until(() => expect(shownIds()).toEqual([[], [postId]]));
  });
});

describe('a mention dismissed as not a complaint', () => {
  test('waits no more on the page once dismissed, and waits again once taken back', async () => {
    await saveSettings(db, { watchedHandles: ['pemkot'] });
    const id = idAt(Date.now() - 3_600_000, 1);
    document.body.append(cell(id, Date.now() - 3_600_000, 'warga', '@pemkot Jalan rusak'));
    start();
    const intake = () =>
      document
        .querySelector(`${ANNOTATION_TAG}[data-tweet-id="${id}"]`)
        ?.getAttribute('data-intake');
    await until(() => expect(intake()).toBe('waiting'));
    // The page recorded it as a mention; the popup's "Bukan aduan" dismisses it.
    await vi.waitFor(async () => expect((await handlers.getIntake({}, {})).untriaged).toBe(1), {
      timeout: 45_000,
    });
    await handlers.dismissMention({ tweetId: id }, {});
    await intakeChanged();
    await until(() => expect(intake()).toBe(''));

    await handlers.restoreMention({ tweetId: id }, {});
    await intakeChanged();
    await until(() => expect(intake()).toBe('waiting'));
  });
});

/** What the background tells the pages after a mention is recorded, dismissed or restored. */
async function intakeChanged() {
  const replies = await fakeBrowser.runtime.onMessage.trigger(
    { tanggap: 'event', name: 'intakeChanged', data: {} },
    {},
    () => {},
  );
  await Promise.all(replies);
}
