import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { MAX_OFFICER_LENGTH } from '../utils/domain/schemas/assignment';
import { errorWords } from '../utils/i18n/error-words';
import { t } from '../utils/i18n/i18n';

interface Props {
  /** Saves the name; resolves once it is stored, rejects with what went wrong. */
  onSave: (name: string) => Promise<void>;
  onCancel: () => void;
  autoFocus?: boolean;
}

/**
 * The name step before an officer's first change: an item's history says who made each
 * change, so the first assignment, response or closure asks for the name once, and the
 * action goes through with it.
 */
export function OfficerNamePrompt({ onSave, onCancel, autoFocus = true }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  useLayoutEffect(() => {
    if (autoFocus) input.current?.focus();
  }, []);

  function submit(event: Event) {
    event.preventDefault();
    const name = input.current?.value.trim() ?? '';
    if (!name) {
      setError(t('officerNameEmpty'));
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError('');
    onSave(name).catch((e: unknown) => {
      setBusy(false);
      setError(t('officerNameFailed', errorWords(e)));
    });
  }

  return (
    <form
      class="officer-name"
      data-officer-name-prompt=""
      aria-labelledby="officer-name-title"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onCancel();
        }
      }}
    >
      <h2 id="officer-name-title">{t('officerNameTitle')}</h2>
      <p id="officer-name-help">{t('officerNameHelp')}</p>
      <label for="officer-name-input">{t('officerNameLabel')}</label>
      <input
        ref={input}
        id="officer-name-input"
        name="officerName"
        autocomplete="name"
        maxLength={MAX_OFFICER_LENGTH}
        aria-describedby="officer-name-help"
        aria-invalid={error ? 'true' : undefined}
        disabled={busy}
      />
      <p class="error" role="alert">
        {error}
      </p>
      <div class="buttons">
        <button type="submit" disabled={busy}>
          {t('officerNameSubmit')}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {t('officerNameCancel')}
        </button>
      </div>
    </form>
  );
}
