/**
 * The one department picker of the page, opened from a post's chip. It lives in its own
 * host on <body>, not inside the post, so X's overflow rules never clip it.
 */
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { DepartmentPicker } from '../../components/DepartmentPicker';
import { PICKER_CSS } from '../../components/picker-styles';
import { t } from '../../utils/i18n';
import type { Department } from '../../utils/types';
import { readPageTheme } from './page-theme';
import { createShadowHost } from './shadow-host';

const WIDTH = 320;
const HEIGHT = 360;

export interface OpenPickerOptions {
  anchor: HTMLElement;
  departments: Department[];
  currentId: string;
  onPick: (departmentId: string) => void;
}

export function createDepartmentPicker(ctx: ContentScriptContext) {
  let host: HTMLElement | undefined;
  let root: ShadowRoot | undefined;
  let anchor: HTMLElement | undefined;

  // Read at each opening: the language setting may change while the page is open.
  const words = () => ({
    title: t('pickerTitle'),
    filter: t('pickerFilter'),
    empty: t('pickerEmpty'),
    close: t('pickerClose'),
  });

  function close({ restoreFocus = true } = {}) {
    if (!host || !root) return;
    render(null, root);
    host.remove();
    if (restoreFocus && anchor?.isConnected) anchor.focus();
    anchor = undefined;
  }

  function open(options: OpenPickerOptions) {
    close({ restoreFocus: false });
    if (!host || !root) ({ host, root } = createShadowHost('tanggap-picker', PICKER_CSS));
    anchor = options.anchor;
    host.dataset.theme = readPageTheme();
    // Measured once, on the user's click: below the chip, or above it near the bottom.
    const rect = options.anchor.getBoundingClientRect();
    const left = Math.max(8, Math.min(rect.left, window.innerWidth - WIDTH - 8));
    const below = rect.bottom + 4 + HEIGHT <= window.innerHeight;
    const top = below ? rect.bottom + 4 : Math.max(8, rect.top - 4 - HEIGHT);
    host.style.left = `${left}px`;
    host.style.top = `${top}px`;
    document.body.append(host);
    render(
      <DepartmentPicker
        departments={options.departments}
        currentId={options.currentId}
        words={words()}
        onPick={(id) => {
          close();
          options.onPick(id);
        }}
        onClose={() => close()}
      />,
      root,
    );
  }

  // A click anywhere outside the picker closes it (clicks inside stop at its host).
  ctx.addEventListener(document, 'click', () => close({ restoreFocus: false }));
  ctx.onInvalidated(() => close({ restoreFocus: false }));

  return { open, close, isOpen: () => Boolean(host?.isConnected) };
}

export type DepartmentPickerHost = ReturnType<typeof createDepartmentPicker>;
