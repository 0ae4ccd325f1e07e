import { useMemo, useState } from 'preact/hooks';
import {
  isMentionUrgent,
  mentionAgeMinutes,
  type IntakeSummary,
  type Mention,
} from '../utils/domain/mentions';
import { compileRouter } from '../utils/domain/routing';
import { formatDuration, MINUTE_MS } from '../utils/domain/sla';
import type { Department } from '../utils/domain/types';
import type { Actor } from '../utils/domain/actor';
import { mayAssign, mayDismissMentions } from '../utils/domain/rights';
import { durationUnits, t } from '../utils/i18n/i18n';

interface Props {
  intake: IntakeSummary | undefined;
  departments: readonly Department[];
  nowMs: number;
  urgentAfterMinutes: number;
  /** Whether the team watches any account: without one, nothing is received. */
  watching: boolean;
  onAssign: (mention: Mention, departmentId: string) => Promise<unknown>;
  /** Resolves null when the officer cancels (no name given): nothing was dismissed. */
  onDismiss: (mention: Mention) => Promise<unknown>;
  onRestore: (mention: Mention) => Promise<unknown>;
  onOpen: (url: string) => void;
  /** Who acts (null or absent: no team): assigning and dismissing are the triage officers'. */
  actor?: Actor | null;
}

const FIRST_WORDS = 14;

function firstWords(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length > FIRST_WORDS ? `${words.slice(0, FIRST_WORDS).join(' ')}…` : words.join(' ');
}

/**
 * The citizens' mentions nobody has triaged yet, before the backlog: how many wait and how old
 * the oldest is, then each one (urgent first) with what it says, its age, the routing
 * suggestion, and the ways to triage it: assign, open the post, or "not a complaint".
 */
export function IntakeList(props: Props) {
  const { intake, departments, nowMs, urgentAfterMinutes } = props;
  const [dismissed, setDismissed] = useState<Mention>();
  const [error, setError] = useState<string>();
  const route = useMemo(() => compileRouter(departments), [departments]);
  const byId = new Map(departments.map((d) => [d.id, d]));
  const units = durationUnits();
  const age = (m: Mention) =>
    formatDuration(mentionAgeMinutes(m, nowMs) * MINUTE_MS, units, 'short');
  const act = (action: Promise<unknown>) =>
    action.then(
      () => setError(undefined),
      (e: unknown) => setError((e as Error).message),
    );
  const oldest = intake?.oldestMinutes ?? 0;
  const assigns = mayAssign(props.actor ?? null);
  const dismisses = mayDismissMentions(props.actor ?? null);

  return (
    <section class="intake" aria-labelledby="intake-title" aria-busy={intake ? 'false' : 'true'}>
      <h2 id="intake-title">{t('intakeTitle')}</h2>
      <p class="intake-summary" data-urgent={intake && intake.urgent > 0 ? 'true' : 'false'}>
        <strong data-intake-count data-oldest-minutes={oldest > 0 ? String(oldest) : ''}>
          {intake?.untriaged ?? 0}
        </strong>{' '}
        {t('intakeWaiting')}
        {intake && intake.urgent > 0 && ` · ${t('intakeUrgentCount', intake.urgent)}`}
        {oldest > 0 &&
          ` · ${t('intakeOldest', formatDuration(oldest * MINUTE_MS, units, 'short'))}`}
      </p>
      {!props.watching && <p class="intake-hint">{t('intakeNotWatching')}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {dismissed && (
        <p class="intake-undo" role="status">
          {t('intakeDismissed', dismissed.authorHandle)}{' '}
          <button
            type="button"
            onClick={() => {
              const m = dismissed;
              setDismissed(undefined);
              void act(props.onRestore(m));
            }}
          >
            {t('intakeUndo')}
          </button>
        </p>
      )}
      <ol class="intake-items">
        {intake?.mentions.map((m) => {
          const urgent = isMentionUrgent(m, nowMs, urgentAfterMinutes);
          const suggestion = route({ text: m.text, replyTo: m.replyTo });
          const suggested = suggestion && byId.get(suggestion.departmentId);
          const selectId = `intake-assign-${m.tweetId}`;
          return (
            <li
              key={m.tweetId}
              class={urgent ? 'intake-item urgent' : 'intake-item'}
              data-intake-item
              data-tweet-id={m.tweetId}
              data-urgent={urgent ? 'true' : 'false'}
            >
              <p class="intake-head">
                <span class="author">@{m.authorHandle}</span>{' '}
                <span class="age">
                  {urgent && <strong class="urgent-word">{t('intakeUrgent')} · </strong>}
                  {t('intakeAge', age(m))}
                </span>
              </p>
              <p class="text">{firstWords(m.text)}</p>
              {suggested && (
                <p class="suggestion" data-suggested-department={suggested.id}>
                  {t('intakeSuggested', `${suggested.shortName} — ${suggested.name}`)}
                </p>
              )}
              <div class="intake-actions">
                {assigns && (
                  <label for={selectId} class="sr-only">
                    {t('intakeAssignLabel', m.authorHandle)}
                  </label>
                )}
                {assigns && (
                  <select
                    id={selectId}
                    data-action="assign"
                    value=""
                    onChange={(e) => {
                      const id = e.currentTarget.value;
                      e.currentTarget.value = '';
                      if (id) void act(props.onAssign(m, id));
                    }}
                  >
                    <option value="">{t('intakeAssignChoose')}</option>
                    {suggested && (
                      <option value={suggested.id}>
                        {t('intakeSuggested', `${suggested.shortName} — ${suggested.name}`)}
                      </option>
                    )}
                    {departments.map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.shortName} — {d.name}
                      </option>
                    ))}
                  </select>
                )}
                <button
                  type="button"
                  data-action="open"
                  aria-label={t('popupOpenPost', m.authorHandle)}
                  onClick={() => props.onOpen(m.url)}
                >
                  {t('intakeOpen')}
                </button>
                {dismisses && (
                  <button
                    type="button"
                    data-action="dismiss"
                    onClick={() => {
                      setDismissed(m);
                      // Null: the officer cancelled the name step, so nothing was dismissed.
                      const undone = () =>
                        setDismissed((shown) => (shown === m ? undefined : shown));
                      void act(
                        props.onDismiss(m).then(
                          (done) => done === null && undone(),
                          (e: unknown) => {
                            undone();
                            throw e;
                          },
                        ),
                      );
                    }}
                  >
                    {t('intakeDismiss')}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {intake && intake.untriaged > intake.mentions.length && (
        <p class="more">{t('popupMore', intake.untriaged - intake.mentions.length)}</p>
      )}
    </section>
  );
}
