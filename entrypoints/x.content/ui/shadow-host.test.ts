// @vitest-environment jsdom
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { createShadowHost } from './shadow-host';

/** X's post, with X's own handlers where React puts them: on an ancestor, bubbling. */
function xPost() {
  const post = document.createElement('article');
  document.body.append(post);
  const xHandler = vi.fn<(type: string) => void>();
  for (const type of ['click', 'mousedown', 'pointerup', 'keydown', 'input', 'mouseover']) {
    post.addEventListener(type, () => xHandler(type));
  }
  return { post, xHandler };
}

function ourButton(post: Element) {
  const { host, root } = createShadowHost('tanggap-test', ':host { display: block }');
  const button = document.createElement('button');
  root.append(button);
  post.append(host);
  return { host, root, button };
}

const fire = (el: Element, type: string) =>
  el.dispatchEvent(new Event(type, { bubbles: true, composed: true }));

beforeEach(() => document.body.replaceChildren());

describe('events inside our shadow hosts', () => {
  test('reach our own handlers and never X’s, from the first one on', () => {
    const { post, xHandler } = xPost();
    const { root, button } = ourButton(post);
    const ours = vi.fn();
    root.addEventListener('click', ours);

    for (const type of ['click', 'mousedown', 'pointerup', 'keydown', 'input']) fire(button, type);
    fire(button, 'click');

    expect(ours).toHaveBeenCalledTimes(2);
    expect(xHandler).not.toHaveBeenCalled();
  });

  test('of every host on the page, however many were made before', () => {
    const { post, xHandler } = xPost();
    const buttons = Array.from({ length: 5 }, () => ourButton(post).button);
    fire(buttons[3]!, 'click');
    fire(buttons[0]!, 'keydown');
    expect(xHandler).not.toHaveBeenCalled();
  });

  test('X still sees what we do not contain, and its own events', () => {
    const { post, xHandler } = xPost();
    const { button } = ourButton(post);
    fire(button, 'mouseover');
    const xLink = document.createElement('a');
    post.append(xLink);
    fire(xLink, 'click');
    expect(xHandler.mock.calls).toEqual([['mouseover'], ['click']]);
  });
});
