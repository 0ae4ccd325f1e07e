/**
 * Our elements on X's page: a custom-named host with an open shadow root, so X's styles and
 * ours never mix. Content scripts cannot define custom elements (`customElements` is null in
 * Chrome's isolated world), but any valid custom-element name may host a shadow root.
 */
const sheets = new Map<string, CSSStyleSheet | null>();

function sharedSheet(css: string): CSSStyleSheet | null {
  if (!sheets.has(css)) {
    let sheet: CSSStyleSheet | null;
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    } catch {
      sheet = null;
    }
    sheets.set(css, sheet);
  }
  return sheets.get(css) ?? null;
}

/** Events that must not reach X's handlers (a click on our chip must not open the post). */
const CONTAINED_EVENTS = [
  'click',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'keydown',
  'keyup',
  'keypress',
  'input',
];

/** One listener for every host and event: a timeline's hosts need no closure each. */
const stopPropagation = (event: Event) => event.stopPropagation();

export function createShadowHost(
  tagName: string,
  css: string,
): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement(tagName);
  const root = host.attachShadow({ mode: 'open' });
  const sheet = sharedSheet(css);
  try {
    // One parsed stylesheet shared by every annotation on the page.
    if (!sheet) throw new Error('no constructable stylesheets');
    root.adoptedStyleSheets = [sheet];
  } catch {
    // Firefox's content scripts cannot adopt a sheet made in their own compartment.
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
  }
  for (const type of CONTAINED_EVENTS) host.addEventListener(type, stopPropagation);
  return { host, root };
}
