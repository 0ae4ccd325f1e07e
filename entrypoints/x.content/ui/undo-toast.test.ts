// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { TanggapError } from '../../../utils/domain/errors';
import { createUndoToast, UNDO_MS, UNDO_TAG, type UndoToast } from './undo-toast';

let ctx: ContentScriptContext;
let toast: UndoToast;
let onError: ReturnType<typeof vi.fn<(error: unknown) => void>>;

beforeEach(() => {
  vi.useFakeTimers();
  document.body.replaceChildren();
  ctx = new ContentScriptContext('x-test');
  onError = vi.fn<(error: unknown) => void>();
  toast = createUndoToast(ctx, { onError });
});
afterEach(() => {
  ctx.notifyInvalidated();
  vi.useRealTimers();
});

const host = () => document.querySelector<HTMLElement>(UNDO_TAG);
const shadow = () => host()!.shadowRoot!;
const button = () => shadow().querySelector<HTMLButtonElement>('button[data-action="undo"]')!;
const status = () => shadow().querySelector('[role="status"]')!;

describe('the Undo toast', () => {
  test('says what was assigned, in a status region, for several seconds', () => {
    toast.offer('42', 'Post by @warga assigned to DLH', vi.fn());
    expect(host()!.dataset.tweetId).toBe('42');
    expect(status().textContent).toContain('Post by @warga assigned to DLH');
    expect(button().textContent).toBe('Undo');
    vi.advanceTimersByTime(5000);
    expect(host()).not.toBeNull();
    vi.advanceTimersByTime(UNDO_MS - 5000);
    expect(host()).toBeNull();
  });

  test('stays while the pointer or the focus is on it', () => {
    toast.offer('42', 'assigned', vi.fn());
    host()!.dispatchEvent(new Event('pointerenter'));
    vi.advanceTimersByTime(UNDO_MS * 3);
    expect(host()).not.toBeNull();
    host()!.dispatchEvent(new Event('pointerleave'));
    host()!.dispatchEvent(new Event('focusin'));
    vi.advanceTimersByTime(UNDO_MS * 3);
    expect(host()).not.toBeNull();
    host()!.dispatchEvent(new Event('focusout'));
    vi.advanceTimersByTime(UNDO_MS);
    expect(host()).toBeNull();
  });

  test('one per page: a newer assignment replaces the offer', async () => {
    const first = vi.fn(async () => {});
    const second = vi.fn(async () => {});
    toast.offer('1', 'first', first);
    toast.offer('2', 'second', second);
    expect(document.querySelectorAll(UNDO_TAG)).toHaveLength(1);
    button().click();
    await vi.waitFor(() => expect(second).toHaveBeenCalledTimes(1));
    expect(first).not.toHaveBeenCalled();
  });

  test('Undo takes it back once, then says so', async () => {
    const undo = vi.fn(async () => {});
    toast.offer('42', 'assigned', undo);
    button().click();
    button().click();
    await vi.waitFor(() => expect(status().textContent).toBe('Assignment undone'));
    expect(undo).toHaveBeenCalledTimes(1);
    expect(button().hidden).toBe(true);
    vi.advanceTimersByTime(UNDO_MS);
    expect(host()).toBeNull();
  });

  test('a refused undo says the post changed in the meantime', async () => {
    toast.offer('42', 'assigned', async () => {
      throw new TanggapError('bad-request', 'Post 42 changed after that assignment');
    });
    button().click();
    await vi.waitFor(() =>
      expect(status().textContent).toBe('Could not undo: the post changed in the meantime'),
    );
    expect(onError).toHaveBeenCalled();
  });
});
