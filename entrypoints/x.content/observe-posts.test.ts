// @vitest-environment jsdom
/** The one observer: which posts a batch holds, read once, and at most one batch per frame. */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { firstTweetIdAt } from '../../utils/domain/tweet-time';
import { contentStats } from './content-stats';
import type { PostBatch } from './features/feature';
import { startObservingPosts } from './observe-posts';

let ctx: ContentScriptContext;
/** The page's animation frames, run by the test. */
let frames: Map<number, FrameRequestCallback>;
let nextFrame: number;
let batches: PostBatch[];

beforeEach(() => {
  frames = new Map();
  nextFrame = 1;
  batches = [];
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    frames.set(nextFrame, callback);
    return nextFrame++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
  document.body.replaceChildren();
});

afterEach(() => {
  ctx?.notifyInvalidated();
  vi.unstubAllGlobals();
});

function start() {
  ctx = new ContentScriptContext('x-test');
  startObservingPosts(ctx, { onBatch: (batch) => batches.push(batch), onError: vi.fn() });
}

/** Runs the frames requested so far. */
function runFrames() {
  const due = [...frames.values()];
  frames.clear();
  for (const callback of due) callback(performance.now());
}

/** Lets the MutationObserver run. */
const mutationsSeen = () => Promise.resolve();

/** A post of an hour ago as X draws it, reduced to what the reader uses. */
function post(seq: number, handle = 'warga'): HTMLElement {
  const createdMs = Date.now() - 3_600_000;
  const id = (BigInt(firstTweetIdAt(createdMs)) + BigInt(seq)).toString();
  const el = document.createElement('article');
  el.setAttribute('data-testid', 'tweet');
  el.innerHTML = `<div data-testid="User-Name"><a href="/${handle}"><span dir="ltr">Warga</span></a><a href="/${handle}/status/${id}"><time datetime="${new Date(createdMs).toISOString()}">1h</time></a></div><div data-testid="tweetText"><span>Jalan rusak</span></div>`;
  return el;
}

describe('batches', () => {
  test('the posts on the page at the start are one batch, each read once', () => {
    const [a, b] = [post(1), post(2)];
    const unreadable = document.createElement('article');
    unreadable.setAttribute('data-testid', 'tweet');
    document.body.append(a, b, unreadable);
    const stats = { ...contentStats };
    start();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.posts.map((p) => [p.el, p.kind])).toEqual([
      [a, 'read'],
      [b, 'read'],
      [unreadable, 'unreadable'],
    ]);
    expect(batches[0]!.read).toHaveLength(2);
    expect(contentStats.read - stats.read).toBe(2);
    expect(contentStats.unreadable - stats.unreadable).toBe(1);
  });

  test('the first change of a frame is read at once; the later ones wait for the next frame', async () => {
    const a = post(1);
    document.body.append(a);
    start();
    runFrames();
    document.body.append(post(2));
    await mutationsSeen();
    expect(batches).toHaveLength(2);
    const c = post(3);
    document.body.append(c);
    a.append(document.createElement('div'));
    await mutationsSeen();
    expect(batches).toHaveLength(2);
    expect(batches[1]!.changedSince(c)).toBe(true);
    runFrames();
    expect(batches).toHaveLength(3);
    expect(batches[2]!.posts.map((p) => p.el)).toEqual([c, a]);
  });

  test('the listeners on the page stay as many over 10,000 frames with changed posts', async () => {
    const a = post(1);
    document.body.append(a);
    start();
    runFrames();
    const link = a.querySelector('a[href*="/status/"]')!;
    const href = link.getAttribute('href')!;
    const listeners = vi.spyOn(ctx.signal, 'addEventListener');
    let requested = 0;
    for (let i = 0; i < 10_000; i++) {
      // X re-points the post's link (to the same post): a change read at once, which ends
      // with a frame requested for later changes.
      link.setAttribute('href', href);
      await mutationsSeen();
      requested += frames.size;
      runFrames();
    }
    expect(requested).toBe(10_000);
    expect(batches).toHaveLength(10_001);
    expect(listeners).not.toHaveBeenCalled();
  }, 60_000);

  test('a frame still pending when the extension goes is cancelled, and nothing is read after', async () => {
    const a = post(1);
    document.body.append(a);
    start();
    runFrames();
    // Two changes in one frame: the second waits for the next frame.
    a.append(document.createElement('div'));
    await mutationsSeen();
    a.append(document.createElement('div'));
    await mutationsSeen();
    expect(frames.size).toBe(1);
    ctx.notifyInvalidated();
    expect(frames.size).toBe(0);
    a.append(document.createElement('div'));
    await mutationsSeen();
    expect(batches).toHaveLength(2);
  });

  test('a counter X updates in a post’s action bar is no news; a change elsewhere in it is', async () => {
    const a = post(1);
    const bar = document.createElement('div');
    bar.setAttribute('role', 'group');
    bar.innerHTML = '<a href="/warga/status/1/likes"><span>3</span></a>';
    a.append(bar);
    document.body.append(a);
    start();
    runFrames();
    bar.querySelector('span')!.replaceChildren('4');
    bar.querySelector('a')!.setAttribute('href', '/warga/status/1/retweets');
    await mutationsSeen();
    runFrames();
    expect(batches).toHaveLength(1);

    a.querySelector('[data-testid="tweetText"] span')!.replaceChildren('Jalan rusak parah');
    await mutationsSeen();
    expect(batches).toHaveLength(2);
    expect(batches[1]!.read[0]!.text).toBe('Jalan rusak parah');
  });

  test('a change of page is news in the next batch only', async () => {
    document.body.append(post(1));
    start();
    runFrames();
    history.pushState(null, '', '/search?q=banjir');
    document.body.append(post(2));
    await mutationsSeen();
    expect(batches.map((b) => b.newPage)).toEqual([false, true]);
    runFrames();
    document.body.append(post(3));
    await mutationsSeen();
    expect(batches.map((b) => b.newPage)).toEqual([false, true, false]);
    expect(batches[2]!.href).toBe(location.href);
  });
});
