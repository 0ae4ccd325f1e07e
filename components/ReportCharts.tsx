import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { Report } from '../utils/domain/report';
import type { Department } from '../utils/domain/types';
import { t } from '../utils/i18n/i18n';

interface Props {
  report: Report;
  departments: readonly Department[];
  /** A week's Monday as the axis and the table say it. */
  weekLabel: (monday: string) => string;
}

/** Lines that stay apart on white and on black (Okabe–Ito, for colour-blind readers too). */
const LIGHT = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#8A6D00', '#56B4E9', '#000000'];
const DARK = ['#56B4E9', '#E69F00', '#2FD3A0', '#F0A0D0', '#F0E442', '#A0C4FF', '#FFFFFF'];
const WIDTH = 680;
const HEIGHT = 240;

const dark = () => matchMedia('(prefers-color-scheme: dark)').matches;
const cssVar = (name: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/**
 * The weekly on-time rate per SKPD (the SKPD with something due) and the weekly volume, drawn
 * with uPlot in the page's theme and drawn again when it changes; their numbers are tables
 * beside them for screen readers and for whoever prefers to read.
 */
export function ReportCharts({ report, departments, weekLabel }: Props) {
  const rateRef = useRef<HTMLDivElement>(null);
  const volumeRef = useRef<HTMLDivElement>(null);
  const byId = new Map(departments.map((d) => [d.id, d]));
  const shown = report.rows.filter((r) => r.onTimeRate !== null).map((r) => r.departmentId);
  const labels = report.weeks.map((w) => weekLabel(w.monday));
  const percent = (rate: number | null | undefined) =>
    rate === null || rate === undefined ? null : Math.floor(rate * 100 + 1e-9);

  useEffect(() => {
    const charts: uPlot[] = [];
    const draw = () => {
      for (const chart of charts.splice(0)) chart.destroy();
      const palette = dark() ? DARK : LIGHT;
      const fg = cssVar('--fg') || (dark() ? '#e7e9ea' : '#0f1419');
      const grid = cssVar('--line') || '#8884';
      const x = report.weeks.map((_, i) => i);
      const axes: uPlot.Axis[] = [
        {
          stroke: fg,
          grid: { stroke: grid },
          ticks: { stroke: grid },
          splits: () => x,
          values: (_u, splits) => splits.map((i) => labels[i] ?? ''),
        },
        { stroke: fg, grid: { stroke: grid }, ticks: { stroke: grid } },
      ];
      const base = { width: WIDTH, height: HEIGHT, scales: { x: { time: false } }, axes };
      if (rateRef.current) {
        charts.push(
          new uPlot(
            {
              ...base,
              title: t('reportChartRate'),
              scales: { x: { time: false, range: [-0.5, x.length - 0.5] }, y: { range: [0, 100] } },
              series: [
                {},
                ...shown.map((id, i) => ({
                  label: byId.get(id)?.shortName ?? id,
                  stroke: palette[i % palette.length],
                  width: 2,
                  points: { show: true, size: 7 },
                  value: (_u: uPlot, v: number | null) => (v === null ? '—' : `${v} %`),
                })),
              ],
            },
            [x, ...shown.map((id) => report.weeks.map((w) => percent(w.onTimeRate[id])))],
            rateRef.current,
          ),
        );
      }
      if (volumeRef.current) {
        charts.push(
          new uPlot(
            {
              ...base,
              title: t('reportChartVolume'),
              scales: {
                x: { time: false, range: [-0.5, x.length - 0.5] },
                y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
              },
              series: [
                {},
                {
                  label: t('reportColReceived'),
                  stroke: palette[0],
                  fill: `${palette[0]}99`,
                  paths: uPlot.paths.bars!({ size: [0.6, 80] }),
                  points: { show: false },
                },
              ],
            },
            [x, report.weeks.map((w) => w.received)],
            volumeRef.current,
          ),
        );
      }
    };
    draw();
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', draw);
    return () => {
      scheme.removeEventListener('change', draw);
      for (const chart of charts) chart.destroy();
    };
  }, [report]);

  return (
    <section class="report-charts" aria-labelledby="charts-title">
      <h2 id="charts-title">{t('reportChartsTitle')}</h2>
      <div class="chart" ref={rateRef} aria-hidden="true" data-chart="rate" />
      <details>
        <summary>{t('reportChartRateTable')}</summary>
        <table data-chart-table="rate">
          <thead>
            <tr>
              <th scope="col">{t('reportColDepartment')}</th>
              {labels.map((l) => (
                <th scope="col" key={l}>
                  {l}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((id) => (
              <tr key={id}>
                <th scope="row">{byId.get(id)?.name ?? id}</th>
                {report.weeks.map((w) => {
                  const p = percent(w.onTimeRate[id]);
                  return <td key={w.monday}>{p === null ? '—' : `${p} %`}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <div class="chart" ref={volumeRef} aria-hidden="true" data-chart="volume" />
      <details>
        <summary>{t('reportChartVolumeTable')}</summary>
        <table data-chart-table="volume">
          <thead>
            <tr>
              {labels.map((l) => (
                <th scope="col" key={l}>
                  {l}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {report.weeks.map((w) => (
                <td key={w.monday}>{w.received}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </details>
    </section>
  );
}
