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

const stopPropagation = (event: Event) => event.stopPropagation();

const ourHosts = new WeakSet<EventTarget>();
let containing = false;

/**
 * A host stops these events on their way up to X's handlers. It gets its listeners only when
 * the first such event comes from inside it: adding nine to each of a timeline's hundreds of
 * hosts was a good part of making one (npm run bench). One capturing listener per type on the
 * window sees the event before the host does, its target retargeted to our host (which is why
 * hosts stand in X's light DOM, never in another shadow tree), and arms that host before the
 * event reaches it; adding the same listener again changes nothing.
 */
function containEvents() {
  containing = true;
  const arm = (event: Event) => {
    if (event.target && ourHosts.has(event.target)) {
      event.target.addEventListener(event.type, stopPropagation);
    }
  };
  for (const type of CONTAINED_EVENTS) window.addEventListener(type, arm, true);
}

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
  ourHosts.add(host);
  if (!containing) containEvents();
  return { host, root };
}
