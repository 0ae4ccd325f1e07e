/** The department picker, opened from a post's chip. */
import { DepartmentPicker } from '../../../components/DepartmentPicker';
import { PICKER_CSS } from '../../../components/picker-styles';
import { t } from '../../../utils/i18n/i18n';
import type { Department } from '../../../utils/domain/types';
import type { PopoverKind, Popovers } from './popovers';

const PICKER: PopoverKind = { tagName: 'tanggap-picker', css: PICKER_CSS, width: 320, height: 360 };

export interface OpenPickerOptions {
  anchor: HTMLElement;
  departments: Department[];
  currentId: string;
  onPick: (departmentId: string) => void;
}

export function openDepartmentPicker(popovers: Popovers, options: OpenPickerOptions) {
  popovers.open({
    kind: PICKER,
    anchor: options.anchor,
    // Words are read at each opening: the language setting may change while the page is open.
    content: (close) => (
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
          close();
          options.onPick(id);
        }}
        onClose={close}
      />
    ),
  });
}
