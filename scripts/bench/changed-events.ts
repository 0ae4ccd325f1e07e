/**
 * The cursors of an event stream's `changed` events, for the sync benchmarks' clients: calls
 * `onCursor` with each, and returns once the stream ends (it rejects when it is aborted).
 */
export async function readChangedCursors(
  body: NonNullable<Response['body']>,
  onCursor: (cursor: number) => void,
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
      if (m) onCursor((JSON.parse(m[1]!) as { cursor: number }).cursor);
    }
  }
}
