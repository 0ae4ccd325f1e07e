import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AssignmentOnPage, ClosureReason, Department } from '../utils/domain/types';
import { itemRights, mayActOn, type ItemRights } from '../utils/domain/rights';
import type { ItemAction } from '../utils/messaging/item-actions';
import { t, type MessageKey } from '../utils/i18n/i18n';
import { errorWords } from '../utils/i18n/error-words';

interface Props {
  item: AssignmentOnPage;
  /** What the officer may do to the item; every action when absent (no team). */
  rights?: ItemRights;
  departments: Department[];
  /** Resolves once stored; a rejection's message is shown and the form stays. */
  onAction: (action: ItemAction) => Promise<unknown>;
  onDone?: () => void;
  onClose?: () => void;
  /** Focus the first control on opening (a popover); later steps always take the focus. */
  autoFocus?: boolean;
  /** Open straight at the resolve form with this reason chosen (from the right-click menu). */
  reason?: ClosureReason;
}

const REASONS: ClosureReason[] = ['handled', 'not-our-remit', 'duplicate', 'no-action'];
const REASON_WORDS: Record<ClosureReason, MessageKey> = {
  handled: 'reasonHandled',
  'not-our-remit': 'reasonNotOurRemit',
  duplicate: 'reasonDuplicate',
  'no-action': 'reasonNoAction',
};

/** Every action: an officer working without a team. */
const ALL_RIGHTS = itemRights(null, undefined);

/**
 * Mark responded, resolve with a reason, reopen, add a note: those the officer may use. Every
 * control is a real button, select or text field with a label; Esc closes (where `onClose` is
 * given).
 */
export function ItemActions(props: Props) {
  const { item, departments, onAction, onDone, onClose } = props;
  const may = props.rights ?? ALL_RIGHTS;
  const [mode, setMode] = useState<'menu' | 'resolve' | 'note'>(props.reason ? 'resolve' : 'menu');
  const [reason, setReason] = useState<ClosureReason>(props.reason ?? 'handled');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const root = useRef<HTMLDivElement>(null);
  const opened = useRef(false);

  // Each step starts at its first control, so the keyboard never has to look for it.
  useLayoutEffect(() => {
    const first = !opened.current;
    opened.current = true;
    if (first && !props.autoFocus) return;
    root.current?.querySelector<HTMLElement>('button, select, textarea, input')?.focus();
  }, [mode]);

  function run(action: ItemAction) {
    setBusy(true);
    setError(undefined);
    onAction(action).then(
      () => {
        setBusy(false);
        setMode('menu');
        onDone?.();
      },
      (e: unknown) => {
        setBusy(false);
        setError(t('actionFailed', errorWords(e)));
      },
    );
  }

  function submit(event: Event) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => (data.get(name) as string | null)?.trim() || undefined;
    if (mode === 'note') {
      run({ kind: 'note', text: field('note') ?? '' });
      return;
    }
    run({
      kind: 'resolve',
      reason,
      targetDepartmentId:
        reason === 'not-our-remit' ? (field('targetDepartmentId') ?? '') : undefined,
      duplicateOf: reason === 'duplicate' ? (field('duplicateOf') ?? '') : undefined,
      note: field('note'),
    });
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    if (mode !== 'menu') setMode('menu');
    else onClose?.();
  }

  const { status } = item;
  const others = departments.filter((d) => d.id !== item.departmentId);

  return (
    <div
      class="item-actions"
      ref={root}
      role="group"
      aria-label={t('actionsTitle')}
      onKeyDown={onKeyDown}
    >
      {mode === 'menu' && (
        <div class="menu">
          {status === 'open' && may.respond && (
            <button
              type="button"
              data-action="responded"
              disabled={busy}
              onClick={() => run({ kind: 'responded' })}
            >
              {t('actionResponded')}
            </button>
          )}
          {(status === 'open' || status === 'responded') && may.resolve && (
            <button
              type="button"
              data-action="resolve"
              disabled={busy}
              onClick={() => setMode('resolve')}
            >
              {t('actionResolve')}
            </button>
          )}
          {(status === 'responded' || status === 'resolved') && may.reopen && (
            <button
              type="button"
              data-action="reopen"
              disabled={busy}
              onClick={() => run({ kind: 'reopen' })}
            >
              {t('actionReopen')}
            </button>
          )}
          {may.note && (
            <button
              type="button"
              data-action="note"
              disabled={busy}
              onClick={() => setMode('note')}
            >
              {t('actionNote')}
            </button>
          )}
          {!mayActOn(may) && (
            <p class="read-only" data-read-only>
              {t('rolesActionsNone')}
            </p>
          )}
        </div>
      )}
      {mode !== 'menu' && (
        <form class="form" onSubmit={submit}>
          {mode === 'resolve' && (
            <>
              <label>
                <span>{t('resolveReason')}</span>
                <select
                  name="reason"
                  value={reason}
                  onChange={(event) => setReason(event.currentTarget.value as ClosureReason)}
                >
                  {REASONS.map((r) => (
                    <option key={r} value={r}>
                      {t(REASON_WORDS[r])}
                    </option>
                  ))}
                </select>
              </label>
              {reason === 'not-our-remit' && (
                <label>
                  <span>{t('resolveTarget')}</span>
                  <select name="targetDepartmentId" required>
                    <option value="">{t('resolveChooseDepartment')}</option>
                    {others.map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.shortName} — {d.name}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              {reason === 'duplicate' && (
                <label>
                  <span>{t('resolveDuplicateOf')}</span>
                  <input name="duplicateOf" type="text" required autoComplete="off" />
                </label>
              )}
            </>
          )}
          <label>
            <span>{mode === 'note' ? t('noteLabel') : t('noteOptional')}</span>
            <textarea name="note" rows={3} required={mode === 'note'} />
          </label>
          <div class="buttons">
            <button type="submit" class="primary" disabled={busy}>
              {mode === 'note'
                ? t('noteSubmit')
                : reason === 'not-our-remit'
                  ? t('sendOnSubmit')
                  : t('resolveSubmit')}
            </button>
            <button type="button" disabled={busy} onClick={() => setMode('menu')}>
              {t('actionCancel')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
