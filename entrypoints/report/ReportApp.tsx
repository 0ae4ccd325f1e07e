import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { ProgrammeReachView } from '../../components/ProgrammeReachView';
import { ReportBreaches } from '../../components/ReportBreaches';
import { ReportTable } from '../../components/ReportTable';
import { reportCsv, reportCsvFilename } from '../../utils/domain/report-csv';
import {
  kindOf,
  PERIOD_KINDS,
  type PeriodKind,
  periodFromSearch,
  periodOf,
  periodProblem,
  periodSearch,
  type ReportPeriod,
} from '../../utils/domain/report-period';
import { type MessageKey, setLanguage, t, uiLanguage } from '../../utils/i18n/i18n';
import { saveFile } from '../options/save-file';
import { loadReport, type ReportData } from './load-report';

const KIND_WORDS: Record<PeriodKind, MessageKey> = {
  today: 'reportPeriodToday',
  yesterday: 'reportPeriodYesterday',
  'this-week': 'reportPeriodThisWeek',
  'last-week': 'reportPeriodLastWeek',
  'this-month': 'reportPeriodThisMonth',
  'last-month': 'reportPeriodLastMonth',
  custom: 'reportPeriodCustom',
};

const dayFormat = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(uiLanguage(), { timeZone: 'UTC', ...options });
const longDay = (day: string) =>
  dayFormat({ day: 'numeric', month: 'long', year: 'numeric' }).format(Date.parse(day));
const weekLabel = (monday: string) =>
  dayFormat({ day: 'numeric', month: 'short' }).format(Date.parse(monday));
const generatedAt = (ms: number) =>
  new Intl.DateTimeFormat(uiLanguage(), {
    timeZone: 'Asia/Jakarta',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(ms);

type ChartsModule = typeof import('../../components/ReportCharts');

/**
 * Runs `then` once the next frame has been painted (or after a moment, in a tab that paints
 * nothing); returns the cancel.
 */
function afterPaint(then: () => void): () => void {
  let timer = setTimeout(run, 100);
  const frame = requestAnimationFrame(() => {
    clearTimeout(timer);
    timer = setTimeout(run, 0);
  });
  function run() {
    cancelAnimationFrame(frame);
    then();
  }
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

/** The report page: its period in the address, the figures read from the browser's own data. */
export function ReportApp() {
  const [start] = useState(() => periodFromSearch(location.search, Date.now()));
  const [period, setPeriod] = useState<ReportPeriod>(start.period);
  const [draft, setDraft] = useState<ReportPeriod>(start.period);
  const [problem, setProblem] = useState(start.problem);
  const [data, setData] = useState<ReportData>();
  const [error, setError] = useState<string>();
  const [, setLanguageTick] = useState(0);
  // The table first: the charts, breaches and reach follow once it has been painted. Keyed to
  // the data, so new data is never drawn in full and then hidden again.
  const [shownFor, setShownFor] = useState<ReportData>();
  const restShown = data !== undefined && shownFor === data;
  useEffect(() => (data ? afterPaint(() => setShownFor(data)) : undefined), [data]);
  // The charts' code (uPlot, a third of the page's own) is fetched once the table is shown,
  // so the first rows do not wait for it to be loaded and run.
  const [charts, setCharts] = useState<ChartsModule>();
  useEffect(() => {
    if (!restShown || charts) return;
    import('../../components/ReportCharts').then(setCharts, (e: unknown) =>
      setError((e as Error).message),
    );
  }, [restShown, charts]);

  // A layout effect runs as the first render is committed, before the browser paints it: a
  // plain effect would start the reading only after that first frame.
  useLayoutEffect(() => {
    const nowMs = Date.now();
    const started = performance.now();
    let current = true;
    loadReport(period, nowMs)
      .then((next) => {
        if (!current) return;
        // Read and computed: the benchmark's figure (`npm run bench -- report`).
        performance.measure('tanggap-report', { start: started });
        if (setLanguage(next.settings.language)) setLanguageTick((n) => n + 1);
        document.documentElement.lang = uiLanguage();
        document.title = `${t('reportTitle')} — ${longDay(period.from)} – ${longDay(period.to)}`;
        setData(next);
        setError(undefined);
      })
      .catch((e: unknown) => current && setError((e as Error).message));
    return () => {
      current = false;
    };
  }, [period]);

  const choose = (next: ReportPeriod) => {
    const wrong = periodProblem(next);
    setProblem(wrong);
    if (wrong) return;
    history.replaceState(null, '', periodSearch(next));
    setDraft(next);
    setPeriod(next);
  };

  const kind = kindOf(period, Date.now());
  const report = data?.report;

  return (
    <main class="report" aria-busy={!data}>
      <header>
        <h1>{t('reportTitle')}</h1>
        <p class="period" data-report-period={`${period.from}/${period.to}`}>
          {t('reportPeriodShown', longDay(period.from), longDay(period.to))}
        </p>
        {report && <p class="generated">{t('reportGeneratedAt', generatedAt(report.nowMs))}</p>}
      </header>

      <form
        class="controls no-print"
        onSubmit={(e) => {
          e.preventDefault();
          choose(draft);
        }}
      >
        <label>
          {t('reportPeriodLabel')}{' '}
          <select
            name="period"
            value={kind}
            onChange={(e) => {
              const value = (e.target as HTMLSelectElement).value as PeriodKind;
              if (value === 'custom') return;
              choose(periodOf(value, Date.now()));
            }}
          >
            {[...PERIOD_KINDS, 'custom' as const].map((k) => (
              <option value={k} key={k} disabled={k === 'custom'}>
                {t(KIND_WORDS[k])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reportFrom')}{' '}
          <input
            type="date"
            name="from"
            value={draft.from}
            onInput={(e) => setDraft({ ...draft, from: (e.target as HTMLInputElement).value })}
          />
        </label>
        <label>
          {t('reportTo')}{' '}
          <input
            type="date"
            name="to"
            value={draft.to}
            onInput={(e) => setDraft({ ...draft, to: (e.target as HTMLInputElement).value })}
          />
        </label>
        <button type="submit">{t('reportShow')}</button>
        <button type="button" onClick={() => window.print()}>
          {t('reportPrint')}
        </button>
        <button
          type="button"
          data-action="report-csv"
          disabled={!data}
          onClick={() => {
            if (!data) return;
            const csv = reportCsv(data.report, data.departments);
            saveFile(
              new Blob([csv], { type: 'text/csv;charset=utf-8' }),
              reportCsvFilename(period),
            );
          }}
        >
          {t('reportCsv')}
        </button>
      </form>
      {problem && (
        <p class="error" role="alert">
          {t(
            problem === 'reversed'
              ? 'reportPeriodReversed'
              : problem === 'too-long'
                ? 'reportPeriodTooLong'
                : 'reportPeriodNotADay',
          )}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {t('reportFailed', error)}
        </p>
      )}
      {!data && !error && <p role="status">{t('reportLoading')}</p>}

      {data && report && (
        <>
          <section aria-labelledby="table-title">
            <h2 id="table-title">{t('reportTableTitle')}</h2>
            <ReportTable report={report} departments={data.departments} />
            <p class="untriaged" data-untriaged={report.untriaged.count}>
              {t('reportUntriaged', report.untriaged.count)}
            </p>
          </section>
          {restShown && (
            <>
              {charts && (
                <charts.ReportCharts
                  report={report}
                  departments={data.departments}
                  weekLabel={weekLabel}
                />
              )}
              <ReportBreaches
                longestOverdue={report.longestOverdue}
                latestLate={report.latestLate}
                departments={data.departments}
              />
              <section aria-labelledby="reach-title">
                <h2 id="reach-title">{t('reportReachTitle')}</h2>
                <ProgrammeReachView
                  reach={data.reach}
                  departments={data.departments}
                  weekLabel={weekLabel}
                />
              </section>
            </>
          )}
          <footer>
            <h2>{t('reportNotesTitle')}</h2>
            <ul>
              <li>{t('reportNoteClock')}</li>
              <li>
                {t(
                  data.settings.clockStart === 'post'
                    ? 'reportNoteBadgeFromPost'
                    : 'reportNoteBadgeFromAssignment',
                )}
              </li>
              <li>
                {t(
                  data.settings.workingHours.enabled
                    ? 'reportNoteWorkingHours'
                    : 'reportNoteAllHours',
                )}
              </li>
              <li>{t('reportNoteRate')}</li>
              <li>{t('reportNoteHolder')}</li>
              <li>{t('reportNoteReopened')}</li>
              <li>{t('reportNoteClosed')}</li>
              <li>{t('reportNoteResponseTime')}</li>
            </ul>
          </footer>
        </>
      )}
    </main>
  );
}
