import type { PullResponse } from '../../utils/domain/sync-protocol';

/** A `changed` event's data: the cursor, and the page from `from` when the server sent it. */
export interface ChangedData {
  cursor: number;
  from?: number;
  page?: Omit<PullResponse, 'lastMutationId' | 'reset'>;
}

/**
 * The `changed` events of an event stream, for the sync benchmarks' clients: calls
 * `onChanged` with each one's data, and returns once the stream ends (it rejects when it is
 * aborted).
 */
export async function readChangedEvents(
  body: NonNullable<Response['body']>,
  onChanged: (data: ChangedData) => void,
): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const m = /^event: changed\ndata: (.*)$/m.exec(block);
      if (m) onChanged(JSON.parse(m[1]!) as ChangedData);
    }
  }
}

/** The cursors of an event stream's `changed` events (see `readChangedEvents`). */
export function readChangedCursors(
  body: NonNullable<Response['body']>,
  onCursor: (cursor: number) => void,
): Promise<void> {
  return readChangedEvents(body, (data) => onCursor(data.cursor));
}
