/** An officer's action on an item, sent to the background as the matching request. */
import type { ItemAction } from '../components/ItemActions';
import { sendToBackground } from './messages';
import type { Assignment } from './types';

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
