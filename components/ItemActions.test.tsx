// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, test, vi, type Mock } from 'vitest';
import { createAssignment } from '../tests/factories';
import { DEFAULT_DEPARTMENTS } from '../utils/domain/departments';
import type { AssignmentStatus } from '../utils/domain/types';
import { ItemActions } from './ItemActions';
import type { ItemAction } from '../utils/messaging/item-actions';
import { useTestRoot } from '../tests/test-root';

let container: HTMLElement;
let onAction: Mock<(action: ItemAction) => Promise<unknown>>;
let onDone: Mock<() => void>;
let onClose: Mock<() => void>;

function show(status: AssignmentStatus = 'open') {
  const item = { ...createAssignment({ departmentId: 'dsdabm' }), status };
  act(() => {
    render(
      <ItemActions
        item={item}
        departments={DEFAULT_DEPARTMENTS}
        autoFocus
        onAction={onAction}
        onDone={onDone}
        onClose={onClose}
      />,
      container,
    );
  });
}

useTestRoot((el) => (container = el));
beforeEach(() => {
  onAction = vi.fn(async () => {});
  onDone = vi.fn();
  onClose = vi.fn();
});

const $ = <T extends Element = HTMLElement>(selector: string) =>
  container.querySelector<T & HTMLElement>(selector);
const actions = () =>
  [...container.querySelectorAll<HTMLElement>('[data-action]')].map((b) => b.dataset.action);
const click = async (selector: string) => {
  await act(async () => $(selector)!.click());
};
function change(selector: string, value: string) {
  act(() => {
    const el = $<HTMLInputElement>(selector)!;
    el.value = value;
    el.dispatchEvent(new Event(el.localName === 'select' ? 'change' : 'input', { bubbles: true }));
  });
}
const submit = async () => {
  await act(async () => {
    $('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
};

describe('ItemActions', () => {
  test.each([
    ['open', ['responded', 'resolve', 'note']],
    ['responded', ['resolve', 'reopen', 'note']],
    ['resolved', ['reopen', 'note']],
  ] as const)('a %s item offers %j', (status, expected) => {
    show(status);
    expect(actions()).toEqual(expected);
    // The first action has the focus, for the keyboard.
    expect(document.activeElement).toBe($(`[data-action="${expected[0]}"]`));
  });

  test('mark responded and reopen are one click', async () => {
    show('open');
    await click('[data-action="responded"]');
    expect(onAction).toHaveBeenCalledWith({ kind: 'responded' });
    expect(onDone).toHaveBeenCalledOnce();
    show('resolved');
    await click('[data-action="reopen"]');
    expect(onAction).toHaveBeenLastCalledWith({ kind: 'reopen' });
  });

  test('resolve as handled, with a note', async () => {
    show();
    await click('[data-action="resolve"]');
    expect(document.activeElement).toBe($('select[name="reason"]'));
    change('textarea[name="note"]', ' Sudah diperbaiki ');
    await submit();
    expect(onAction).toHaveBeenCalledWith({
      kind: 'resolve',
      reason: 'handled',
      targetDepartmentId: undefined,
      duplicateOf: undefined,
      note: 'Sudah diperbaiki',
    });
  });

  test('not our remit asks for the department to send it to, without the current one', async () => {
    show();
    await click('[data-action="resolve"]');
    change('select[name="reason"]', 'not-our-remit');
    const choices = [...container.querySelectorAll('select[name="targetDepartmentId"] option')].map(
      (o) => o.getAttribute('value'),
    );
    expect(choices).toContain('dlh');
    expect(choices).not.toContain('dsdabm');
    expect($('button[type="submit"]')!.textContent).toBe('Send');
    change('select[name="targetDepartmentId"]', 'dlh');
    await submit();
    expect(onAction).toHaveBeenCalledWith(
      expect.objectContaining({ reason: 'not-our-remit', targetDepartmentId: 'dlh' }),
    );
  });

  test('duplicate asks for the other post', async () => {
    show();
    await click('[data-action="resolve"]');
    change('select[name="reason"]', 'duplicate');
    change('input[name="duplicateOf"]', 'https://x.com/w/status/42');
    await submit();
    expect(onAction).toHaveBeenCalledWith(
      expect.objectContaining({ reason: 'duplicate', duplicateOf: 'https://x.com/w/status/42' }),
    );
  });

  test.each([
    ['not-our-remit', 'select[name="targetDepartmentId"]'],
    ['duplicate', 'input[name="duplicateOf"]'],
  ] as const)(
    'opened for %s (from the right-click menu): straight at its form',
    async (reason, field) => {
      act(() => {
        render(
          <ItemActions
            item={createAssignment({ departmentId: 'dsdabm' })}
            departments={DEFAULT_DEPARTMENTS}
            autoFocus
            reason={reason}
            onAction={onAction}
            onDone={onDone}
            onClose={onClose}
          />,
          container,
        );
      });
      expect($<HTMLSelectElement>('select[name="reason"]')!.value).toBe(reason);
      expect(container.contains(document.activeElement)).toBe(true);
      change(field, reason === 'duplicate' ? '42' : 'dlh');
      await submit();
      expect(onAction).toHaveBeenCalledWith(expect.objectContaining({ kind: 'resolve', reason }));
      // Esc goes back to the actions, as from any form.
      show();
      expect(actions()).toEqual(['responded', 'resolve', 'note']);
    },
  );

  test('a refused action says why and keeps the form', async () => {
    onAction.mockRejectedValueOnce(new Error('A note needs some text'));
    show();
    await click('[data-action="note"]');
    change('textarea[name="note"]', 'x');
    await submit();
    expect($('[role="alert"]')!.textContent).toBe('Not saved: A note needs some text');
    expect($('textarea[name="note"]')).not.toBeNull();
    expect(onDone).not.toHaveBeenCalled();
  });

  test('Esc leaves a form, then closes', async () => {
    show();
    await click('[data-action="note"]');
    function esc() {
      act(() => {
        document.activeElement!.dispatchEvent(
          new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }),
        );
      });
    }
    esc();
    expect($('form')).toBeNull();
    expect(onClose).not.toHaveBeenCalled();
    esc();
    expect(onClose).toHaveBeenCalledOnce();
  });
});
