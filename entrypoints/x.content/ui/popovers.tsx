/**
 * The page's popovers (the department picker, the item actions), from one factory: each kind
 * has its own host on <body>, not inside the post, so X's overflow rules never clip it. One
 * popover is open at a time: opening one closes the other. A click outside closes it; closing
 * returns focus to the element that opened it. Esc is the content's own (the actions panel
 * first steps back from a form), through the `close` it is given.
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
}

export interface Popovers {
  open(popover: OpenPopover): void;
  close(options?: { restoreFocus?: boolean }): void;
}

interface Shown {
  host: HTMLElement;
  root: ShadowRoot;
  anchor: HTMLElement;
}

export function createPopovers(ctx: ContentScriptContext): Popovers {
  /** Each kind's host, made at its first opening and re-used. */
  const hosts = new Map<PopoverKind, { host: HTMLElement; root: ShadowRoot }>();
  let shown: Shown | undefined;

  function close({ restoreFocus = true } = {}) {
    if (!shown) return;
    const { host, root, anchor } = shown;
    shown = undefined;
    render(null, root);
    host.remove();
    if (restoreFocus && anchor.isConnected) anchor.focus();
  }

  function open({ kind, anchor, content, dataset = {} }: OpenPopover) {
    close({ restoreFocus: false });
    let made = hosts.get(kind);
    if (!made) {
      made = createShadowHost(kind.tagName, kind.css);
      hosts.set(kind, made);
    }
    const { host, root } = made;
    shown = { host, root, anchor };
    host.dataset.theme = readPageTheme();
    Object.assign(host.dataset, dataset);
    // Measured once, on the user's click: below the anchor, or above it near the bottom.
    const rect = anchor.getBoundingClientRect();
    const left = Math.max(8, Math.min(rect.left, window.innerWidth - kind.width - 8));
    const below = rect.bottom + 4 + kind.height <= window.innerHeight;
    const top = below ? rect.bottom + 4 : Math.max(8, rect.top - 4 - kind.height);
    host.style.left = `${left}px`;
    host.style.top = `${top}px`;
    document.body.append(host);
    render(
      content(() => close()),
      root,
    );
  }

  // A click anywhere outside closes it (clicks inside stop at its host).
  ctx.addEventListener(document, 'click', () => close({ restoreFocus: false }));
  ctx.onInvalidated(() => close({ restoreFocus: false }));

  return { open, close };
}
