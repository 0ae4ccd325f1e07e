/**
 * Team sync in the officer's words: the last error, a failed login, a refusal, a record not
 * readable here, "2 min ago".
 */
import { TanggapError } from '../domain/errors';
import type { QuarantineReport } from '../domain/sync-protocol';
import { REQUEST_TIMEOUT_MS, SYNC_ERROR_CODES, type SyncError } from '../domain/sync-state';
import { t } from './i18n';

/** The last sync error in the officer's words. */
export function syncErrorWords(error: SyncError): string {
  switch (error.code) {
    case 'timeout':
      return t('syncErrorTimeout', Math.round(REQUEST_TIMEOUT_MS / 1000));
    case 'unreachable':
      return t('syncErrorUnreachable');
    case 'server-error':
      return t('syncErrorServer', error.detail ?? '');
    case 'busy':
      return t('syncErrorBusy');
    case 'storage-full':
      return t('syncErrorStorageFull');
    case 'unreadable':
      return t('syncErrorUnreadable');
    case 'session-ended':
      return t('syncErrorSessionEnded');
    case 'refused':
      return t('syncErrorRefused', error.detail ?? '');
  }
}

/** A login (or a server address) that failed, in the officer's words. */
export function loginErrorWords(error: unknown): string {
  const message = (error as Error | undefined)?.message ?? String(error);
  if (!(error instanceof TanggapError)) return t('teamLoginFailed', message);
  const reason = error.data?.reason;
  switch (reason) {
    case 'server-url-missing':
      return t('teamServerUrlMissing');
    case 'server-url-invalid':
      return t('teamServerUrlInvalid', String(error.data?.input ?? ''));
    case 'server-url-https':
      return t('teamServerUrlHttps');
    case 'server-url-only-origin':
      return t('teamServerUrlOnlyOrigin');
    case 'bad-login':
      return t('syncLoginBadLogin');
    case 'too-many-attempts':
      return t('syncLoginTooMany');
  }
  if (error.code === 'sync-failed' && typeof reason === 'string') {
    if ((SYNC_ERROR_CODES as readonly string[]).includes(reason)) {
      const detail = error.data?.detail;
      return syncErrorWords({
        code: reason as SyncError['code'],
        at: '',
        ...(detail === undefined ? {} : { detail: String(detail) }),
      });
    }
  }
  if (error.code === 'forbidden') return t('errorForbidden');
  return t('teamLoginFailed', message);
}

/** What a refused change's code means, in the officer's words. */
export function refusalWords(code: string): string {
  switch (code) {
    case 'forbidden':
      return t('teamRefusalForbidden');
    case 'unknown-department':
      return t('teamRefusalUnknownDepartment');
    case 'department-in-use':
      return t('teamRefusalDepartmentInUse');
    case 'not-found':
      return t('teamRefusalNotFound');
    case 'bad-request':
      return t('teamRefusalBadRequest');
    default:
      return t('teamRefusalOther');
  }
}

/** Which pulled record could not be read here, in the officer's words. */
export function quarantinedWords(q: Pick<QuarantineReport, 'kind' | 'id'>): string {
  switch (q.kind) {
    case 'assignment':
      return q.id ? t('teamQuarantinedPost', q.id) : t('teamQuarantinedPostNoId');
    case 'department':
      return t('teamQuarantinedDepartment', q.id || '?');
    case 'settings':
      return t('teamQuarantinedSettings');
    case 'mention':
      return t('intakeQuarantinedMention', q.id || '?');
  }
}

/** "2 min ago" in the UI's language. */
export function agoWords(iso: string, nowMs: number, locale: string): string {
  const seconds = Math.round((Date.parse(iso) - nowMs) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  if (Math.abs(seconds) < 60) return format.format(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return format.format(hours, 'hour');
  return format.format(Math.round(hours / 24), 'day');
}
