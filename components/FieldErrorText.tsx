import type { FieldError } from '../utils/forms/form-checks';
import { t } from '../utils/i18n/i18n';

/** A field's error under it, in the page's language; `id` is the field's aria-describedby. */
export function FieldErrorText({ id, error }: { id: string; error?: FieldError }) {
  if (!error) return null;
  return (
    <p class="field-error" id={id}>
      {t(error.key, ...error.subs)}
    </p>
  );
}
