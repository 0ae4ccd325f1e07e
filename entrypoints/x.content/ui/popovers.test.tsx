// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createPopovers, type PopoverKind, type Popovers } from './popovers';

const PICKER: PopoverKind = { tagName: 'tanggap-picker', css: '', width: 320, height: 360 };
const ACTIONS: PopoverKind = { tagName: 'tanggap-actions', css: '', width: 300, height: 300 };

let ctx: ContentScriptContext;
let popovers: Popovers;
let chip: HTMLButtonElement;

beforeEach(() => {
  document.body.replaceChildren();
  ctx = new ContentScriptContext('x-test');
  popovers = createPopovers(ctx);
  chip = document.createElement('button');
  document.body.append(chip);
});

afterEach(() => ctx.notifyInvalidated());

/** Opens `kind` from the chip with a close button inside. */
function open(kind: PopoverKind, dataset?: Record<string, string>) {
  popovers.open({
    kind,
    anchor: chip,
    content: (close) => (
      <button class="inside" onClick={close}>
        close
      </button>
    ),
    dataset,
  });
}

const shownTags = () =>
  [...document.body.children].map((el) => el.localName).filter((n) => n !== 'button');

describe('one popover at a time', () => {
  test('opening the actions closes the picker', () => {
    open(PICKER);
    expect(shownTags()).toEqual(['tanggap-picker']);
    open(ACTIONS, { tweetId: '42' });
    expect(shownTags()).toEqual(['tanggap-actions']);
    expect(document.querySelector('tanggap-actions')!.getAttribute('data-tweet-id')).toBe('42');
  });

  test('a click outside closes it without taking the focus', () => {
    open(PICKER);
    const other = document.createElement('input');
    document.body.append(other);
    other.focus();
    document.body.click();
    expect(shownTags()).not.toContain('tanggap-picker');
    expect(document.activeElement).toBe(other);
  });

  test('a click inside does not close it; its own close returns the focus to the chip', () => {
    open(PICKER);
    const host = document.querySelector('tanggap-picker')!;
    const inside = host.shadowRoot!.querySelector<HTMLButtonElement>('.inside')!;
    inside.focus();
    host.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(shownTags()).toEqual(['tanggap-picker']);
    inside.click();
    expect(shownTags()).toEqual([]);
    expect(document.activeElement).toBe(chip);
  });

  test('a late close from a popover already replaced leaves the new one open', () => {
    let closeFirst = () => {};
    popovers.open({
      kind: ACTIONS,
      anchor: chip,
      content: (close) => {
        closeFirst = close;
        return <span />;
      },
      dataset: { tweetId: '1' },
    });
    open(ACTIONS, { tweetId: '2' });
    // The first panel's action finished only now, after the officer opened the second.
    closeFirst();
    expect(shownTags()).toEqual(['tanggap-actions']);
    expect(document.querySelector('tanggap-actions')!.getAttribute('data-tweet-id')).toBe('2');
  });

  test('nothing of it stays when the extension goes', () => {
    open(ACTIONS);
    ctx.notifyInvalidated();
    expect(shownTags()).toEqual([]);
  });
});

/** Opens the picker kind with two controls: an input and a close button. */
function openForm(stillValid?: () => boolean) {
  popovers.open({
    kind: PICKER,
    anchor: chip,
    content: (close) => (
      <div>
        <input class="first" />
        <button class="last" onClick={close}>
          close
        </button>
      </div>
    ),
    stillValid,
  });
  return document.querySelector('tanggap-picker')!.shadowRoot!;
}

function tab(root: ShadowRoot, shiftKey = false) {
  const event = new KeyboardEvent('keydown', {
    key: 'Tab',
    shiftKey,
    bubbles: true,
    cancelable: true,
    composed: true,
  });
  root.activeElement!.dispatchEvent(event);
  // What the browser does with a Tab nobody prevented: the focus leaves the popover.
  if (!event.defaultPrevented) chip.focus();
}

describe('the focus stays inside while open', () => {
  test('Tab from the last control goes to the first, Shift+Tab from the first to the last', () => {
    const root = openForm();
    const first = root.querySelector<HTMLElement>('.first')!;
    const last = root.querySelector<HTMLElement>('.last')!;
    last.focus();
    tab(root);
    expect(root.activeElement).toBe(first);
    tab(root, true);
    expect(root.activeElement).toBe(last);
  });
});

describe('it stays with its post while the page scrolls', () => {
  let anchorTop: number;
  beforeEach(() => {
    anchorTop = 100;
    chip.getBoundingClientRect = () =>
      ({ top: anchorTop, bottom: anchorTop + 20, left: 40, right: 80 }) as DOMRect;
  });
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const host = () => document.querySelector<HTMLElement>('tanggap-picker');

  test('it moves with its anchor, on the side it opened on', async () => {
    openForm();
    expect(host()!.style.top).toBe('124px');
    anchorTop = 60;
    window.dispatchEvent(new Event('scroll'));
    await nextFrame();
    expect(host()!.style.top).toBe('84px');
  });

  test('a scroll inside one of X’s own boxes moves it too', async () => {
    openForm();
    anchorTop = 200;
    document.body.dispatchEvent(new Event('scroll'));
    await nextFrame();
    expect(host()!.style.top).toBe('224px');
  });

  test('once its post leaves the window it closes, the focus back on the chip', async () => {
    const root = openForm();
    root.querySelector<HTMLElement>('.first')!.focus();
    anchorTop = -50;
    window.dispatchEvent(new Event('scroll'));
    await nextFrame();
    expect(shownTags()).toEqual([]);
    expect(document.activeElement).toBe(chip);
  });

  test('once its element shows another post it closes', async () => {
    let samePost = true;
    openForm(() => samePost);
    samePost = false;
    window.dispatchEvent(new Event('scroll'));
    await nextFrame();
    expect(shownTags()).toEqual([]);
  });
});

describe('whoever closes it, its owner is told', () => {
  test('by its own close, a click outside, or another popover opening', () => {
    const closed: string[] = [];
    const openTold = (name: string) =>
      popovers.open({
        kind: PICKER,
        anchor: chip,
        content: (close) => (
          <button class="inside" onClick={close}>
            close
          </button>
        ),
        onClose: () => closed.push(name),
      });
    openTold('own');
    document
      .querySelector('tanggap-picker')!
      .shadowRoot!.querySelector<HTMLElement>('.inside')!
      .click();
    openTold('outside');
    document.body.click();
    openTold('replaced');
    open(ACTIONS);
    expect(closed).toEqual(['own', 'outside', 'replaced']);
  });
});
