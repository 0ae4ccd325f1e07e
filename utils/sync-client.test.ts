import { describe, expect, test } from 'vitest';
import { BACKOFF_CAP_MS, backoffDelay, eventCursor, EventStreamReader } from './sync-client';

describe('backoffDelay', () => {
  test.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [9, 256_000],
    [10, BACKOFF_CAP_MS],
    [40, BACKOFF_CAP_MS],
  ])('retry %i waits less than %i ms, from 0 (full jitter)', (failures, ceiling) => {
    expect(backoffDelay(failures, () => 0)).toBe(0);
    expect(backoffDelay(failures, () => 0.5)).toBe(ceiling / 2);
    expect(backoffDelay(failures, () => 0.999_999)).toBe(ceiling - 1);
  });
});

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
});
