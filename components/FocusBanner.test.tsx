// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { DEFAULT_DEPARTMENTS } from '../utils/domain/departments';
import type { BacklogFocus } from '../utils/domain/escalation';
import { setLanguage } from '../utils/i18n/i18n';
import { FocusBanner } from './FocusBanner';
import { useTestRoot } from '../tests/test-root';

let container: HTMLElement;
const onClear = vi.fn();

useTestRoot((el) => (container = el));
beforeEach(() => {
  onClear.mockReset();
});
afterEach(() => {
  setLanguage('auto');
});

function show(focus: BacklogFocus) {
  act(() => {
    render(
      <FocusBanner focus={focus} departments={DEFAULT_DEPARTMENTS} onClear={onClear} />,
      container,
    );
  });
}
const status = () => container.querySelector('[role="status"]')!;

test('says the backlog shows overdue items of the named departments', () => {
  show({ urgency: 'overdue', departmentIds: ['dsdabm', 'dlh'] });
  expect(status().getAttribute('data-focus')).toBe('overdue');
  expect(status().textContent).toMatch(/^Showing overdue items only in DSDABM, DLH/);
});

test('due soon, without departments; a department no longer in the directory keeps its id', () => {
  show({ urgency: 'soon', departmentIds: [] });
  expect(status().textContent).toMatch(/^Showing items due soon or overdue only(?! in)/);
  show({ urgency: 'soon', departmentIds: ['gone-dept'] });
  expect(status().textContent).toContain('in gone-dept');
});

test('“Show all” clears the focus, and it speaks Indonesian too', async () => {
  setLanguage('id');
  show({ urgency: 'overdue', departmentIds: ['dlh'] });
  const button = container.querySelector('button')!;
  expect(button.textContent).not.toBe('Show all');
  expect(status().textContent).not.toMatch(/Showing/);
  await act(async () => button.click());
  expect(onClear).toHaveBeenCalledOnce();
});
