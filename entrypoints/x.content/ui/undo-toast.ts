/**
 * The page's Undo after an assignment: a small toast at the bottom of the window, in its own
 * host on <body> (fixed, so X's layout never moves), one per page: a newer assignment's offer
 * replaces the older one. It stays UNDO_MS, longer while the pointer or the focus is on it,
 * and is announced politely to screen readers.
 *
 * Stable hooks: the host `tanggap-undo` with `data-tweet-id`; its button
 * `button[data-action="undo"]`.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { TanggapError } from '../../../utils/domain/errors';
import { errorWords } from '../../../utils/i18n/error-words';
import { t } from '../../../utils/i18n/i18n';
import { readPageTheme } from './page-theme';
import { createShadowHost } from './shadow-host';

export const UNDO_TAG = 'tanggap-undo';
/** How long the Undo is offered without the pointer or the focus on it. */
export const UNDO_MS = 8000;
/** How long "undone" stays once the Undo has worked. */
const DONE_MS = 3000;

const UNDO_CSS = `
:host { all: initial; position: fixed; z-index: 2147483647; left: 50%; bottom: 72px;
  transform: translateX(-50%); max-width: min(90vw, 520px);
  font: 14px/20px -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; }
.toast { display: flex; align-items: center; gap: 16px; padding: 10px 12px 10px 16px;
  border-radius: 8px; background: #0f1419; color: #fff; box-shadow: 0 4px 16px rgb(0 0 0 / 30%); }
:host([data-theme='dark']) .toast { background: #e7e9ea; color: #0f1419; }
.text { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
button { flex: none; font: inherit; font-weight: 700; color: inherit; background: transparent;
  border: 1px solid currentColor; border-radius: 999px; padding: 4px 14px; cursor: pointer; }
button:hover { background: rgb(127 127 127 / 25%); }
button:focus-visible { outline: 2px solid #1d9bf0; outline-offset: 2px; }
button[hidden] { display: none; }
`;

export interface UndoToast {
  /** Offers `undo` for the post `tweetId`, saying `text`; replaces any offer shown. */
  offer(tweetId: string, text: string, undo: () => Promise<unknown>): void;
}

export function createUndoToast(
  ctx: ContentScriptContext,
  { onError }: { onError: (error: unknown) => void },
): UndoToast {
  let made: { host: HTMLElement; text: HTMLElement; button: HTMLButtonElement } | undefined;
  let current: (() => Promise<unknown>) | undefined;
  let timer: number | undefined;
  let held = false;

  function hide() {
    stopTimer();
    current = undefined;
    // A removed host hears no pointerleave: the next offer starts unheld.
    held = false;
    made?.host.remove();
  }

  function stopTimer() {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  function startTimer(ms: number) {
    stopTimer();
    if (!held) timer = ctx.setTimeout(hide, ms);
  }

  function hold(on: boolean) {
    held = on;
    if (on) stopTimer();
    else if (made?.host.isConnected) startTimer(current ? UNDO_MS : DONE_MS);
  }

  function make() {
    const { host, root } = createShadowHost(UNDO_TAG, UNDO_CSS);
    const toast = document.createElement('div');
    toast.className = 'toast';
    // The words are announced; the button is found by its name, not read out with them.
    const text = document.createElement('span');
    text.className = 'text';
    text.setAttribute('role', 'status');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.action = 'undo';
    button.textContent = t('undoButton');
    button.addEventListener('click', () => void runUndo());
    toast.append(text, button);
    root.append(toast);
    host.addEventListener('pointerenter', () => hold(true));
    host.addEventListener('pointerleave', () => hold(false));
    host.addEventListener('focusin', () => hold(true));
    host.addEventListener('focusout', () => hold(false));
    return { host, text, button };
  }

  async function runUndo() {
    const undo = current;
    if (!undo || !made) return;
    current = undefined;
    made.button.disabled = true;
    try {
      await undo();
      made.text.textContent = t('undoDone');
    } catch (error) {
      onError(error);
      // Refused as a bad request: somebody acted on the post since (undoAssign's rule).
      const changed = error instanceof TanggapError && error.code === 'bad-request';
      made.text.textContent = changed ? t('undoFailed') : t('noticeFailed', errorWords(error));
    }
    // The button goes, and with it the focus that held the toast.
    made.button.hidden = true;
    held = false;
    startTimer(DONE_MS);
  }

  function offer(tweetId: string, text: string, undo: () => Promise<unknown>) {
    made ??= make();
    current = undo;
    made.host.dataset.tweetId = tweetId;
    made.host.dataset.theme = readPageTheme();
    made.text.textContent = text;
    made.button.hidden = false;
    made.button.disabled = false;
    if (!made.host.isConnected) document.body.append(made.host);
    startTimer(UNDO_MS);
  }

  ctx.onInvalidated(hide);
  return { offer };
}
