/**
 * The annotation's elements in its shadow root: the chip (department, suggestion or
 * "unassigned"), the "▾" beside a suggestion, the badge, programme labels and the actions
 * button. For an officer who may not assign the post, the chip is a plain label in its place.
 *
 * No virtual DOM: every post on a timeline has an annotation, and the minute's tick updates
 * them all. One template is cloned per shadow root, then an update sets only the text and
 * attributes that changed; the picker, popovers and pages stay Preact views (npm run bench:
 * page work per post).
 */
import type { AnnotationView, ProgrammeLabelView } from '../utils/domain/annotation-view';

export interface AnnotationHandlers {
  /** Absent when the officer may not assign the post: the chip is then a label, not a button. */
  onOpenPicker?: (anchor: HTMLElement) => void;
  /** The actions button of an assigned item: responded, resolve, reopen, note. */
  actions?: { label: string; onOpen: (button: HTMLElement) => void };
  /** Assigns the suggested department (`view.suggestedDepartmentId`). */
  onAcceptSuggestion?: () => void;
}

interface Parts {
  chip: HTMLButtonElement;
  /** The chip as words only, in the chip's place: its text read aloud in full, shown short. */
  label: HTMLElement;
  labelWords: HTMLElement;
  labelText: HTMLElement;
  pick: HTMLButtonElement;
  badge: HTMLElement;
  /** The badge's words for a screen reader before its text ("due soon: "). */
  badgeWords: HTMLElement;
  badgeText: Text;
  more: HTMLButtonElement;
  programmes: { key: string; elements: HTMLElement[] };
  handlers: AnnotationHandlers;
  /** The chip accepts a suggestion (instead of opening the picker). */
  accepts: boolean;
  /** The chip's (and label's) background as last set (the style reads it back otherwise). */
  chipColor: string;
}

/**
 * Every part, made once per annotation; the parts a view does not show are out of the tree
 * (the hooks of design.md: "▾" only beside a suggestion). No whitespace between elements: it
 * would be laid out too. Built element by element rather than from markup: the page's
 * reviewers (and Firefox's add-on checks) should never meet an `innerHTML` in a content script.
 */
function element(
  doc: Document,
  tag: string,
  attributes: Record<string, string>,
  ...children: Node[]
): HTMLElement {
  const el = doc.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.append(...children);
  return el;
}

function annotationParts(doc: Document): HTMLElement[] {
  const button = (attributes: Record<string, string>, ...children: Node[]) =>
    element(doc, 'button', { type: 'button', ...attributes }, ...children);
  return [
    button({ class: 'chip', 'data-action': 'assign' }),
    element(
      doc,
      'span',
      { class: 'chip', 'data-chip': 'label' },
      element(doc, 'span', { class: 'sr-only' }),
      element(doc, 'span', { 'aria-hidden': 'true' }),
    ),
    button(
      { class: 'pick', 'data-action': 'pick', 'aria-haspopup': 'dialog' },
      element(doc, 'span', { class: 'caret', 'aria-hidden': 'true' }),
    ),
    element(
      doc,
      'span',
      { class: 'badge' },
      element(doc, 'span', { class: 'sr-only', hidden: '' }),
      doc.createTextNode(' '),
    ),
    button({ class: 'more', 'data-action': 'actions', 'aria-haspopup': 'dialog' }),
  ];
}

const templates = new WeakMap<Document, HTMLTemplateElement>();
const mounted = new WeakMap<ShadowRoot, Parts>();

function templateFor(doc: Document): HTMLTemplateElement {
  let template = templates.get(doc);
  if (!template) {
    template = doc.createElement('template');
    template.content.append(...annotationParts(doc));
    templates.set(doc, template);
  }
  return template;
}

/** Fills an empty shadow root with the annotation's elements; `updateAnnotation` shows a view. */
export function mountAnnotation(root: ShadowRoot, handlers: AnnotationHandlers): void {
  root.append(templateFor(root.ownerDocument).content.cloneNode(true));
  const [chip, label, pick, badge, more] = root.children as unknown as [
    HTMLButtonElement,
    HTMLElement,
    HTMLButtonElement,
    HTMLElement,
    HTMLButtonElement,
  ];
  const parts: Parts = {
    chip,
    label,
    labelWords: label.firstElementChild as HTMLElement,
    labelText: label.lastElementChild as HTMLElement,
    pick,
    badge,
    badgeWords: badge.firstElementChild as HTMLElement,
    badgeText: badge.lastChild as Text,
    more,
    programmes: { key: '', elements: [] },
    handlers,
    accepts: false,
    chipColor: '',
  };
  label.remove();
  pick.remove();
  badge.remove();
  more.remove();
  mounted.set(root, parts);
  // One listener per annotation; it calls the handlers of the latest update.
  root.addEventListener('click', (event) => {
    const button = (event.target as Element).closest('button');
    const { handlers: h, accepts } = parts;
    if (button === chip) {
      if (accepts && h.onAcceptSuggestion) h.onAcceptSuggestion();
      else h.onOpenPicker?.(chip);
    } else if (button === pick) {
      h.onOpenPicker?.(pick);
    } else if (button === more) {
      h.actions?.onOpen(more);
    }
  });
}

export function updateAnnotation(
  root: ShadowRoot,
  view: AnnotationView,
  handlers: AnnotationHandlers,
): void {
  const parts = mounted.get(root);
  if (!parts) throw new Error('updateAnnotation before mountAnnotation');
  const { chip, label, pick, badge, badgeWords, badgeText, more } = parts;
  const assigned = view.chipColor !== '';
  const readOnly = !handlers.onOpenPicker;
  // With a suggestion, the chip accepts it in one press; the "▾" beside it opens the picker.
  const accepts =
    !readOnly && !assigned && Boolean(view.suggestedDepartmentId) && !!handlers.onAcceptSuggestion;
  parts.handlers = handlers;
  parts.accepts = accepts;

  const shown = readOnly ? label : chip;
  if (!shown.isConnected) (readOnly ? chip : label).replaceWith(shown);
  if (readOnly) {
    setText(parts.labelWords, view.chipLabel);
    setText(parts.labelText, view.chipText);
    setClass(label, assigned ? 'chip assigned' : 'chip');
  } else {
    setText(chip, view.chipText);
    setClass(chip, assigned ? 'chip assigned' : accepts ? 'chip suggested' : 'chip');
    setAttr(chip, 'aria-haspopup', accepts ? null : 'dialog');
    setAttr(chip, 'aria-label', view.chipLabel);
  }
  setAttr(shown, 'title', view.chipTitle ?? view.chipLabel);
  const color = assigned ? view.chipColor : '';
  if (parts.chipColor !== color) {
    chip.style.backgroundColor = color;
    label.style.backgroundColor = color;
    parts.chipColor = color;
  }

  showIf(accepts, pick, () => chip.after(pick));
  if (accepts) {
    setAttr(pick, 'aria-label', view.pickLabel ?? '');
    setAttr(pick, 'title', view.pickLabel ?? '');
  }

  showIf(Boolean(view.badgeText), badge, () => (accepts ? pick : shown).after(badge));
  if (view.badgeText) {
    setAttr(badge, 'data-urgency', view.urgency);
    setAttr(badge, 'data-status', view.status);
    setAttr(badge, 'data-intake', view.intake);
    const words =
      view.badgeLabel !== view.badgeText ? view.badgeLabel.slice(0, -view.badgeText.length) : '';
    setHidden(badgeWords, !words);
    setText(badgeWords, words);
    if (badgeText.data !== view.badgeText) badgeText.data = view.badgeText;
  }

  const actions = view.status !== 'unassigned' ? handlers.actions : undefined;
  showIf(Boolean(actions), more, () => root.append(more));
  if (actions) {
    setAttr(more, 'aria-label', actions.label);
    setAttr(more, 'title', actions.label);
  }

  showProgrammes(root, parts, view.programmes ?? []);
}

/** Puts `el` in the tree with `insert` when shown and not there, takes it out when not shown. */
function showIf(shown: boolean, el: Element, insert: () => void) {
  if (shown && !el.isConnected) insert();
  else if (!shown && el.isConnected) el.remove();
}

/** Programme labels, after the badge; made anew only when they change (most posts have none). */
function showProgrammes(root: ShadowRoot, parts: Parts, labels: readonly ProgrammeLabelView[]) {
  const key = labels
    .map((p) => `${p.id}\u0000${p.text}\u0000${p.color}\u0000${p.label}`)
    .join('\n');
  if (key === parts.programmes.key) return;
  for (const el of parts.programmes.elements) el.remove();
  const doc = root.ownerDocument;
  const elements = labels.map((p) => {
    const label = doc.createElement('span');
    label.className = p.color ? 'programme colored' : 'programme';
    label.dataset.programmeId = p.id;
    label.title = p.label;
    if (p.color) label.style.backgroundColor = p.color;
    const words = doc.createElement('span');
    words.className = 'sr-only';
    words.textContent = p.label;
    const text = doc.createElement('span');
    text.setAttribute('aria-hidden', 'true');
    text.textContent = p.text;
    label.append(words, text);
    return label;
  });
  if (parts.more.isConnected) parts.more.before(...elements);
  else root.append(...elements);
  parts.programmes = { key, elements };
}

function setText(el: Element, text: string) {
  if (el.textContent !== text) el.textContent = text;
}

function setClass(el: Element, name: string) {
  if (el.className !== name) el.className = name;
}

function setHidden(el: HTMLElement, hidden: boolean) {
  if (el.hidden !== hidden) el.hidden = hidden;
}

function setAttr(el: Element, name: string, value: string | null) {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) {
    el.setAttribute(name, value);
  }
}
