/** Styles of the department picker's shadow root (light and dark, like X). */
export const PICKER_CSS = `
:host {
  all: initial;
  position: fixed;
  z-index: 2147483646;
  font: 14px/20px -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;
  --bg: #ffffff; --fg: #0f1419; --muted: #536471; --line: #cfd9de; --hover: #f7f9f9; --focus: #1d9bf0;
}
:host([data-theme='dark']) { --bg: #000000; --fg: #e7e9ea; --muted: #8b98a5; --line: #3e4144; --hover: #16181c; }
.picker {
  width: 320px; max-height: 360px; display: flex; flex-direction: column;
  background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 12px;
  box-shadow: 0 8px 28px rgb(101 119 134 / 35%); overflow: hidden;
}
.picker-title {
  margin: 0; padding: 8px 12px 0; font-weight: 700; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap;
}
.picker-head { display: flex; gap: 4px; padding: 8px; border-bottom: 1px solid var(--line); }
input {
  flex: 1; font: inherit; color: var(--fg); background: transparent; padding: 6px 10px;
  border: 1px solid var(--line); border-radius: 999px;
}
input:focus { outline: 2px solid var(--focus); outline-offset: 0; }
.close { font: inherit; font-size: 18px; color: var(--muted); background: none; border: 0; cursor: pointer; padding: 0 8px; border-radius: 999px; }
.close:focus-visible { outline: 2px solid var(--focus); }
ul { list-style: none; margin: 0; padding: 4px 0; overflow-y: auto; }
li { display: flex; align-items: center; gap: 8px; padding: 6px 12px; cursor: pointer; }
li[aria-selected='true'] { background: var(--hover); box-shadow: inset 3px 0 0 var(--focus); }
li.empty { color: var(--muted); cursor: default; }
.swatch { flex: none; width: 12px; height: 12px; border-radius: 3px; }
.short { font-weight: 700; flex: none; }
.tag { flex: none; margin-left: auto; font-size: 12px; color: var(--muted); }
.name { color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
`;
