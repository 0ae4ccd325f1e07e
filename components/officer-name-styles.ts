/** Styles of the name step's shadow root on X's page (light and dark, like X). */
export const OFFICER_NAME_CSS = `
:host {
  all: initial;
  position: fixed;
  z-index: 2147483646;
  font: 14px/20px -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;
  --bg: #ffffff; --fg: #0f1419; --muted: #536471; --line: #cfd9de; --focus: #1d9bf0; --error: #b42318;
}
:host([data-theme='dark']) { --bg: #000000; --fg: #e7e9ea; --muted: #8b98a5; --line: #3e4144; --error: #f4877f; }
.officer-name {
  width: 300px; box-sizing: border-box; display: flex; flex-direction: column; gap: 6px; padding: 12px;
  background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 12px;
  box-shadow: 0 8px 28px rgb(101 119 134 / 35%);
}
h2 { font-size: 15px; margin: 0; }
p { margin: 0; color: var(--muted); }
p.error { color: var(--error); min-height: 0; }
input {
  font: inherit; color: var(--fg); background: transparent; padding: 6px 10px;
  border: 1px solid var(--line); border-radius: 8px;
}
input:focus, button:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
.buttons { display: flex; gap: 8px; }
button {
  font: inherit; font-weight: 700; cursor: pointer; padding: 6px 14px; border-radius: 999px;
  border: 1px solid var(--fg); background: var(--fg); color: var(--bg);
}
button.secondary { background: transparent; color: var(--fg); border-color: var(--line); }
`;
