import type { AnnotationView } from '../utils/domain/annotation-view';

interface Props {
  view: AnnotationView;
  onOpenPicker: (chip: HTMLElement) => void;
  /** The "…" button of an assigned item: responded, resolve, reopen, note. */
  actions?: { label: string; onOpen: (button: HTMLElement) => void };
  /** Assigns the suggested department (`view.suggestedDepartmentId`). */
  onAcceptSuggestion?: () => void;
}

/**
 * The chip (department, or "unassigned") and the countdown badge beside a post's author line.
 * No wrapper element: the shadow host lays them out, one box less per post (npm run bench).
 */
export function Annotation({ view, onOpenPicker, actions, onAcceptSuggestion }: Props) {
  const assigned = view.chipColor !== '';
  // With a suggestion, the chip accepts it in one press; the "▾" beside it opens the picker.
  const suggested = !assigned && Boolean(view.suggestedDepartmentId) && onAcceptSuggestion;
  return (
    <>
      <button
        type="button"
        class={assigned ? 'chip assigned' : suggested ? 'chip suggested' : 'chip'}
        data-action="assign"
        aria-haspopup={suggested ? undefined : 'dialog'}
        aria-label={view.chipLabel}
        title={view.chipTitle ?? view.chipLabel}
        style={assigned ? { backgroundColor: view.chipColor } : undefined}
        onClick={(event) => (suggested ? suggested() : onOpenPicker(event.currentTarget))}
      >
        {view.chipText}
      </button>
      {suggested && (
        <button
          type="button"
          class="pick"
          data-action="pick"
          aria-haspopup="dialog"
          aria-label={view.pickLabel}
          title={view.pickLabel}
          onClick={(event) => onOpenPicker(event.currentTarget)}
        >
          <span class="caret" aria-hidden="true" />
        </button>
      )}
      {view.badgeText && (
        <span class="badge" data-urgency={view.urgency} data-status={view.status}>
          {view.badgeLabel !== view.badgeText && (
            <span class="sr-only">{view.badgeLabel.slice(0, -view.badgeText.length)}</span>
          )}
          {view.badgeText}
        </span>
      )}
      {view.programmes?.map((p) => (
        <span
          key={p.id}
          class={p.color ? 'programme colored' : 'programme'}
          data-programme-id={p.id}
          title={p.label}
          style={p.color ? { backgroundColor: p.color } : undefined}
        >
          <span class="sr-only">{p.label}</span>
          <span aria-hidden="true">{p.text}</span>
        </span>
      ))}
      {actions && view.status !== 'unassigned' && (
        <button
          type="button"
          class="more"
          data-action="actions"
          aria-haspopup="dialog"
          aria-label={actions.label}
          title={actions.label}
          onClick={(event) => actions.onOpen(event.currentTarget)}
        >
          …
        </button>
      )}
    </>
  );
}
