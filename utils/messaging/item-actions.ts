/** An officer's action on an item, sent to the background as the matching request. */
import { sendToBackground } from './transport';
import type { Assignment, ClosureReason } from '../domain/types';

/** What an officer can do to an assigned item, as the background's requests take it. */
export type ItemAction =
  | { kind: 'responded' }
  | { kind: 'reopen' }
  | { kind: 'note'; text: string }
  | {
      kind: 'resolve';
      reason: ClosureReason;
      targetDepartmentId?: string;
      duplicateOf?: string;
      note?: string;
    };

export function performItemAction(tweetId: string, action: ItemAction): Promise<Assignment> {
  switch (action.kind) {
    case 'responded':
      return sendToBackground('setStatus', { tweetId, status: 'responded' });
    case 'reopen':
      return sendToBackground('reopen', { tweetId });
    case 'note':
      return sendToBackground('addNote', { tweetId, text: action.text });
    case 'resolve':
      return sendToBackground('resolve', {
        tweetId,
        reason: action.reason,
        targetDepartmentId: action.targetDepartmentId,
        duplicateOf: action.duplicateOf,
        note: action.note,
      });
  }
}
