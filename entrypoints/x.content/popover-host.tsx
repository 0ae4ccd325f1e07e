/**
 * A page-level popover (the department picker, the item actions): one host on <body>, not
 * inside the post, so X's overflow rules never clip it. Opening another closes the first;
 * a click outside closes it; closing returns focus to the element that opened it.
 */
import { render, type ComponentChild } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { readPageTheme } from './page-theme';
import { createShadowHost } from './shadow-host';

export interface PopoverOptions {
  /** The host's tag name, a stable hook (`tanggap-picker`, `tanggap-actions`). */
  tagName: string;
  css: string;
  width: number;
  /** The tallest content, to decide between below and above the anchor. */
  height: number;
}

export interface PopoverHost {
  open(anchor: HTMLElement, content: ComponentChild, dataset?: Record<string, string>): void;
  close(options?: { restoreFocus?: boolean }): void;
  isOpen(): boolean;
}

export function createPopoverHost(ctx: ContentScriptContext, options: PopoverOptions): PopoverHost {
  let host: HTMLElement | undefined;
  let root: ShadowRoot | undefined;
  let anchor: HTMLElement | undefined;

  function close({ restoreFocus = true } = {}) {
    if (!host || !root) return;
    render(null, root);
    host.remove();
    if (restoreFocus && anchor?.isConnected) anchor.focus();
    anchor = undefined;
  }

  function open(
    opener: HTMLElement,
    content: ComponentChild,
    dataset: Record<string, string> = {},
  ) {
    close({ restoreFocus: false });
    if (!host || !root) ({ host, root } = createShadowHost(options.tagName, options.css));
    anchor = opener;
    host.dataset.theme = readPageTheme();
    Object.assign(host.dataset, dataset);
    // Measured once, on the user's click: below the anchor, or above it near the bottom.
    const rect = opener.getBoundingClientRect();
    const left = Math.max(8, Math.min(rect.left, window.innerWidth - options.width - 8));
    const below = rect.bottom + 4 + options.height <= window.innerHeight;
    const top = below ? rect.bottom + 4 : Math.max(8, rect.top - 4 - options.height);
    host.style.left = `${left}px`;
    host.style.top = `${top}px`;
    document.body.append(host);
    render(content, root);
  }

  // A click anywhere outside closes it (clicks inside stop at its host).
  ctx.addEventListener(document, 'click', () => close({ restoreFocus: false }));
  ctx.onInvalidated(() => close({ restoreFocus: false }));

  return { open, close, isOpen: () => Boolean(host?.isConnected) };
}
