// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, test, vi } from 'vitest';
import { createAssignment } from '../../tests/factories';
import { backupText } from '../../utils/domain/backup';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import type { RestoreCounts } from '../../utils/domain/backup';
import type { sendToBackground } from '../../utils/messaging/transport';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/domain/settings';
import { BackupPanel } from './backup-panel';
import { useTestRoot } from '../../tests/test-root';

let root: HTMLElement;
useTestRoot((el) => (root = el));

const flush = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
const send = (async (name: string) => {
  if (name === 'listDepartments') return DEFAULT_DEPARTMENTS;
  throw new Error(`unexpected ${name}`);
}) as typeof sendToBackground;

test('confirming a restore keeps the keyboard focus in the panel while it is disabled', async () => {
  let finish!: (counts: RestoreCounts) => void;
  const restoreBackup = vi.fn(() => new Promise<RestoreCounts>((resolve) => (finish = resolve)));
  act(() =>
    render(
      <BackupPanel
        send={send}
        save={vi.fn()}
        exportBackup={vi.fn()}
        restoreBackup={restoreBackup}
      />,
      root,
    ),
  );
  await flush();
  const text = backupText(
    {
      assignments: [createAssignment()],
      departments: DEFAULT_DEPARTMENTS,
      programmes: [],
      settings: structuredClone(DEFAULT_SETTINGS) as Settings,
    },
    '2025-03-10T05:00:00.000Z',
  );
  const input = root.querySelector<HTMLInputElement>('input[name="backupFile"]')!;
  Object.defineProperty(input, 'files', {
    value: [new File([text], 'b.json')],
    configurable: true,
  });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await flush();
  await flush();
  const confirm = root.querySelector<HTMLButtonElement>('[data-action="restore-confirm"]')!;
  confirm.focus();
  await act(async () => confirm.click());

  // While the restore runs, the controls are disabled: the focus waits on the status line.
  const focused = document.activeElement as HTMLElement;
  expect(root.contains(focused)).toBe(true);
  expect(focused.getAttribute('role')).toBe('status');

  await act(async () => finish({ assignments: 1, mentions: 0, departments: 16, programmes: 0 }));
  await flush();
  expect(document.activeElement).toBe(focused);
  expect(focused.textContent).toMatch(/^Restored: 1 /);
});
