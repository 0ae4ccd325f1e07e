// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { createAssignment } from '../../tests/factories';
import { backupText, MAX_BACKUP_BYTES } from '../../utils/domain/backup';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import type { Backup } from '../../utils/domain/backup';
import type { RestoreCounts } from '../../utils/domain/backup';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/domain/settings';
import { BackupPanel } from './backup-panel';
import { fakeSend } from '../../tests/fake-send';
import { useTestRoot } from '../../tests/test-root';

let root: HTMLElement;
let calls: { name: string; data: unknown }[];
let answers: Record<string, (data: never) => unknown>;
let restored: Backup[];
let restoreAnswer: () => RestoreCounts;
const send = fakeSend(
  (name, data) => calls.push({ name, data }),
  (name) => answers[name],
);

useTestRoot((el) => (root = el));
beforeEach(() => {
  calls = [];
  answers = { listDepartments: () => DEFAULT_DEPARTMENTS.slice(0, 3) };
  restored = [];
  restoreAnswer = () => ({ assignments: 0, mentions: 0, departments: 0, programmes: 0 });
});

const flush = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
const $ = (selector: string) => root.querySelector<HTMLElement>(selector);
const sent = (name: string) => calls.filter((c) => c.name === name);

const restoreBackup = async (backup: Backup) => {
  restored.push(backup);
  return restoreAnswer();
};

async function mount(save = vi.fn(), exportBackup = vi.fn()) {
  act(() =>
    render(
      <BackupPanel
        send={send}
        save={save}
        exportBackup={exportBackup}
        restoreBackup={restoreBackup}
      />,
      root,
    ),
  );
  await flush();
  return save;
}

async function choose(file: File) {
  const input = $('input[name="backupFile"]') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await flush();
  await flush();
}

const goodBackup = (count = 2) =>
  backupText(
    {
      assignments: Array.from({ length: count }, () => createAssignment()),
      departments: DEFAULT_DEPARTMENTS,
      programmes: [],
      settings: structuredClone(DEFAULT_SETTINGS) as Settings,
    },
    '2025-03-10T05:00:00.000Z',
  );

describe('restore', () => {
  test('a wrong file: the problems are listed and nothing is sent', async () => {
    await mount();
    await choose(new File(['tweet_id,status\n1,open'], 'export.csv'));
    expect($('[data-restore-problems]')?.getAttribute('role')).toBe('alert');
    expect($('[data-restore-problems]')?.textContent).toMatch(
      /This file cannot be restored\. Nothing was changed:.*not valid JSON/,
    );
    expect($('[data-action="restore-confirm"]')).toBeNull();
    expect(restored).toEqual([]);
  });

  test('markup in a wrong file is shown as text, never made into elements', async () => {
    await mount();
    const text = goodBackup().replace(
      /"deadline":"[^"]+"/,
      '"deadline":"<img src=x onerror=alert(1)>"',
    );
    await choose(new File([text], 'backup.json'));
    expect($('[data-restore-problems]')?.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(root.querySelector('img')).toBeNull();
  });

  test('a file above 200 MB is refused without being read', async () => {
    await mount();
    const file = new File(['{}'], 'huge.json');
    Object.defineProperty(file, 'size', { value: MAX_BACKUP_BYTES + 1 });
    const read = vi.spyOn(file, 'text');
    await choose(file);
    expect($('[data-restore-problems]')?.textContent).toMatch(
      /The file is 200\.0 MB: a Tanggap backup is at most 200\.0 MB/,
    );
    expect(read).not.toHaveBeenCalled();
    expect(restored).toEqual([]);
  });

  test('a file of exactly 200 MB is read and checked (the limit is inclusive)', async () => {
    await mount();
    const file = new File(['not json'], 'big.json');
    Object.defineProperty(file, 'size', { value: MAX_BACKUP_BYTES });
    await choose(file);
    expect($('[data-restore-problems]')?.textContent).toMatch(/not valid JSON/);
    expect(restored).toEqual([]);
  });

  test('a 20 MB file that is not a backup is refused, saying what is wrong', async () => {
    await mount();
    // 20 MB of well-formed JSON, one field wrong deep inside: the whole file is checked.
    const list = Array.from({ length: 20_000 }, () => createAssignment());
    list[12_345] = { ...list[12_345]!, deadline: 'soon' };
    const text = backupText(
      {
        assignments: list.map((a) => ({ ...a, post: { ...a.post, text: 'x'.repeat(900) } })),
        departments: DEFAULT_DEPARTMENTS,
        programmes: [],
        settings: structuredClone(DEFAULT_SETTINGS) as Settings,
      },
      '2025-03-10T05:00:00.000Z',
    );
    expect(text.length).toBeGreaterThan(20 * 1024 * 1024);
    await choose(new File([text], 'backup.json'));
    expect($('[data-restore-problems]')?.textContent).toMatch(/assignments\[12345\]\.deadline/);
    expect($('[data-action="restore-confirm"]')).toBeNull();
    expect(restored).toEqual([]);
  });

  test('a good file asks first; cancel changes nothing', async () => {
    await mount();
    await choose(new File([goodBackup(2)], 'backup.json'));
    expect($('.restore-confirm')?.textContent).toMatch(/2 assignments, 16 departments/);
    expect($('.restore-confirm')?.textContent).toContain(
      'It also holds 0 received mentions, with which were dismissed',
    );
    expect(document.activeElement?.getAttribute('data-action')).toBe('restore-cancel');
    await act(async () => $('[data-action="restore-cancel"]')!.click());
    expect($('.restore-confirm')).toBeNull();
    expect(restored).toEqual([]);
  });

  test('confirmed: the file is restored and the counts are shown', async () => {
    const text = goodBackup(2);
    restoreAnswer = () => ({ assignments: 2, mentions: 0, departments: 16, programmes: 0 });
    await mount();
    await choose(new File([text], 'backup.json'));
    await act(async () => $('[data-action="restore-confirm"]')!.click());
    await flush();
    expect(restored.map((b) => b.assignments.map((a) => a.tweetId))).toEqual([
      (JSON.parse(text) as Backup).assignments.map((a) => a.tweetId),
    ]);
    expect(root.textContent).toContain(
      'Restored: 2 assignments, 16 departments. 0 received mentions.',
    );
  });

  test('an older file without mentions says, before and after, that this browser’s stay', async () => {
    const old = JSON.parse(goodBackup(1)) as Record<string, unknown>;
    old.version = 1;
    delete old.mentions;
    restoreAnswer = () => ({ assignments: 1, mentions: null, departments: 16, programmes: 0 });
    await mount();
    await choose(new File([JSON.stringify(old)], 'old-backup.json'));
    expect($('.restore-confirm')?.textContent).toContain(
      'holds no received mentions: the mentions in this browser are kept.',
    );
    await act(async () => $('[data-action="restore-confirm"]')!.click());
    await flush();
    expect(restored.map((b) => b.mentions)).toEqual([undefined]);
    expect(root.textContent).toContain('The mentions in this browser were kept.');
  });

  test('a failed write is listed like a local problem', async () => {
    restoreAnswer = () => {
      throw new Error('The database is full.');
    };
    await mount();
    await choose(new File([goodBackup(1)], 'backup.json'));
    await act(async () => $('[data-action="restore-confirm"]')!.click());
    await flush();
    const items = [...root.querySelectorAll('[data-restore-problems] li')].map(
      (li) => li.textContent,
    );
    expect(items).toEqual(['The database is full.']);
  });
});

describe('exports', () => {
  test('CSV: every page is asked for with the filters, and saved as one file', async () => {
    const pages = [
      {
        csv: '\uFEFFheader\r\nrow1\r\n',
        rows: 1,
        next: { assignedAt: '2025-03-01T00:00:00.000Z', tweetId: '1' },
      },
      { csv: 'row2\r\n', rows: 1, next: null },
    ];
    answers.exportCsvPage = () => pages.shift();
    const save = await mount();
    const setValue = async (name: string, value: string) => {
      const input = $(`input[name="${name}"]`) as HTMLInputElement;
      input.value = value;
      await act(async () => {
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
    };
    await setValue('exportFrom', '2025-03-01');
    await setValue('exportTo', '2025-03-31');
    await act(async () => ($('input[value="dlh"]') as HTMLInputElement).click());
    await act(async () => $('[data-action="export-csv"]')!.click());
    await flush();

    const asked = sent('exportCsvPage').map((c) => c.data);
    expect(asked).toEqual([
      {
        from: new Date(2025, 2, 1).toISOString(),
        to: new Date(2025, 3, 1).toISOString(),
        departmentIds: ['dlh'],
      },
      {
        from: new Date(2025, 2, 1).toISOString(),
        to: new Date(2025, 3, 1).toISOString(),
        departmentIds: ['dlh'],
        after: { assignedAt: '2025-03-01T00:00:00.000Z', tweetId: '1' },
      },
    ]);
    const [blob, filename] = save.mock.calls[0] as [Blob, string];
    expect(filename).toBe('tanggap-2025-03-01_2025-03-31.csv');
    expect(new Uint8Array(await blob.arrayBuffer()).slice(0, 3)).toEqual(
      new Uint8Array([0xef, 0xbb, 0xbf]),
    );
    // Blob.text() would drop the BOM: decode keeping it.
    const decoded = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await blob.arrayBuffer());
    expect(decoded).toBe('\uFEFFheader\r\nrow1\r\nrow2\r\n');
    expect(root.textContent).toContain('2 items exported.');
  });

  test('CSV: a start after the end is refused before anything is asked', async () => {
    await mount();
    const from = $('input[name="exportFrom"]') as HTMLInputElement;
    const to = $('input[name="exportTo"]') as HTMLInputElement;
    from.value = '2025-03-05';
    await act(async () => {
      from.dispatchEvent(new Event('input', { bubbles: true }));
    });
    to.value = '2025-03-01';
    await act(async () => {
      to.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => $('[data-action="export-csv"]')!.click());
    expect(root.textContent).toContain('The start date must not be after the end date.');
    expect(sent('exportCsvPage')).toEqual([]);
  });

  test('backup: the file is saved under its name', async () => {
    const text = goodBackup(3);
    const exportBackup = vi.fn(async () => ({
      blob: new Blob([text], { type: 'application/json' }),
      filename: 'tanggap-backup-2025-03-10.json',
      assignments: 3,
    }));
    const save = await mount(vi.fn(), exportBackup);
    await act(async () => $('[data-action="download-backup"]')!.click());
    await flush();
    const [blob, filename] = save.mock.calls[0] as [Blob, string];
    expect(filename).toBe('tanggap-backup-2025-03-10.json');
    expect(await blob.text()).toBe(text);
    expect(root.textContent).toContain('Backup downloaded: 3 assignments.');
  });
});
