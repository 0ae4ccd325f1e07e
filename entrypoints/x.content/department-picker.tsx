/** The one department picker of the page, opened from a post's chip. */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { DepartmentPicker } from '../../components/DepartmentPicker';
import { PICKER_CSS } from '../../components/picker-styles';
import { t } from '../../utils/i18n/i18n';
import type { Department } from '../../utils/domain/types';
import { createPopoverHost } from './popover-host';

export interface OpenPickerOptions {
  anchor: HTMLElement;
  departments: Department[];
  currentId: string;
  onPick: (departmentId: string) => void;
}

export function createDepartmentPicker(ctx: ContentScriptContext) {
  const popover = createPopoverHost(ctx, {
    tagName: 'tanggap-picker',
    css: PICKER_CSS,
    width: 320,
    height: 360,
  });

  function open(options: OpenPickerOptions) {
    // Words are read at each opening: the language setting may change while the page is open.
    popover.open(
      options.anchor,
      <DepartmentPicker
        departments={options.departments}
        currentId={options.currentId}
        words={{
          title: t('pickerTitle'),
          filter: t('pickerFilter'),
          empty: t('pickerEmpty'),
          close: t('pickerClose'),
        }}
        onPick={(id) => {
          popover.close();
          options.onPick(id);
        }}
        onClose={() => popover.close()}
      />,
    );
  }

  return { open, close: popover.close, isOpen: popover.isOpen };
}

export type DepartmentPickerHost = ReturnType<typeof createDepartmentPicker>;
