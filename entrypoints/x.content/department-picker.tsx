/** The one department picker of the page, opened from a post's chip. */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { DepartmentPicker } from '../../components/DepartmentPicker';
import { PICKER_CSS } from '../../components/picker-styles';
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
    popover.open(
      options.anchor,
      <DepartmentPicker
        departments={options.departments}
        currentId={options.currentId}
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
