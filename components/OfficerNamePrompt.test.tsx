// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, test, vi, type Mock } from 'vitest';
import { OfficerNamePrompt } from './OfficerNamePrompt';

let container: HTMLElement;
let onSave: Mock<(name: string) => Promise<void>>;
let onCancel: Mock<() => void>;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  onSave = vi.fn(async () => {});
  onCancel = vi.fn();
  act(() => {
    render(<OfficerNamePrompt onSave={onSave} onCancel={onCancel} />, container);
  });
});
afterEach(() => {
  render(null, container);
  container.remove();
});

const input = () => container.querySelector<HTMLInputElement>('input[name="officerName"]')!;
const submit = async () => {
  await act(async () => {
    container.querySelector('form')!.requestSubmit();
    await Promise.resolve();
  });
};

test('asks the name, with its reason, focused and ready to type', () => {
  expect(container.querySelector('h2')!.textContent).toBe('What is your name?');
  expect(document.activeElement).toBe(input());
  expect(container.querySelector('label')!.htmlFor).toBe(input().id);
});

test('saves the name typed, without surrounding spaces', async () => {
  input().value = '  Rina (Diskominfo) ';
  await submit();
  expect(onSave).toHaveBeenCalledExactlyOnceWith('Rina (Diskominfo)');
});

test('an empty name is not saved, and the step says so', async () => {
  input().value = '   ';
  await submit();
  expect(onSave).not.toHaveBeenCalled();
  expect(container.querySelector('[role="alert"]')!.textContent).toBe('Type your name.');
});

test('a save that fails says why and lets the officer try again', async () => {
  onSave.mockRejectedValueOnce(new Error('disk full'));
  input().value = 'Rina';
  await submit();
  await act(async () => {});
  expect(container.querySelector('[role="alert"]')!.textContent).toBe(
    'Your name was not saved: disk full',
  );
  expect(input().disabled).toBe(false);
});

test('Esc and Cancel close it without saving', () => {
  act(() => {
    input().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  });
  act(() => {
    container.querySelector<HTMLButtonElement>('button.secondary')!.click();
  });
  expect(onCancel).toHaveBeenCalledTimes(2);
  expect(onSave).not.toHaveBeenCalled();
});
