import { describe, expect, test, vi } from 'vitest';
import {
  createLiveUpdates,
  eventCursor,
  eventPage,
  EventStreamReader,
  type LiveUpdates,
} from './event-stream';

describe('EventStreamReader', () => {
  test('reads events split anywhere across chunks, skipping comments', () => {
    const reader = new EventStreamReader();
    const text =
      ': ping\n\nevent: ready\ndata: {"cursor":3}\n\nevent: changed\r\ndata: {"cursor":4}\r\n\r\n';
    const events = [...text].flatMap((c) => reader.push(c));
    expect(events).toEqual([
      { event: 'ready', data: '{"cursor":3}' },
      { event: 'changed', data: '{"cursor":4}' },
    ]);
    expect(events.map(eventCursor)).toEqual([3, 4]);
    expect(eventCursor({ event: 'changed', data: 'oops' })).toBeNull();
  });

  test('reads the page a change carries, and none from an event without one', () => {
    const data = '{"cursor":7,"from":5,"page":{"assignments":[]}}';
    expect(eventPage({ event: 'changed', data })).toEqual({
      cursor: 7,
      from: 5,
      page: { assignments: [] },
    });
    expect(eventPage({ event: 'changed', data: '{"cursor":7}' })).toBeNull();
    expect(eventPage({ event: 'changed', data: '{"cursor":7,"from":"5","page":{}}' })).toBeNull();
    expect(eventPage({ event: 'ready', data })).toBeNull();
    expect(eventPage({ event: 'changed', data: 'oops' })).toBeNull();
  });
});

describe('live updates', () => {
  const SERVER = 'https://tanggap.example.go.id';

  /** One stream per request, each written to by the test; `answer` replaces a response. */
  function setUp({ answer }: { answer?: () => Response } = {}) {
    const streams: ((text: string | null) => void)[] = [];
    const reconnects: number[] = [];
    let sent: RequestInit | undefined;
    const sync = vi.fn();
    const take = vi.fn();
    const live: LiveUpdates = createLiveUpdates({
      fetch: async (input, init) => {
        expect(String(input)).toBe(`${SERVER}/v1/events`);
        sent = init;
        if (answer) return answer();
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            const encoder = new TextEncoder();
            streams.push((text) =>
              text === null ? controller.close() : controller.enqueue(encoder.encode(text)),
            );
          },
        });
        return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
      },
      connection: async () => ({ serverUrl: SERVER, token: 'token-1' }),
      cursor: async () => 5,
      sync,
      take,
      setTimer: (fn, ms) => {
        reconnects.push(ms);
        fn();
        return () => {};
      },
      random: () => 0.5,
    });
    return { live, streams, reconnects, sync, take, sent: () => sent };
  }

  test('a change past this browser’s cursor starts a sync; one it has does not', async () => {
    const { live, streams, sync, sent } = setUp();
    live.start();
    await vi.waitFor(() => expect(streams).toHaveLength(1));
    expect(new Headers(sent()?.headers).get('Authorization')).toBe('Bearer token-1');

    streams[0]!('event: ready\ndata: {"cursor":5}\n\n: ping\n\n');
    streams[0]!('event: changed\ndata: {"cursor":6}\n\n');
    // Once the stream has ended and another is open, every event above has been read.
    streams[0]!(null);
    await vi.waitFor(() => expect(streams).toHaveLength(2));

    expect(sync).toHaveBeenCalledTimes(1);
    live.stop();
  });

  test('a change that carries its page hands it to the engine instead of a sync', async () => {
    const { live, streams, sync, take } = setUp();
    live.start();
    await vi.waitFor(() => expect(streams).toHaveLength(1));
    streams[0]!('event: changed\ndata: {"cursor":5,"from":4,"page":{}}\n\n');
    streams[0]!('event: changed\ndata: {"cursor":7,"from":5,"page":{}}\n\n');
    streams[0]!(null);
    await vi.waitFor(() => expect(streams).toHaveLength(2));

    // The first is no news here (cursor 5); the engine decides whether the second fits.
    expect(take.mock.calls).toEqual([[{ cursor: 7, from: 5, page: {} }]]);
    expect(sync).not.toHaveBeenCalled();
    live.stop();
  });

  test('a stream that ends is opened again after a backoff', async () => {
    const { live, streams, reconnects } = setUp();
    live.start();
    await vi.waitFor(() => expect(streams).toHaveLength(1));
    streams[0]!(null);
    await vi.waitFor(() => expect(streams).toHaveLength(2));
    expect(reconnects).toEqual([500]);
    live.stop();
  });

  test('a refused token starts a sync, which ends the session, and is not retried', async () => {
    const { live, reconnects, sync } = setUp({
      answer: () => new Response(null, { status: 401 }),
    });
    live.start();
    await vi.waitFor(() => expect(sync).toHaveBeenCalledTimes(1));
    expect(reconnects).toEqual([]);
  });
});
