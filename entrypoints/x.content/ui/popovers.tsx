/**
 * The page's popovers (the department picker, the item actions), from one factory: each kind
 * has its own host on <body>, not inside the post, so X's overflow rules never clip it. One
 * popover is open at a time: opening one closes the other. A click outside closes it; closing
 * returns focus to the element that opened it. Esc is the content's own (the actions panel
 * first steps back from a form), through the `close` it is given. While open, Tab cycles
 * inside it (a dialog keeps the focus).
 *
 * It follows its anchor when the page scrolls or the window resizes (one listener each for the
 * page, at most one move per frame), on the side of the anchor it opened on, so the officer
 * sees it stay with the post it names; once the anchor leaves the viewport, or X re-uses the
 * post's element for another post, it closes rather than float beside nothing or another post.
 */
import { render, type ComponentChild } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { readPageTheme } from './page-theme';
import { createShadowHost } from './shadow-host';

export interface PopoverKind {
  /** The host's tag name, a stable hook (`tanggap-picker`, `tanggap-actions`). */
  tagName: string;
  css: string;
  width: number;
  /** The tallest content, to decide between below and above the anchor. */
  height: number;
}

export interface OpenPopover {
  kind: PopoverKind;
  /** The element it is anchored to; it gets the focus back on closing. */
  anchor: HTMLElement;
  content: (close: () => void) => ComponentChild;
  /** Data attributes set on the host (hooks for tests). */
  dataset?: Record<string, string>;
  /** False once the anchor no longer stands for what the popover acts on: it closes then. */
  stillValid?: () => boolean;
  /** Called once it closes, whatever closed it (its own close, a click outside, a scroll). */
  onClose?: () => void;
}

export interface Popovers {
  open(popover: OpenPopover): void;
  close(options?: { restoreFocus?: boolean }): void;
}

interface Shown {
  host: HTMLElement;
  root: ShadowRoot;
  anchor: HTMLElement;
  kind: PopoverKind;
  below: boolean;
  stillValid?: () => boolean;
  onClose?: () => void;
}

/** How many still frames after a scroll end the following (about a sixth of a second). */
const SETTLE_FRAMES = 10;

const FOCUSABLE = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';

/** Tab and Shift+Tab go round the popover's own controls. */
function trapFocus(root: ShadowRoot, event: KeyboardEvent) {
  if (event.key !== 'Tab') return;
  const controls = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => !(el as HTMLButtonElement).disabled,
  );
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (!first || !last) return;
  const at = root.activeElement;
  if (event.shiftKey ? at === first || !at : at === last || !at) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
}

export function createPopovers(ctx: ContentScriptContext): Popovers {
  /** Each kind's host, made at its first opening and re-used. */
  const hosts = new Map<PopoverKind, { host: HTMLElement; root: ShadowRoot }>();
  let shown: Shown | undefined;

  function close({ restoreFocus = true } = {}) {
    if (!shown) return;
    const { host, root, anchor, onClose } = shown;
    shown = undefined;
    render(null, root);
    host.remove();
    // Without scrolling: an anchor scrolled away stays where the officer left it.
    if (restoreFocus && anchor.isConnected) anchor.focus({ preventScroll: true });
    onClose?.();
  }

  /** Beside its anchor; false when the anchor is gone from the viewport. */
  function place({ host, anchor, kind, below }: Shown): boolean {
    const rect = anchor.getBoundingClientRect();
    if (!anchor.isConnected || rect.bottom <= 0 || rect.top >= window.innerHeight) return false;
    const left = Math.max(8, Math.min(rect.left, window.innerWidth - kind.width - 8));
    const top = below ? rect.bottom + 4 : Math.max(8, rect.top - 4 - kind.height);
    host.style.left = `${left}px`;
    host.style.top = `${top}px`;
    return true;
  }

  let frame: number | undefined;
  /** Frames left to watch the anchor after a scroll: X shifts its posts as it loads more. */
  let watchFrames = 0;
  let lastTop = NaN;
  function follow() {
    watchFrames = SETTLE_FRAMES;
    if (!shown || frame !== undefined) return;
    frame = ctx.requestAnimationFrame(step);
  }
  function step() {
    frame = undefined;
    if (!shown) return;
    if (shown.stillValid?.() === false || !place(shown)) return close();
    const top = parseFloat(shown.host.style.top);
    // Moved since the last frame: watch a while longer, until it has been still for a while.
    if (top !== lastTop) watchFrames = SETTLE_FRAMES;
    lastTop = top;
    if (--watchFrames > 0) frame = ctx.requestAnimationFrame(step);
  }

  function open({ kind, anchor, content, dataset = {}, stillValid, onClose }: OpenPopover) {
    close({ restoreFocus: false });
    let made = hosts.get(kind);
    if (!made) {
      made = createShadowHost(kind.tagName, kind.css);
      const root = made.root;
      root.addEventListener('keydown', (event) => trapFocus(root, event as KeyboardEvent));
      hosts.set(kind, made);
    }
    const { host, root } = made;
    // The side is chosen once, on the officer's click: below the anchor, or above it near the
    // bottom of the window. Following the anchor keeps that side, so it never jumps across.
    const rect = anchor.getBoundingClientRect();
    const below = rect.bottom + 4 + kind.height <= window.innerHeight;
    const opening: Shown = { host, root, anchor, kind, below, stillValid, onClose };
    shown = opening;
    host.dataset.theme = readPageTheme();
    Object.assign(host.dataset, dataset);
    place(opening);
    document.body.append(host);
    // An action finishing after the officer opened another popover must not close that one.
    render(
      content(() => {
        if (shown === opening) close();
      }),
      root,
    );
  }

  // A click anywhere outside closes it (clicks inside stop at its host).
  ctx.addEventListener(document, 'click', () => close({ restoreFocus: false }));
  // Capturing: X's own scrolling boxes (a dialog, the messages pane) scroll the anchor too.
  ctx.addEventListener(window, 'scroll', follow, { capture: true, passive: true });
  ctx.addEventListener(window, 'resize', follow, { passive: true });
  ctx.onInvalidated(() => close({ restoreFocus: false }));

  return { open, close };
}
