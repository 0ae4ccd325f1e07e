import type { FieldError } from '../utils/forms/form-checks';
import type { Translate } from '../utils/i18n/i18n';

/** A field's error under it, in the page's language; `id` is the field's aria-describedby. */
export function FieldErrorText({
  id,
  error,
  tr,
}: {
  id: string;
  error?: FieldError;
  tr: Translate;
}) {
  if (!error) return null;
  return (
    <p class="field-error" id={id}>
      {tr(error.key, ...error.subs)}
    </p>
  );
}
