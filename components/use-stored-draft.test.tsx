// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, test } from 'vitest';
import { useStoredDraft } from './use-stored-draft';
import { useTestRoot } from '../tests/test-root';

let root: HTMLElement;
useTestRoot((el) => (root = el));

function NameForm({ stored }: { stored: { name: string } }) {
  const [draft, setDraft] = useStoredDraft(stored);
  return (
    <input
      value={draft.name}
      onInput={(e) => setDraft({ name: (e.currentTarget as HTMLInputElement).value })}
    />
  );
}

const input = () => root.querySelector('input')!;
function typeName(value: string) {
  input().value = value;
  input().dispatchEvent(new Event('input', { bubbles: true }));
}
const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 150));

test('typing before the form has painted is kept', async () => {
  // Outside act(): the mount's effects wait for the next frame, as in a busy browser.
  render(<NameForm stored={{ name: 'Dinas PU' }} />, root);
  typeName('Dinas Pekerjaan Umum');
  await nextFrame();
  expect(input().value).toBe('Dinas Pekerjaan Umum');
});

test('a stored value changed elsewhere replaces the draft; the same value again does not', () => {
  act(() => render(<NameForm stored={{ name: 'Dinas PU' }} />, root));
  act(() => typeName('Dinas P'));
  act(() => render(<NameForm stored={{ name: 'Dinas PU' }} />, root));
  expect(input().value).toBe('Dinas P');
  act(() => render(<NameForm stored={{ name: 'Dinas PUPR' }} />, root));
  expect(input().value).toBe('Dinas PUPR');
});
