// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, test, vi } from 'vitest';
import { DigestButton } from './DigestButton';
import { useTestRoot } from '../tests/test-root';

let root: HTMLElement;
useTestRoot((el) => (root = el));

const button = () => root.querySelector<HTMLButtonElement>('button[data-action="copy-digest"]')!;
const status = () => root.querySelector('[role="status"]')!.textContent;

async function click() {
  await act(async () => {
    button().click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

test('copies the digest and says how many items it holds', async () => {
  const copy = vi.fn(async (_text: string) => {});
  const load = vi.fn(async () => ({ text: 'Ringkasan eskalasi…', overdue: 3 }));
  act(() => render(<DigestButton load={load} copy={copy} />, root));
  expect(button().textContent).toBe('Copy escalation digest');
  expect(status()).toBe('');
  await click();
  expect(copy).toHaveBeenCalledWith('Ringkasan eskalasi…');
  expect(status()).toBe('Digest of 3 overdue items copied: paste it into your message.');
});

test('nothing overdue: still copied, and said so', async () => {
  act(() =>
    render(
      <DigestButton load={async () => ({ text: 'x', overdue: 0 })} copy={async () => {}} />,
      root,
    ),
  );
  await click();
  expect(status()).toBe('Nothing is overdue. A digest saying so was copied.');
});

test('a refused clipboard is reported, not hidden', async () => {
  const copy = async () => {
    throw new Error('Document is not focused.');
  };
  act(() =>
    render(<DigestButton load={async () => ({ text: 'x', overdue: 1 })} copy={copy} />, root),
  );
  await click();
  expect(status()).toBe('The digest could not be copied: Document is not focused.');
  expect(root.querySelector('.digest-result.error')).not.toBeNull();
});
