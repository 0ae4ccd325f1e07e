/**
 * The popup's programme section: how many posts mentioned each programme on each of the last
 * seven days — "has the programme reached the citizens?". A table, so a screen reader reads
 * every number with its programme and day; each cell's shade repeats its number for the eye.
 */
import { t, uiLanguage } from '../utils/i18n/i18n';
import type { ProgrammeStats as Stats } from '../utils/domain/programmes';

const dateOf = (day: string) => new Date(`${day}T12:00:00`);

/** `stats` undefined while loading; `error` says why it could not be loaded. */
export function ProgrammeStats({ stats, error }: { stats: Stats | undefined; error?: string }) {
  const language = uiLanguage();
  const weekday = new Intl.DateTimeFormat(language, { weekday: 'short' });
  const fullDate = new Intl.DateTimeFormat(language, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  });
  const max = Math.max(1, ...(stats?.programmes.flatMap((p) => p.counts) ?? []));
  return (
    <section class="programme-stats" data-programme-stats aria-labelledby="programme-stats-title">
      <h2 id="programme-stats-title">{t('programmeStatsTitle')}</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {stats && stats.programmes.length === 0 && <p class="empty">{t('programmeStatsEmpty')}</p>}
      {stats && stats.programmes.length > 0 && (
        <table>
          <caption class="sr-only">{t('programmeStatsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('programmeStatsProgramme')}</th>
              {stats.days.map((day) => (
                <th scope="col" key={day}>
                  <abbr title={fullDate.format(dateOf(day))}>{weekday.format(dateOf(day))}</abbr>
                </th>
              ))}
              <th scope="col">{t('programmeStatsTotal')}</th>
            </tr>
          </thead>
          <tbody>
            {stats.programmes.map((p) => (
              <tr key={p.id} data-programme-id={p.id} class={p.active ? undefined : 'inactive'}>
                <th scope="row" title={p.name}>
                  <span
                    class="swatch"
                    style={p.color ? { backgroundColor: p.color } : undefined}
                    aria-hidden="true"
                  />
                  {p.label}
                  {!p.active && <span class="muted"> {t('programmeStatsInactive')}</span>}
                </th>
                {p.counts.map((count, i) => (
                  <td
                    key={stats.days[i]}
                    data-day={stats.days[i]}
                    data-count={count}
                    style={{ '--level': String(count / max) }}
                  >
                    {count}
                  </td>
                ))}
                <td class="total" data-total={p.total}>
                  {p.total}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
