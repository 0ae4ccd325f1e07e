/** The department picker, opened from a post's chip. */
import { DepartmentPicker } from '../../../components/DepartmentPicker';
import { PICKER_CSS } from '../../../components/picker-styles';
import type { Department, Post } from '../../../utils/domain/types';
import type { PopoverKind, Popovers } from './popovers';

const PICKER: PopoverKind = { tagName: 'tanggap-picker', css: PICKER_CSS, width: 320, height: 360 };

export interface OpenPickerOptions {
  anchor: HTMLElement;
  departments: Department[];
  currentId: string;
  /** The post it assigns, named in its title. */
  post: Post;
  /** The routing suggestion, first in the list. */
  suggestedId?: string;
  /** False once the chip's element shows another post (X re-uses them): it closes then. */
  stillValid?: () => boolean;
  onPick: (departmentId: string) => void;
}

export function openDepartmentPicker(popovers: Popovers, options: OpenPickerOptions) {
  popovers.open({
    kind: PICKER,
    anchor: options.anchor,
    content: (close) => (
      <DepartmentPicker
        departments={options.departments}
        currentId={options.currentId}
        post={options.post}
        suggestedId={options.suggestedId}
        onPick={(id) => {
          close();
          options.onPick(id);
        }}
        onClose={close}
      />
    ),
    dataset: { tweetId: options.post.id },
    stillValid: options.stillValid,
  });
}
