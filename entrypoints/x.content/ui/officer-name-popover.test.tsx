// @vitest-environment jsdom
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { askOfficerName } from './officer-name-popover';
import { createPopovers, type Popovers } from './popovers';

let ctx: ContentScriptContext;
let popovers: Popovers;
let button: HTMLButtonElement;

beforeEach(() => {
  document.body.replaceChildren();
  ctx = new ContentScriptContext('x-test');
  popovers = createPopovers(ctx);
  button = document.createElement('button');
  button.getBoundingClientRect = () => ({ top: 100, bottom: 120, left: 40, right: 80 }) as DOMRect;
  document.body.append(button);
});
afterEach(() => ctx.notifyInvalidated());

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const form = () =>
  document.querySelector('tanggap-officer-name')!.shadowRoot!.querySelector('form')!;

test('closed by a click outside, the action waiting for the name is told: no name', async () => {
  const save = vi.fn(async () => {});
  const answer = askOfficerName(popovers, button, save);
  document.body.click();
  await expect(answer).resolves.toBe(false);
  expect(save).not.toHaveBeenCalled();
});

test('closed when its post scrolls away, the answer is no name', async () => {
  const answer = askOfficerName(popovers, button, async () => {});
  button.getBoundingClientRect = () => ({ top: -80, bottom: -60, left: 40, right: 80 }) as DOMRect;
  window.dispatchEvent(new Event('scroll'));
  await expect(answer).resolves.toBe(false);
});

test('a name saved is the answer, and the popover closes', async () => {
  const save = vi.fn(async (_name: string) => {});
  const answer = askOfficerName(popovers, button, save);
  form().querySelector('input')!.value = 'Rina';
  form().requestSubmit();
  await settle();
  await expect(answer).resolves.toBe(true);
  expect(save).toHaveBeenCalledWith('Rina');
  expect(document.querySelector('tanggap-officer-name')).toBeNull();
});
