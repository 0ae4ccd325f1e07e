import type { Ref } from 'preact';

/** The "Remove?" question of an options-page row, with its two answers (see useRemoveConfirm). */
export function RemoveConfirm(props: {
  question: string;
  yes: string;
  cancel: string;
  yesRef: Ref<HTMLButtonElement>;
  onYes: () => void;
  onCancel: () => void;
}) {
  return (
    <div class="confirm" role="group" aria-label={props.question}>
      <span>{props.question}</span>{' '}
      <button
        type="button"
        class="danger"
        data-action="confirm-remove"
        ref={props.yesRef}
        onClick={props.onYes}
      >
        {props.yes}
      </button>{' '}
      <button type="button" onClick={props.onCancel}>
        {props.cancel}
      </button>
    </div>
  );
}
