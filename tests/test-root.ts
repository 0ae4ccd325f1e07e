import { act } from 'preact/test-utils';
import { render } from 'preact';
import { afterEach, beforeEach } from 'vitest';

/**
 * A fresh element on the page for each test of the file, handed to `use` before the file's own
 * `beforeEach` hooks that come after this call run; after each test, what was rendered into it
 * is unmounted and the element removed.
 */
export function useTestRoot(use: (root: HTMLElement) => void): void {
  let root: HTMLElement | undefined;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
    use(root);
  });
  afterEach(() => {
    if (!root) return;
    const done = root;
    root = undefined;
    act(() => render(null, done));
    done.remove();
  });
}
