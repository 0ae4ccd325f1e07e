import { type Breach, MAX_BREACHES } from '../utils/domain/report';
import { formatDuration, MINUTE_MS } from '../utils/domain/sla';
import type { Department } from '../utils/domain/types';
import { durationUnits, t } from '../utils/i18n/i18n';

interface Props {
  longestOverdue: readonly Breach[];
  latestLate: readonly Breach[];
  departments: readonly Department[];
}

/** The longest breaches: open items furthest past their deadline, and the latest late responses. */
export function ReportBreaches({ longestOverdue, latestLate, departments }: Props) {
  const byId = new Map(departments.map((d) => [d.id, d]));
  const list = (breaches: readonly Breach[], kind: 'overdue' | 'late') =>
    breaches.length === 0 ? (
      <p class="muted">{t(kind === 'overdue' ? 'reportNoOverdue' : 'reportNoLate')}</p>
    ) : (
      <ol class="breaches" data-breaches={kind}>
        {breaches.slice(0, MAX_BREACHES).map((b) => (
          <li key={b.tweetId} data-tweet-id={b.tweetId}>
            <a href={b.url} target="_blank" rel="noopener noreferrer">
              @{b.authorHandle}
            </a>{' '}
            <span class="dept">{byId.get(b.departmentId)?.shortName ?? b.departmentId}</span>{' '}
            <strong>
              {t(
                kind === 'overdue' ? 'reportOverdueBy' : 'reportLateBy',
                formatDuration(b.lateMinutes * MINUTE_MS, durationUnits()),
              )}
            </strong>
            <span class="text">{b.text}</span>
          </li>
        ))}
      </ol>
    );
  return (
    <section class="report-breaches" aria-labelledby="breaches-title">
      <h2 id="breaches-title">{t('reportBreachesTitle')}</h2>
      <h3>{t('reportLongestOverdue')}</h3>
      {list(longestOverdue, 'overdue')}
      <h3>{t('reportLatestLate')}</h3>
      {list(latestLate, 'late')}
    </section>
  );
}
