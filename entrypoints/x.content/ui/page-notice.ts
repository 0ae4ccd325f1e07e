/**
 * A short message from Tanggap at the bottom of the page ("right-click a post first",
 * "X may have changed its layout"). Announced politely to screen readers.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { readPageTheme } from './page-theme';
import { createShadowHost } from './shadow-host';

const NOTICE_CSS = `
:host { all: initial; position: fixed; z-index: 2147483647; left: 50%; bottom: 24px;
  transform: translateX(-50%); max-width: min(90vw, 520px);
  font: 14px/20px -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; }
.notice { padding: 12px 16px; border-radius: 8px; background: #0f1419; color: #fff;
  box-shadow: 0 4px 16px rgb(0 0 0 / 30%); }
:host([data-theme='dark']) .notice { background: #e7e9ea; color: #0f1419; }
.notice:empty { display: none; }
`;

const SHOWN_MS = 6000;

export function createPageNotice(ctx: ContentScriptContext) {
  let host: HTMLElement | undefined;
  let message: HTMLElement | undefined;
  let hideTimer: number | undefined;

  function show(text: string) {
    if (!host || !host.isConnected) {
      const created = createShadowHost('tanggap-notice', NOTICE_CSS);
      host = created.host;
      message = document.createElement('div');
      message.className = 'notice';
      message.setAttribute('role', 'status');
      created.root.append(message);
      document.body.append(host);
    }
    host.dataset.theme = readPageTheme();
    message!.textContent = text;
    if (hideTimer !== undefined) clearTimeout(hideTimer);
    hideTimer = ctx.setTimeout(() => {
      if (message) message.textContent = '';
    }, SHOWN_MS);
  }

  ctx.onInvalidated(() => host?.remove());
  return { show };
}

export type PageNotice = ReturnType<typeof createPageNotice>;
