/**
 * One post's annotation host, `<tanggap-annotation>`: the stable hooks of design.md on the
 * host (data-tweet-id, data-status, data-urgency, data-intake, data-department, data-deadline,
 * data-suggested-department, data-programmes), the chip and badge inside its shadow root.
 */
import {
  type AnnotationHandlers,
  mountAnnotation,
  updateAnnotation,
} from '../../../components/annotation-element';
import { ANNOTATION_CSS } from '../../../components/annotation-styles';
import type { AnnotationView } from '../../../utils/domain/annotation-view';
import type { PageTheme } from './page-theme';
import { createShadowHost } from './shadow-host';

export const ANNOTATION_TAG = 'tanggap-annotation';

const NO_HANDLERS: AnnotationHandlers = {};

export function createAnnotationHost(): HTMLElement {
  const { host, root } = createShadowHost(ANNOTATION_TAG, ANNOTATION_CSS);
  mountAnnotation(root, NO_HANDLERS);
  return host;
}

function setData(host: HTMLElement, name: string, value: string) {
  if (host.getAttribute(name) !== value) host.setAttribute(name, value);
}

export function renderAnnotation(
  host: HTMLElement,
  view: AnnotationView,
  theme: PageTheme,
  /** Absent when the officer may not assign the post: the chip is a label. */
  onOpenPicker: ((chip: HTMLElement) => void) | undefined,
  actions?: { label: string; onOpen: (button: HTMLElement) => void },
  onAcceptSuggestion?: () => void,
) {
  setData(host, 'data-tweet-id', view.tweetId);
  setData(host, 'data-status', view.status);
  setData(host, 'data-urgency', view.urgency);
  setData(host, 'data-intake', view.intake);
  setData(host, 'data-department', view.departmentId);
  setData(host, 'data-deadline', view.deadline);
  setData(host, 'data-theme', theme);
  setData(host, 'data-suggested-department', view.suggestedDepartmentId ?? '');
  setData(host, 'data-programmes', (view.programmes ?? []).map((p) => p.id).join(' '));
  updateAnnotation(host.shadowRoot!, view, { onOpenPicker, actions, onAcceptSuggestion });
}
