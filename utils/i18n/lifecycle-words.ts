/** The words of an item's history, in the UI language (see i18n.ts). */
import type { HistoryWords } from '../domain/history-view';
import { t, uiLanguage } from './i18n';

export function historyWords(): HistoryWords {
  return {
    line: (time, by, text) => t('historyLine', time, by, text),
    withReason: (text, reason) => t('historyWithReason', text, reason),
    assign: (department) => t('historyAssign', department),
    reassign: (from, to) => t('historyReassign', from, to),
    unassign: (from) => t('historyUnassign', from),
    respond: t('historyRespond'),
    replied: t('historyReplied'),
    replySeen: t('historyReplySeen'),
    responseCorrected: t('historyResponseCorrected'),
    resolve: (reason) => t('historyResolve', reason),
    reopen: t('historyReopen'),
    undo: (from, to) => (to ? t('historyUndoBack', from, to) : t('historyUndo', from)),
    note: (text) => t('historyNote', text),
    closure: {
      handled: t('closureHandled'),
      notOurRemit: t('closureNotOurRemit'),
      noAction: t('closureNoAction'),
      duplicate: (id) => t('closureDuplicate', id),
    },
  };
}

/** "12:05" today, "10 Mar 12:05" (or "10 Mar 2024 12:05") before, in the UI language. */
export function historyTimeFormat(nowMs: number): (iso: string) => string {
  const lang = uiLanguage();
  const now = new Date(nowMs);
  const time = new Intl.DateTimeFormat(lang, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const day = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short' });
  const dayYear = new Intl.DateTimeFormat(lang, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  return (iso) => {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    if (d.toDateString() === now.toDateString()) return time.format(d);
    const date = d.getFullYear() === now.getFullYear() ? day.format(d) : dayYear.format(d);
    return `${date} ${time.format(d)}`;
  };
}
