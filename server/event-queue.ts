/**
 * The body of one event stream: server-sent events queued for one client, at most
 * `STREAM_QUEUE_BYTES` of them. A client that stops reading (a laptop asleep with its
 * connection half-open) would otherwise keep every event of its team in this server's memory
 * until the next ping found it gone. Past the limit an event with a smaller form (a `changed`
 * event without its page) is queued in that form: a client slow to read stays live and pulls.
 * Anything else ends the stream and drops what waits: its client reconnects and pulls.
 */

/** The most one stream's unread events may hold, in bytes. */
export const STREAM_QUEUE_BYTES = 256 * 1024;

const encoder = new TextEncoder();

/** An event whose data is `json`, already serialised: encoded once for every stream. */
export function eventFrame(event: string, json: string): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${json}\n\n`);
}

export function commentFrame(text: string): Uint8Array {
  return encoder.encode(`: ${text}\n\n`);
}

export type Written = 'frame' | 'instead' | 'none';

export interface EventQueue {
  readonly body: ReadableStream<Uint8Array>;
  /**
   * Queues `frame`, or `instead` when `frame` does not fit; ends the stream if neither does.
   * Says which it did.
   */
  write(frame: Uint8Array, instead?: Uint8Array): Written;
  /** Ends the stream after what is queued. */
  close(): void;
}

/** `onEnd`: the stream ended, by `close`, by the client going away, or by falling behind. */
export function createEventQueue(onEnd: () => void, limit = STREAM_QUEUE_BYTES): EventQueue {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let open = true;
  const end = () => {
    if (!open) return false;
    open = false;
    onEnd();
    return true;
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
      },
      cancel() {
        end();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: limit }),
  );
  return {
    body,
    write(frame, instead) {
      if (!open) return 'none';
      const room = controller.desiredSize ?? 0;
      const chunk =
        frame.byteLength <= room ? frame : instead && instead.byteLength <= room ? instead : null;
      if (!chunk) {
        // An error, not a close: a close would still hand the client everything queued.
        if (end()) controller.error(new Error('The client fell behind its event stream'));
        return 'none';
      }
      try {
        controller.enqueue(chunk);
      } catch {
        end();
        return 'none';
      }
      return chunk === frame ? 'frame' : 'instead';
    },
    close() {
      if (!end()) return;
      try {
        controller.close();
      } catch {
        // Already closed by the client going away.
      }
    },
  };
}
