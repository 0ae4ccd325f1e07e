/** Styles of the item actions popover's shadow root on X (light and dark, like X). */
export const ITEM_ACTIONS_CSS = `
:host {
  all: initial;
  position: fixed;
  z-index: 2147483646;
  font: 14px/20px -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;
  --bg: #ffffff; --fg: #0f1419; --muted: #536471; --line: #cfd9de; --hover: #f7f9f9; --focus: #1d9bf0;
  --accent: #0f1419; --accent-fg: #ffffff; --late-fg: #a3001b;
}
:host([data-theme='dark']) {
  --bg: #000000; --fg: #e7e9ea; --muted: #8b98a5; --line: #3e4144; --hover: #16181c;
  --accent: #eff3f4; --accent-fg: #0f1419; --late-fg: #ff9aa8;
}
.item-actions {
  width: 300px; box-sizing: border-box; padding: 8px; background: var(--bg); color: var(--fg);
  border: 1px solid var(--line); border-radius: 12px; box-shadow: 0 8px 28px rgb(101 119 134 / 35%);
}
.menu { display: flex; flex-direction: column; }
.menu button {
  font: inherit; color: var(--fg); background: none; border: 0; border-radius: 8px;
  text-align: start; padding: 8px 10px; cursor: pointer;
}
.menu button:hover { background: var(--hover); }
.form { display: flex; flex-direction: column; gap: 8px; }
label { display: flex; flex-direction: column; gap: 2px; color: var(--muted); font-size: 13px; }
select, input, textarea {
  font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line);
  border-radius: 6px; padding: 4px 6px;
}
textarea { resize: vertical; }
.buttons { display: flex; gap: 6px; justify-content: flex-end; }
.buttons button {
  font: inherit; font-weight: 700; border-radius: 999px; padding: 4px 14px; cursor: pointer;
  color: var(--fg); background: none; border: 1px solid var(--line);
}
.buttons .primary { color: var(--accent-fg); background: var(--accent); border-color: var(--accent); }
button:disabled { opacity: 0.6; cursor: default; }
button:focus-visible, select:focus-visible, input:focus-visible, textarea:focus-visible {
  outline: 2px solid var(--focus); outline-offset: 1px;
}
.error { color: var(--late-fg); margin: 8px 0 0; }
@media (forced-colors: active) {
  .item-actions { border: 1px solid CanvasText; }
}
`;
