// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, test, vi } from 'vitest';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { computeReport } from '../../utils/domain/report';
import type { ReportPeriod } from '../../utils/domain/report-period';
import { programmeReach } from '../../utils/domain/report-reach';
import { DEFAULT_SETTINGS } from '../../utils/domain/settings';
import type { ReportData } from './load-report';
import { useTestRoot } from '../../tests/test-root';

const loaded: ReportPeriod[] = [];
const reaches: unknown[] = [];
vi.mock('./load-report', () => ({
  loadReport: (period: ReportPeriod, nowMs: number): Promise<ReportData> => {
    loaded.push(period);
    const report = computeReport({
      items: [],
      departments: DEFAULT_DEPARTMENTS,
      workingHours: DEFAULT_SETTINGS.workingHours,
      period,
      nowMs,
      untriaged: [],
    });
    const reach = programmeReach([], [], period, () => undefined);
    reaches.push(reach);
    return Promise.resolve({
      report,
      reach,
      departments: DEFAULT_DEPARTMENTS,
      settings: DEFAULT_SETTINGS,
    });
  },
}));
// The reach each render of the programmes' section was built for.
const reachDrawn: unknown[] = [];
vi.mock('../../components/ProgrammeReachView', () => ({
  ProgrammeReachView: (props: { reach: unknown }) => {
    reachDrawn.push(props.reach);
    return <p>reach</p>;
  },
}));
// jsdom has no canvas to draw the charts on: a stand-in keeps their place.
vi.mock('../../components/ReportCharts', () => ({ ReportCharts: () => <p>charts</p> }));
// Imported after the mock, so the page reads the figures above.
const { ReportApp } = await import('./ReportApp');

let root: HTMLElement;
useTestRoot((el) => (root = el));

const tableShown = () => root.querySelector('#table-title') !== null;
const restShown = () => root.querySelector('#reach-title') !== null;
const settle = () => act(() => new Promise((r) => setTimeout(r, 150)));

test('a new period shows its table first, and the charts only after it was painted', async () => {
  act(() => render(<ReportApp />, root));
  // Read, then painted: the effects of one act run when it ends.
  await settle();
  await settle();
  expect(tableShown()).toBe(true);
  expect(restShown()).toBe(true);

  const select = root.querySelector<HTMLSelectElement>('select[name="period"]')!;
  const other = [...select.options].find((o) => !o.disabled && o.value !== select.value)!;
  const drawnFor = (reach: unknown) => reachDrawn.filter((r) => r === reach).length;
  await act(() => {
    select.value = other.value;
    select.dispatchEvent(new Event('change'));
  });
  await settle();
  // The new period's table is there; the rest waits for it to be painted.
  expect(root.querySelector('[data-report-period]')?.getAttribute('data-report-period')).toBe(
    `${loaded[1]!.from}/${loaded[1]!.to}`,
  );
  expect(restShown()).toBe(false);
  expect(drawnFor(reaches[1])).toBe(0);
  await settle();
  expect(loaded).toHaveLength(2);
  expect(restShown()).toBe(true);
  // Built once for the new period, after its table was painted, not drawn and then hidden.
  expect(drawnFor(reaches[1])).toBeGreaterThan(0);
});
