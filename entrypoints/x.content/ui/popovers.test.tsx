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

  test('nothing of it stays when the extension goes', () => {
    open(ACTIONS);
    ctx.notifyInvalidated();
    expect(shownTags()).toEqual([]);
  });
});
