import { t } from './i18n';
import { TanggapError } from '../domain/errors';

/** An error from the background in the officer's words where it has some, else its message. */
export function errorWords(error: unknown): string {
  // The team's rights: the English reason would read oddly in an Indonesian UI.
  if (error instanceof TanggapError && error.code === 'forbidden') return t('errorForbidden');
  if (error instanceof TanggapError && error.code === 'officer-name-required') {
    return t('errorOfficerNameRequired');
  }
  return (error as Error | undefined)?.message ?? String(error);
}
