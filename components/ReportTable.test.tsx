// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, test, vi } from 'vitest';
import { DEFAULT_DEPARTMENTS } from '../utils/domain/departments';
import {
  emptyFigures,
  type DepartmentRow,
  type Figures,
  type Report,
} from '../utils/domain/report';
import { ReportTable } from './ReportTable';
import { useTestRoot } from '../tests/test-root';

let root: HTMLElement;
useTestRoot((el) => (root = el));

function figures(overrides: Partial<Figures>): Figures {
  return { ...emptyFigures(), ...overrides };
}
const row = (departmentId: string, f: Partial<Figures>): DepartmentRow => ({
  departmentId,
  ...figures(f),
});

// Worst first, as computeReport gives them.
const report: Report = {
  period: { from: '2026-11-30', to: '2026-12-06' },
  nowMs: Date.parse('2026-12-03T03:00:00.000Z'),
  rows: [
    row('dlh', { received: 4, respondedOnTime: 1, openOverdue: 3, due: 4, onTimeRate: 0.25 }),
    row('dinkes', {
      received: 9,
      respondedOnTime: 9,
      due: 9,
      onTimeRate: 1,
      medianResponseMinutes: 45,
    }),
    row('dishub', { received: 1, open: 1 }),
  ],
  total: figures({ received: 14, respondedOnTime: 10, openOverdue: 3, open: 1, due: 13 }),
  untriaged: { count: 0, oldestCreatedAt: '' },
  weeks: [],
  longestOverdue: [],
  latestLate: [],
};

const ids = () =>
  [...root.querySelectorAll<HTMLElement>('[data-report-row]')].map((r) => r.dataset.departmentId);
const header = (key: string) => root.querySelector(`button[data-sort="${key}"]`)!.closest('th')!;

test('names the worst SKPD in words and marks its row', () => {
  act(() => render(<ReportTable report={report} departments={DEFAULT_DEPARTMENTS} />, root));
  const dlh = DEFAULT_DEPARTMENTS.find((d) => d.id === 'dlh')!;
  expect(root.querySelector('.report-worst')!.textContent).toBe(
    `Lowest on-time rate: ${dlh.name} (25%).`,
  );
  expect(root.querySelector('[data-report-row]')!.textContent).toContain('(lowest)');
  const dinkes = root.querySelector('[data-department-id="dinkes"]')!;
  expect(dinkes.getAttribute('data-on-time-rate')).toBe('1');
  expect(dinkes.textContent).toContain('45 min');
  expect(
    root.querySelector('[data-department-id="dishub"]')!.getAttribute('data-on-time-rate'),
  ).toBe('');
});

test('sorts by a column, then the other way, and says which way', () => {
  act(() => render(<ReportTable report={report} departments={DEFAULT_DEPARTMENTS} />, root));
  expect(ids()).toEqual(['dlh', 'dinkes', 'dishub']);
  expect(header('received').getAttribute('aria-sort')).toBeNull();
  act(() => root.querySelector<HTMLButtonElement>('button[data-sort="received"]')!.click());
  expect(ids()).toEqual(['dinkes', 'dlh', 'dishub']);
  expect(header('received').getAttribute('aria-sort')).toBe('descending');
  act(() => root.querySelector<HTMLButtonElement>('button[data-sort="received"]')!.click());
  expect(ids()).toEqual(['dishub', 'dlh', 'dinkes']);
  expect(header('received').getAttribute('aria-sort')).toBe('ascending');
  // An SKPD without a rate goes last, whichever the direction.
  act(() => root.querySelector<HTMLButtonElement>('button[data-sort="onTimeRate"]')!.click());
  expect(ids()).toEqual(['dinkes', 'dlh', 'dishub']);
});

test('copies an SKPD’s digest in Indonesian and says so to a screen reader', async () => {
  const copy = vi.fn(async (_text: string) => {});
  act(() =>
    render(<ReportTable report={report} departments={DEFAULT_DEPARTMENTS} copy={copy} />, root),
  );
  const button = root.querySelector<HTMLButtonElement>(
    '[data-department-id="dlh"] button[data-action="copy-report-digest"]',
  )!;
  await act(async () => {
    button.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  expect(copy.mock.calls[0]![0]).toContain(
    '4 aduan, 1 ditanggapi tepat waktu (25 %), 0 ditanggapi terlambat, 3 masih terbuka lewat tenggat.',
  );
  expect(root.querySelector('[role="status"]')!.textContent).toMatch(/^Digest of .* copied/);
});
