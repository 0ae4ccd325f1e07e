import type { PullResponse } from '../../utils/domain/sync-protocol';

/** A `changed` event's data: the cursor, and the page from `from` when the server sent it. */
export interface ChangedData {
  cursor: number;
  from?: number;
  page?: Omit<PullResponse, 'lastMutationId' | 'reset'>;
}

const CHANGED = 'event: changed\ndata: ';

/**
 * The `changed` events of an event stream's text, for the sync benchmarks' clients: `feed` takes
 * the stream's chunks as they come and calls `onChanged` with each event's data, parsed by
 * `parse` (the load bench shares one parse among the browsers that got the same text).
 */
export function changedEventReader(
  onChanged: (data: ChangedData) => void,
  parse: (text: string) => unknown = JSON.parse,
) {
  let buffer = '';
  return (chunk: string) => {
    buffer += chunk;
    let start = 0;
    let end: number;
    while ((end = buffer.indexOf('\n\n', start)) >= 0) {
      if (buffer.startsWith(CHANGED, start))
        onChanged(parse(buffer.slice(start + CHANGED.length, end)) as ChangedData);
      start = end + 2;
    }
    buffer = buffer.slice(start);
  };
}

/**
 * The cursors of an event stream's `changed` events: calls `onCursor` with each one's, and
 * returns once the stream ends (it rejects when it is aborted).
 */
export async function readChangedCursors(
  body: NonNullable<Response['body']>,
  onCursor: (cursor: number) => void,
): Promise<void> {
  const feed = changedEventReader((data) => onCursor(data.cursor));
  const decoder = new TextDecoder();
  for await (const bytes of body) feed(decoder.decode(bytes, { stream: true }));
}
