import { useState } from 'preact/hooks';
import { t } from '../utils/i18n/i18n';
import type { Assignment, Department } from '../utils/domain/types';

export type BulkChange =
  { change: 'assign'; departmentId: string } | { change: 'resolve' } | { change: 'reopen' };

/** One item's answer: changed, or refused with a code and the background's reason. */
export type BulkOutcome =
  { tweetId: string; ok: true } | { tweetId: string; ok: false; code: string; reason: string };

interface Props {
  selected: string[];
  /** The loaded items, to name a refused one by its author. */
  items: readonly Assignment[];
  departments: Department[];
  /** Whether the officer may assign (triage officers and admins); true without a team. */
  mayAssign?: boolean;
  onBulk: (change: BulkChange, tweetIds: string[]) => Promise<BulkOutcome[]>;
  onClear: () => void;
  /** The last change's outcomes, kept by the list (they outlive the selection). */
  result: BulkOutcome[] | undefined;
  onDone: (outcomes: BulkOutcome[]) => void;
}

function refusalWords(outcome: Extract<BulkOutcome, { ok: false }>): string {
  if (outcome.code === 'forbidden') return t('popupBulkForbidden');
  if (outcome.code === 'not-found') return t('popupBulkNotFound');
  if (outcome.code === 'officer-name-required') return t('errorOfficerNameRequired');
  return outcome.reason;
}

/** What to do with the selected items, and what came of it, item by item. */
export function BulkActions(props: Props) {
  const [departmentId, setDepartmentId] = useState(props.departments[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const { result } = props;
  const [error, setError] = useState<string>();
  const authors = new Map(props.items.map((a) => [a.tweetId, a.post.authorHandle]));

  const run = (change: BulkChange) => {
    setBusy(true);
    setError(undefined);
    props
      .onBulk(change, props.selected)
      .then(props.onDone)
      .catch((e: unknown) => setError((e as Error).message))
      .finally(() => setBusy(false));
  };
  const refused = result?.filter((o): o is Extract<BulkOutcome, { ok: false }> => !o.ok) ?? [];
  const changed = (result?.length ?? 0) - refused.length;

  return (
    <section class="bulk" role="group" aria-label={t('popupBulkActions')} data-bulk>
      <p class="selected-count">{t('popupSelected', props.selected.length)}</p>
      <div class="bulk-buttons">
        {props.mayAssign !== false && (
          <>
            <label>
              <span class="visually-hidden">{t('popupBulkAssignTo')}</span>
              <select
                name="bulkDepartment"
                value={departmentId}
                onChange={(event) => setDepartmentId(event.currentTarget.value)}
              >
                {props.departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.shortName}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              data-action="bulk-assign"
              disabled={busy || !departmentId || props.selected.length === 0}
              onClick={() => run({ change: 'assign', departmentId })}
            >
              {t('popupBulkAssign')}
            </button>
          </>
        )}
        <button
          type="button"
          data-action="bulk-resolve"
          disabled={busy || props.selected.length === 0}
          onClick={() => run({ change: 'resolve' })}
        >
          {t('popupBulkResolve')}
        </button>
        <button
          type="button"
          data-action="bulk-reopen"
          disabled={busy || props.selected.length === 0}
          onClick={() => run({ change: 'reopen' })}
        >
          {t('popupBulkReopen')}
        </button>
        <button type="button" data-action="bulk-clear" disabled={busy} onClick={props.onClear}>
          {t('popupBulkClear')}
        </button>
      </div>
      <div role="status" data-bulk-result>
        {busy && <p>{t('popupBulkWorking')}</p>}
        {!busy && result && (
          <>
            <p data-changed={changed}>{t('popupBulkDone', changed)}</p>
            {refused.length > 0 && (
              <>
                <p data-refused={refused.length}>{t('popupBulkRefused', refused.length)}</p>
                <ul class="refusals">
                  {refused.map((o) => (
                    <li key={o.tweetId} data-refused-item={o.tweetId}>
                      @{authors.get(o.tweetId) ?? o.tweetId}: {refusalWords(o)}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
