/**
 * The annotation's elements in its shadow root: the chip (department, suggestion or
 * "unassigned"), the "▾" beside a suggestion, the badge, programme labels and the actions
 * button. For an officer who may not assign the post, the chip is a plain label in its place.
 *
 * No virtual DOM: every post on a timeline has an annotation, and the minute's tick updates
 * them all. A part is made the first time a view shows it, then an update sets only the text
 * and attributes that changed; the picker, popovers and pages stay Preact views (npm run
 * bench: page work per post).
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
  label?: { el: HTMLElement; words: HTMLElement; text: HTMLElement };
  pick?: HTMLButtonElement;
  /** The badge; its words for a screen reader before its text ("due soon: "). */
  badge?: WordsAndText;
  more?: HTMLButtonElement;
  programmes: { key: string; elements: HTMLElement[] };
  handlers: AnnotationHandlers;
  /** The chip accepts a suggestion (instead of opening the picker). */
  accepts: boolean;
  /** The chip's (and label's) background as last set (the style reads it back otherwise). */
  chipColor: string;
}

/** An element with words for a screen reader before the text it shows. */
interface WordsAndText {
  el: HTMLElement;
  /** In the element only while there are words: a hidden element is still styled. */
  words: HTMLElement;
  text: Text;
}

/**
 * Each part is made the first time a view shows it, and is out of the tree while a view does
 * not (the hooks of design.md: "▾" only beside a suggestion): most posts show a chip and at
 * most a badge, and every element made per post costs X's page. No whitespace between
 * elements: it would be laid out too. Built element by element rather than from markup: the
 * page's reviewers (and Firefox's add-on checks) should never meet an `innerHTML` in a content
 * script.
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

function button(doc: Document, attributes: Record<string, string>): HTMLButtonElement {
  return element(doc, 'button', { type: 'button', ...attributes }) as HTMLButtonElement;
}

function wordsAndText(doc: Document, attributes: Record<string, string>): WordsAndText {
  const text = doc.createTextNode('');
  return {
    el: element(doc, 'span', attributes, text),
    words: element(doc, 'span', { class: 'sr-only' }),
    text,
  };
}

const mounted = new WeakMap<ShadowRoot, Parts>();

/** Fills an empty shadow root with the annotation's chip; `updateAnnotation` shows a view. */
export function mountAnnotation(root: ShadowRoot, handlers: AnnotationHandlers): void {
  const chip = button(root.ownerDocument, { class: 'chip', 'data-action': 'assign' });
  root.append(chip);
  const parts: Parts = {
    chip,
    programmes: { key: '', elements: [] },
    handlers,
    accepts: false,
    chipColor: '',
  };
  mounted.set(root, parts);
  // One listener per annotation; it calls the handlers of the latest update.
  root.addEventListener('click', (event) => {
    const button = (event.target as Element).closest('button');
    const { handlers: h, accepts } = parts;
    if (button === chip) {
      if (accepts && h.onAcceptSuggestion) h.onAcceptSuggestion();
      else h.onOpenPicker?.(chip);
    } else if (button && button === parts.pick) {
      h.onOpenPicker?.(button);
    } else if (button && button === parts.more) {
      h.actions?.onOpen(button);
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
  const doc = root.ownerDocument;
  const { chip } = parts;
  const assigned = view.chipColor !== '';
  const readOnly = !handlers.onOpenPicker;
  // With a suggestion, the chip accepts it in one press; the "▾" beside it opens the picker.
  const accepts =
    !readOnly && !assigned && Boolean(view.suggestedDepartmentId) && !!handlers.onAcceptSuggestion;
  parts.handlers = handlers;
  parts.accepts = accepts;

  let shown: HTMLElement = chip;
  if (readOnly) {
    const label = (parts.label ??= chipLabel(doc));
    shown = label.el;
    setText(label.words, view.chipLabel);
    setText(label.text, view.chipText);
    setClass(label.el, assigned ? 'chip assigned' : 'chip');
  } else {
    setText(chip, view.chipText);
    setClass(chip, assigned ? 'chip assigned' : accepts ? 'chip suggested' : 'chip');
    setAttr(chip, 'aria-haspopup', accepts ? null : 'dialog');
    setAttr(chip, 'aria-label', view.chipLabel);
  }
  // Parts are in the shadow root or nowhere (the host itself may not be on the page yet).
  const swapped = !shown.parentNode;
  if (swapped) (readOnly ? chip : parts.label!.el).replaceWith(shown);
  setAttr(shown, 'title', view.chipTitle ?? view.chipLabel);
  const color = assigned ? view.chipColor : '';
  if (swapped || parts.chipColor !== color) {
    shown.style.backgroundColor = color;
    parts.chipColor = color;
  }

  if (accepts) {
    const pick = (parts.pick ??= pickButton(doc));
    if (!pick.parentNode) chip.after(pick);
    setAttr(pick, 'aria-label', view.pickLabel ?? '');
    setAttr(pick, 'title', view.pickLabel ?? '');
  } else {
    parts.pick?.remove();
  }

  if (view.badgeText) {
    const badge = (parts.badge ??= wordsAndText(doc, { class: 'badge' }));
    if (!badge.el.parentNode) (accepts ? parts.pick! : shown).after(badge.el);
    setAttr(badge.el, 'data-urgency', view.urgency);
    setAttr(badge.el, 'data-status', view.status);
    setAttr(badge.el, 'data-intake', view.intake);
    const words =
      view.badgeLabel !== view.badgeText ? view.badgeLabel.slice(0, -view.badgeText.length) : '';
    if (!words) badge.words.remove();
    else {
      setText(badge.words, words);
      if (!badge.words.parentNode) badge.el.prepend(badge.words);
    }
    if (badge.text.data !== view.badgeText) badge.text.data = view.badgeText;
  } else {
    parts.badge?.el.remove();
  }

  const actions = view.status !== 'unassigned' ? handlers.actions : undefined;
  if (actions) {
    const more = (parts.more ??= button(doc, {
      class: 'more',
      'data-action': 'actions',
      'aria-haspopup': 'dialog',
    }));
    if (!more.parentNode) root.append(more);
    setAttr(more, 'aria-label', actions.label);
    setAttr(more, 'title', actions.label);
  } else {
    parts.more?.remove();
  }

  showProgrammes(root, parts, view.programmes ?? []);
}

/** The chip of an officer who may not assign: its words read aloud, its short text shown. */
function chipLabel(doc: Document): { el: HTMLElement; words: HTMLElement; text: HTMLElement } {
  const words = element(doc, 'span', { class: 'sr-only' });
  const text = element(doc, 'span', { 'aria-hidden': 'true' });
  return {
    el: element(doc, 'span', { class: 'chip', 'data-chip': 'label' }, words, text),
    words,
    text,
  };
}

/** The "▾" is the button's own background (annotation-styles.ts): no element inside it. */
function pickButton(doc: Document): HTMLButtonElement {
  return button(doc, { class: 'pick', 'data-action': 'pick', 'aria-haspopup': 'dialog' });
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
  if (parts.more?.parentNode) parts.more.before(...elements);
  else root.append(...elements);
  parts.programmes = { key, elements };
}

function setText(el: Element, text: string) {
  if (el.textContent !== text) el.textContent = text;
}

function setClass(el: Element, name: string) {
  if (el.className !== name) el.className = name;
}

function setAttr(el: Element, name: string, value: string | null) {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) {
    el.setAttribute(name, value);
  }
}
