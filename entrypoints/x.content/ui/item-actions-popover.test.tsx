// @vitest-environment jsdom
import { afterEach, beforeEach, expect, test } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createAssignment } from '../../../tests/factories';
import { DEFAULT_DEPARTMENTS } from '../../../utils/domain/departments';
import { assignmentOnPage } from '../../../utils/domain/annotation-view';
import { openItemActions } from './item-actions-popover';
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

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

test('the actions panel closes once X shows another post in its element', async () => {
  let samePost = true;
  openItemActions(popovers, {
    anchor: button,
    item: assignmentOnPage(createAssignment()),
    departments: DEFAULT_DEPARTMENTS,
    onAction: async () => {},
    stillValid: () => samePost,
  });
  window.dispatchEvent(new Event('scroll'));
  await nextFrame();
  expect(document.querySelector('tanggap-actions')).not.toBeNull();
  samePost = false;
  window.dispatchEvent(new Event('scroll'));
  await nextFrame();
  expect(document.querySelector('tanggap-actions')).toBeNull();
});
