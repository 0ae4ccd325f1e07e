// @vitest-environment jsdom
/**
 * The page reader on hostile markup: what a post element holds besides its own parts (strange
 * links, thousands of mentions, other posts) never becomes part of the post.
 */
import { describe, expect, test } from 'vitest';
import { FIXTURES, loadFixture, type FixtureName } from '../../tests/x-fixtures';
import { MAX_REPLY_TO, validatePost } from '../domain/assignment-ops';
import { findAuthorLine, findPostElements, isPromoted, readPost } from './post';
import { selectors } from './selectors';

const [, xHome, , , focused] = FIXTURES;

/** A detached copy of a saved page's post, to change. */
function copyOf(fixture: FixtureName, index: number): Element {
  const post = findPostElements(loadFixture(fixture))[index];
  if (!post) throw new Error(`${fixture} has no post ${index}`);
  return post.cloneNode(true) as Element;
}

function part(el: ParentNode, selector: string): Element {
  const found = el.querySelector(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

describe("the post's own status link", () => {
  /** A timeline post (its time link in its author block) and a focused one (below its text). */
  const kinds = { timeline: [xHome, 0], focused: [focused, 0] } as const;

  /** A status link around a time, as X draws the post's own. */
  function timeLink(href: string): Element {
    const a = document.createElement('a');
    a.setAttribute('href', href);
    a.setAttribute('role', 'link');
    a.innerHTML = '<time datetime="2025-01-01T00:00:00.000Z">Jan 1</time>';
    return a;
  }

  /** Puts a strange status link somewhere in the post. */
  type Place = (post: Element, link: Element) => void;
  const firstInPost: Place = (post, link) => post.prepend(link);
  const beforeAuthor: Place = (post, link) => part(post, selectors.userName).before(link);
  const inText: Place = (post, link) => part(post, selectors.tweetText).prepend(link);
  const afterText: Place = (post, link) => part(post, selectors.tweetText).after(link);
  const inQuotedBlock: Place = (post, link) => {
    const block = document.createElement('div');
    block.setAttribute('role', 'link');
    block.append(link);
    part(post, selectors.tweetText).after(block);
  };

  // The link goes to someone else's post or to another post of the author; each post is read on
  // a page it is shown on (the focused post on its own conversation page).
  test.each([
    ['timeline', 'first in the post', 'someone else', firstInPost],
    ['timeline', 'before the author block', 'someone else', beforeAuthor],
    ['timeline', 'before the author block', 'the author', beforeAuthor],
    ['timeline', 'in the text', 'someone else', inText],
    ['focused', 'first in the post', 'someone else', firstInPost],
    ['focused', 'before the author block', 'someone else', beforeAuthor],
    ['focused', 'before the author block', 'the author', beforeAuthor],
    ['focused', 'in the text', 'someone else', inText],
    ['focused', 'in the text', 'the author', inText],
    ['focused', 'after the text', 'someone else', afterText],
    ['focused', 'after the text', 'the author', afterText],
    ['focused', 'in a quoted block', 'someone else', inQuotedBlock],
  ] as const)(
    "%s post, a status link %s to %s's post: the post keeps its own id",
    (kind, _where, whose, place) => {
      const [fixture, index] = kinds[kind];
      const el = copyOf(fixture, index);
      const own = readPost(el);
      expect(own?.focused).toBe(kind === 'focused');
      if (!own) return;
      const pageUrl = kind === 'focused' ? own.url : 'https://x.com/home';
      const handle = whose === 'the author' ? own.authorHandle : 'warga';
      place(el, timeLink(`/${handle}/status/111`));
      const post = readPost(el, pageUrl);
      expect(post && [post.id, post.authorHandle, post.createdAt, post.url]).toEqual([
        own.id,
        own.authorHandle,
        own.createdAt,
        own.url,
      ]);
    },
  );

  test.each([
    ['first in the post', firstInPost],
    ['before the author block', beforeAuthor],
  ] as const)(
    'a timeline post without its own time link is not read, whatever is %s',
    (_where, place) => {
      const el = copyOf(xHome, 0);
      const own = readPost(el);
      expect(own).not.toBeNull();
      part(part(el, selectors.userName), 'time').closest('a')?.remove();
      place(el, timeLink(`/${own?.authorHandle}/status/111`));
      expect(readPost(el)).toBeNull();
    },
  );

  test("a focused post's time link to another author's post is not its own", () => {
    const el = copyOf(focused, 0);
    const own = readPost(el);
    expect(own).not.toBeNull();
    part(el, 'time').closest('a')?.setAttribute('href', `/warga/status/${own?.id}`);
    expect(readPost(el)).toBeNull();
  });
});

describe('replying to thousands', () => {
  /** X's "Replying to" block between the author line and the text, with these handles. */
  function replyingTo(handles: string[]): Element {
    const el = copyOf(xHome, 1);
    const block = document.createElement('div');
    block.innerHTML = `<div dir="ltr"><span>Replying to </span>${handles
      .map((h) => `<div><a href="/${h}" dir="ltr" role="link"><span>@${h}</span></a></div>`)
      .join(' ')}</div>`;
    part(el, selectors.tweetText).before(block);
    return el;
  }

  test('a post with 5,000 handle links keeps the first 100 and can be assigned', () => {
    const handles = Array.from({ length: 5_000 }, (_, i) => `warga${i}`);
    const post = readPost(replyingTo(handles));
    expect(post?.replyTo).toEqual(handles.slice(0, MAX_REPLY_TO));
    // What the background checks an assigned post with.
    expect(validatePost(post)).toEqual(post);
  });

  test('each handle once, whatever its case', () => {
    // @warga0 … @warga29, then @Warga0 … @Warga29, and again.
    const handles = Array.from(
      { length: 5_000 },
      (_, i) => `${i % 60 < 30 ? 'warga' : 'Warga'}${i % 30}`,
    );
    const post = readPost(replyingTo(handles));
    expect(post?.replyTo).toEqual(handles.slice(0, 30));
  });
});

describe('a post inside another post, not quoted', () => {
  /** The outer post (a copy of one saved post) with a copy of another saved post put inside. */
  function nested(place: (outer: Element, inner: Element) => void) {
    const outer = copyOf(xHome, 0);
    const inner = copyOf(xHome, 4);
    const [outerOwn, innerOwn] = [readPost(outer), readPost(inner)];
    place(outer, inner);
    return { outer, inner, outerOwn, innerOwn };
  }

  test.each([
    ['first in the outer post', (outer: Element, inner: Element) => outer.prepend(inner)],
    [
      'before its author block',
      (outer: Element, inner: Element) => part(outer, selectors.userName).before(inner),
    ],
    [
      'after its text',
      (outer: Element, inner: Element) => part(outer, selectors.tweetText).after(inner),
    ],
  ])('%s: each post reads as itself, with its own author line', (_where, place) => {
    const { outer, inner, outerOwn, innerOwn } = nested(place);
    expect(outerOwn?.id).not.toBe(innerOwn?.id);
    expect(findPostElements(outer)).toEqual([outer, inner]);
    expect(readPost(outer)).toEqual(outerOwn);
    expect(readPost(inner)).toEqual(innerOwn);
    const outerLine = findAuthorLine(outer);
    expect(outerLine?.closest(selectors.post)).toBe(outer);
    expect(findAuthorLine(inner)?.closest(selectors.post)).toBe(inner);
  });
});

describe('ads beside posts', () => {
  function cellWith(post: Element, pixel: boolean): Element {
    const cell = document.createElement('div');
    cell.setAttribute('data-testid', 'cellInnerDiv');
    if (pixel) {
      const el = document.createElement('div');
      el.setAttribute('data-testid', 'top-impression-pixel');
      cell.append(el);
    }
    cell.append(post);
    return cell;
  }

  test('one tracking wrapper around two cells: only the post beside the ad pixel is promoted', () => {
    const [ad, post] = [copyOf(xHome, 1), copyOf(xHome, 2)];
    const tracking = document.createElement('div');
    tracking.setAttribute('data-testid', 'placementTracking');
    tracking.append(cellWith(ad, true), cellWith(post, false));
    expect(isPromoted(ad)).toBe(true);
    expect(isPromoted(post)).toBe(false);
    expect(readPost(post)?.promoted).toBe(false);
  });

  test("an ad pixel inside a post inside the tracking wrapper marks that post, not its neighbour's", () => {
    const [outer, inner] = [copyOf(xHome, 1), copyOf(xHome, 2)];
    const pixel = document.createElement('div');
    pixel.setAttribute('data-testid', 'top-impression-pixel');
    part(outer, selectors.tweetText).after(pixel);
    const tracking = document.createElement('div');
    tracking.setAttribute('data-testid', 'placementTracking');
    tracking.append(outer, inner);
    expect(isPromoted(outer)).toBe(true);
    expect(isPromoted(inner)).toBe(false);
  });
});
