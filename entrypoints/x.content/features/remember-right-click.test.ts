// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { AssignmentStatus } from '../../../utils/domain/types';
import { createRememberRightClick, type RememberRightClick } from './remember-right-click';

const ID = '1858000000000000001';
let feature: RememberRightClick;
let status: AssignmentStatus | null | undefined;
let department: string;
let contexts: string[];

beforeEach(() => {
  document.body.innerHTML = `<article data-testid="tweet"><div data-testid="User-Name"><a href="/warga"><span dir="ltr">Warga</span></a><a href="/warga/status/${ID}"><time datetime="2025-11-20T08:00:00.000Z">1h</time></a></div><div data-testid="tweetText"><span>Jalan rusak</span></div></article>`;
  status = null;
  department = '';
  contexts = [];
  feature = createRememberRightClick({
    itemOf: () => (status ? { status, departmentId: department } : status),
    showMenuFor: async (context, departmentId) =>
      contexts.push(departmentId ? `${context} of ${departmentId}` : context),
    onError: vi.fn(),
  });
});

afterEach(() => feature.stop());

const rightClick = (el: Element) =>
  el.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true }));

describe('remember-right-click', () => {
  test('the post right-clicked is taken once', () => {
    rightClick(document.querySelector('[data-testid="tweetText"] span')!);
    expect(feature.take()?.id).toBe(ID);
    expect(feature.take()).toBeNull();
  });

  test('a right-click outside a post forgets the one before', () => {
    rightClick(document.querySelector('[data-testid="tweetText"]')!);
    rightClick(document.body);
    expect(feature.take()).toBeNull();
  });

  test('once stopped, a right-click is not remembered', () => {
    feature.stop();
    rightClick(document.querySelector('[data-testid="tweetText"]')!);
    expect(feature.take()).toBeNull();
  });

  test.each([
    [null, 'unassigned'],
    ['open', 'open'],
    ['resolved', 'resolved'],
    [undefined, 'none'],
  ] as const)(
    'a right-click on a post with status %j tells the menu %s, before it opens',
    (known, context) => {
      status = known;
      rightClick(document.querySelector('[data-testid="tweetText"] span')!);
      expect(contexts).toEqual([context]);
    },
  );

  test("a right-click on an item tells the menu its department, for the officer's rights", () => {
    status = 'open';
    department = 'dlh';
    rightClick(document.querySelector('[data-testid="tweetText"] span')!);
    expect(contexts).toEqual(['open of dlh']);
  });

  test('a right-click off any post tells the menu so', () => {
    rightClick(document.body);
    expect(contexts).toEqual(['none']);
  });
});
