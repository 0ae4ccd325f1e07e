import type { AnnotationView } from '../utils/annotation-view';

interface Props {
  view: AnnotationView;
  onOpenPicker: (chip: HTMLElement) => void;
}

/** The chip (department, or "unassigned") and the countdown badge beside a post's author line. */
export function Annotation({ view, onOpenPicker }: Props) {
  const assigned = view.chipColor !== '';
  return (
    <span class="annotation">
      <button
        type="button"
        class={assigned ? 'chip assigned' : 'chip'}
        data-action="assign"
        aria-haspopup="dialog"
        aria-label={view.chipLabel}
        title={view.chipLabel}
        style={assigned ? { backgroundColor: view.chipColor } : undefined}
        onClick={(event) => onOpenPicker(event.currentTarget)}
      >
        {view.chipText}
      </button>
      {view.badgeText && (
        <span class="badge" data-urgency={view.urgency} data-status={view.status}>
          {view.badgeLabel !== view.badgeText && (
            <span class="sr-only">{view.badgeLabel.slice(0, -view.badgeText.length)}</span>
          )}
          {view.badgeText}
        </span>
      )}
    </span>
  );
}
