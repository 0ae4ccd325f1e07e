/**
 * An item's history as lines a person reads ("12:05 rina: assigned to DSDABM"), in the UI
 * language. Pure: the words and the clock format come in, so tests check the lines.
 */
import { parseClosureReason } from './lifecycle-ops';
import { RESPONSE_CORRECTED } from './response-detection';
import type { Department, HistoryEvent } from './types';

export interface HistoryWords {
  line: (time: string, by: string, text: string) => string;
  withReason: (text: string, reason: string) => string;
  assign: (department: string) => string;
  reassign: (from: string, to: string) => string;
  unassign: (from: string) => string;
  respond: string;
  replied: string;
  replySeen: string;
  /** An earlier reply was found: the response time moved back to it. */
  responseCorrected: string;
  resolve: (reason: string) => string;
  reopen: string;
  /** An assignment taken back: to no department (`to` empty) or the one before. */
  undo: (from: string, to: string) => string;
  note: (text: string) => string;
  closure: {
    handled: string;
    notOurRemit: string;
    noAction: string;
    duplicate: (id: string) => string;
  };
}

/** How a closure or reassignment reason reads; a free-text reason stays as it is. */
export function closureWords(stored: string, words: HistoryWords['closure']): string {
  const { reason, duplicateOf } = parseClosureReason(stored);
  switch (reason) {
    case 'handled':
      return words.handled;
    case 'not-our-remit':
      return words.notOurRemit;
    case 'no-action':
      return words.noAction;
    case 'duplicate':
      return words.duplicate(duplicateOf ?? '');
    default:
      return stored;
  }
}

export function historyLine(
  e: HistoryEvent,
  departments: ReadonlyMap<string, Department>,
  words: HistoryWords,
  formatTime: (iso: string) => string,
): string {
  const dept = (id: string | undefined) => (id ? (departments.get(id)?.shortName ?? id) : '');
  const reason = e.reason ? closureWords(e.reason, words.closure) : '';
  let text: string;
  let withReason = true;
  switch (e.action) {
    case 'assign':
      text = words.assign(dept(e.to));
      break;
    case 'reassign':
      text = words.reassign(dept(e.from), dept(e.to));
      break;
    case 'unassign':
      text = words.unassign(dept(e.from));
      break;
    case 'respond':
      // A detected reply carries its address as the reason; the line says where it was seen.
      text = e.by.startsWith('@') ? words.replied : words.respond;
      withReason = !e.by.startsWith('@');
      break;
    case 'reply-seen':
      text = e.reason?.startsWith(RESPONSE_CORRECTED) ? words.responseCorrected : words.replySeen;
      withReason = false;
      break;
    case 'resolve':
      text = words.resolve(reason);
      withReason = false;
      break;
    case 'reopen':
      text = words.reopen;
      break;
    case 'undo':
      text = words.undo(dept(e.from), dept(e.to));
      break;
    case 'note':
      text = words.note(e.reason ?? '');
      withReason = false;
      break;
  }
  if (withReason && reason) text = words.withReason(text, reason);
  return words.line(formatTime(e.at), e.by, text);
}
