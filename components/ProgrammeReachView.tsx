import type { ProgrammeReach } from '../utils/domain/report-reach';
import type { Department } from '../utils/domain/types';
import { t } from '../utils/i18n/i18n';

interface Props {
  reach: ProgrammeReach;
  departments: readonly Department[];
  /** A week's Monday as the column's heading. */
  weekLabel: (monday: string) => string;
}

/** Programme reach over the period: posts per week, and the SKPD they went to. */
export function ProgrammeReachView({ reach, departments, weekLabel }: Props) {
  const byId = new Map(departments.map((d) => [d.id, d]));
  if (reach.programmes.length === 0) return <p class="muted">{t('reportNoProgrammes')}</p>;
  return (
    <table class="reach">
      <caption>{t('reportReachCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reportReachProgramme')}</th>
          {reach.weeks.map((w) => (
            <th scope="col" key={w}>
              {weekLabel(w)}
            </th>
          ))}
          <th scope="col">{t('reportTotal')}</th>
          <th scope="col">{t('reportReachWhere')}</th>
        </tr>
      </thead>
      <tbody>
        {reach.programmes.map((p) => (
          <tr key={p.id} data-programme-id={p.id} data-total={p.total}>
            <th scope="row" title={p.name}>
              {p.label}
            </th>
            {p.weekly.map((n, i) => (
              <td key={reach.weeks[i]}>{n}</td>
            ))}
            <td>{p.total}</td>
            <td>
              {p.byDepartment
                .map(
                  ({ departmentId, count }) =>
                    `${departmentId ? (byId.get(departmentId)?.shortName ?? departmentId) : t('reportReachUnassigned')} ${count}`,
                )
                .join(', ') || '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
