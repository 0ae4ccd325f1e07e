/**
 * Styles of the annotation's shadow root. Colours follow X's themes: the host carries
 * `data-theme="light|dark"`, read from the page's background like X's own theme switch.
 * Every state also has words, so colour is never the only signal.
 *
 * The host is a slim line of its own under X's author line, so it never squeezes the citizen's
 * name or handle. Its parts are inline boxes on one line box (no flex), and its layout is
 * contained: what changes inside never lays out X's post again.
 */
const CLIPBOARD =
  "url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E" +
  "%3Cpath d='M6 1h4a1 1 0 0 1 1 1v1h1.5A1.5 1.5 0 0 1 14 4.5v9a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 " +
  '1.5 0 0 1 2 13.5v-9A1.5 1.5 0 0 1 3.5 3H5V2a1 1 0 0 1 1-1zm0 1v2h4V2zM3.5 4a.5.5 0 0 0-.5.5v9' +
  "a.5.5 0 0 0 .5.5h9a.5.5 0 0 0 .5-.5v-9a.5.5 0 0 0-.5-.5H11v1H5V4zM5 8h6v1.2H5zm0 2.5h4v1.2H5z'/%3E" +
  '%3C/svg%3E")';

/** One half of the "▾": `currentColor` on the side the gradient starts from, the rest clear. */
const CARET_HALF = (direction: string) =>
  `linear-gradient(${direction}, currentColor calc(50% - 0.5px), transparent calc(50% + 0.5px))`;

export const ANNOTATION_CSS = `
:host {
  all: initial;
  display: block;
  contain: layout style;
  margin-block: 2px;
  min-height: 20px;
  font-family: -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;
  font-size: 12px;
  line-height: 16px;
  --fg: #0f1419;
  --muted: #536471;
  --line: #cfd9de;
  --focus: #1d9bf0;
  --ok-fg: #00692b;   --ok-bg: #e3f6ea;
  --soon-fg: #7a4a00; --soon-bg: #fff1d6;
  --late-fg: #a3001b; --late-bg: #fde4e7;
  --done-fg: #1c4e80; --done-bg: #e4effa;
  --urgent-fg: #fff;  --urgent-bg: #8f1d6b;
}
:host([data-theme='dark']) {
  --fg: #e7e9ea;
  --muted: #8b98a5;
  --line: #3e4144;
  --ok-fg: #7ee2a3;   --ok-bg: #0b2e1a;
  --soon-fg: #ffd27a; --soon-bg: #3a2a05;
  --late-fg: #ff9aa8; --late-bg: #45101a;
  --done-fg: #9ccaf5; --done-bg: #0f2940;
  --urgent-fg: #2b0620; --urgent-bg: #ff8fd8;
}
.chip, .pick, .badge, .programme, .more {
  display: inline-block; vertical-align: middle; white-space: nowrap; margin-inline-end: 4px;
}
.chip {
  font: inherit;
  font-weight: 700;
  cursor: pointer;
  border-radius: 999px;
  padding: 0 8px;
  min-height: 20px;
  color: var(--muted);
  background: transparent;
  border: 1px dashed var(--muted);
}
.chip.assigned { color: #fff; border: 1px solid transparent; }
/* A near-black department colour would vanish on X's black theme: a faint light outline keeps the pill. */
:host([data-theme='dark']) .chip.assigned, :host([data-theme='dark']) .programme.colored {
  border-color: rgba(255, 255, 255, 0.35);
}
.chip:hover { filter: brightness(1.1); }
.chip:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.chip.suggested { color: var(--fg); border: 1px solid var(--focus); }
/* The chip of an officer who may not assign: words, not a button. */
span.chip { cursor: default; box-sizing: border-box; line-height: 18px; border-style: solid; }
span.chip:hover { filter: none; }
/* The "▾" is drawn as the button's background, 8 px wide and 5 px high, from two half
   triangles whose 1 px soft edge stands for anti-aliasing: not a glyph (arrow characters send
   the page's text shaping to a fallback font), and not an element inside the button (a box
   more on most posts, npm run bench). */
.pick {
  font: inherit; color: var(--muted); cursor: pointer;
  background:
    ${CARET_HALF('to bottom left')} calc(50% - 2px) 50% / 4px 5px no-repeat,
    ${CARET_HALF('to bottom right')} calc(50% + 2px) 50% / 4px 5px no-repeat;
  border: 0; border-radius: 999px; min-width: 20px; min-height: 20px; padding: 0 2px;
  margin-inline-start: -2px;
}
.pick:hover { color: var(--fg); }
.pick:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.programme {
  border-radius: 999px; padding: 0 6px; font-weight: 600; color: var(--muted);
  border: 1px solid var(--line);
}
.programme.colored { color: #fff; border-color: transparent; }
/* Tanggap's actions: a clipboard, not a "⋯" that reads as X's own menu. */
.more {
  font: inherit; color: var(--muted); background: transparent; cursor: pointer;
  border: 0; border-radius: 999px; width: 22px; height: 20px; padding: 0;
}
.more::before {
  content: ''; display: inline-block; vertical-align: middle; width: 14px; height: 14px;
  background: currentColor; mask: ${CLIPBOARD} center / contain no-repeat;
}
.more:hover { color: var(--fg); }
.more:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.badge { border-radius: 4px; padding: 0 6px; font-weight: 600; color: var(--muted); }
.badge[data-urgency='ok'] { color: var(--ok-fg); background: var(--ok-bg); }
.badge[data-urgency='soon'] { color: var(--soon-fg); background: var(--soon-bg); }
.badge[data-urgency='overdue'] { color: var(--late-fg); background: var(--late-bg); }
.badge[data-status='responded'], .badge[data-status='resolved'] { color: var(--done-fg); background: var(--done-bg); }
/* An untriaged mention past the team's threshold: its own colour, and "Urgent" in its words. */
.badge[data-intake='urgent'] { color: var(--urgent-fg); background: var(--urgent-bg); font-weight: 700; }
/* Read by screen readers, never shown. Not positioned: a positioned box per post costs X's
   page a paint layer each (npm run bench). */
.sr-only {
  display: inline-block; width: 1px; height: 1px; margin: 0 -1px -1px 0; padding: 0;
  overflow: hidden; clip-path: inset(50%); white-space: nowrap; border: 0;
}
@media (forced-colors: active) {
  .chip, .badge, .more, .pick, .programme { border: 1px solid CanvasText; }
  .more::before { background: ButtonText; forced-color-adjust: none; }
  /* Forced colours drop every background image but url()s: the "▾" keeps its colour, the
     system's text colour (a triangle of borders would be forced into a square). */
  .pick, .pick:hover { forced-color-adjust: none; color: ButtonText; }
  .pick:focus-visible { outline-color: CanvasText; }
}
`;
