// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createRememberRightClick, type RememberRightClick } from './remember-right-click';

const ID = '1858000000000000001';
let feature: RememberRightClick;

beforeEach(() => {
  document.body.innerHTML = `<article data-testid="tweet"><div data-testid="User-Name"><a href="/warga"><span dir="ltr">Warga</span></a><a href="/warga/status/${ID}"><time datetime="2025-11-20T08:00:00.000Z">1h</time></a></div><div data-testid="tweetText"><span>Jalan rusak</span></div></article>`;
  feature = createRememberRightClick();
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
});
