import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AssignmentOnPage, ClosureReason, Department } from '../utils/domain/types';
import type { ItemAction } from '../utils/messaging/item-actions';
import type { ItemActionWords } from '../utils/i18n/lifecycle-words';
import { errorWords } from '../utils/i18n/error-words';

interface Props {
  item: AssignmentOnPage;
  departments: Department[];
  words: ItemActionWords;
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

/**
 * Mark responded, resolve with a reason, reopen, add a note. Every control is a real button,
 * select or text field with a label; Esc closes (where `onClose` is given).
 */
export function ItemActions(props: Props) {
  const { item, departments, words, onAction, onDone, onClose } = props;
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
        setError(words.failed(errorWords(e)));
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
      aria-label={words.title}
      onKeyDown={onKeyDown}
    >
      {mode === 'menu' && (
        <div class="menu">
          {status === 'open' && (
            <button
              type="button"
              data-action="responded"
              disabled={busy}
              onClick={() => run({ kind: 'responded' })}
            >
              {words.responded}
            </button>
          )}
          {(status === 'open' || status === 'responded') && (
            <button
              type="button"
              data-action="resolve"
              disabled={busy}
              onClick={() => setMode('resolve')}
            >
              {words.resolve}
            </button>
          )}
          {(status === 'responded' || status === 'resolved') && (
            <button
              type="button"
              data-action="reopen"
              disabled={busy}
              onClick={() => run({ kind: 'reopen' })}
            >
              {words.reopen}
            </button>
          )}
          <button type="button" data-action="note" disabled={busy} onClick={() => setMode('note')}>
            {words.note}
          </button>
        </div>
      )}
      {mode !== 'menu' && (
        <form class="form" onSubmit={submit}>
          {mode === 'resolve' && (
            <>
              <label>
                <span>{words.reason}</span>
                <select
                  name="reason"
                  value={reason}
                  onChange={(event) => setReason(event.currentTarget.value as ClosureReason)}
                >
                  {REASONS.map((r) => (
                    <option key={r} value={r}>
                      {words.reasons[r]}
                    </option>
                  ))}
                </select>
              </label>
              {reason === 'not-our-remit' && (
                <label>
                  <span>{words.target}</span>
                  <select name="targetDepartmentId" required>
                    <option value="">{words.chooseDepartment}</option>
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
                  <span>{words.duplicateOf}</span>
                  <input name="duplicateOf" type="text" required autoComplete="off" />
                </label>
              )}
            </>
          )}
          <label>
            <span>{mode === 'note' ? words.noteLabel : words.noteOptional}</span>
            <textarea name="note" rows={3} required={mode === 'note'} />
          </label>
          <div class="buttons">
            <button type="submit" class="primary" disabled={busy}>
              {mode === 'note'
                ? words.noteSubmit
                : reason === 'not-our-remit'
                  ? words.sendSubmit
                  : words.resolveSubmit}
            </button>
            <button type="button" disabled={busy} onClick={() => setMode('menu')}>
              {words.cancel}
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
