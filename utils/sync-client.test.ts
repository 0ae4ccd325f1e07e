import { describe, expect, test } from 'vitest';
import {
  agoWords,
  BACKOFF_CAP_MS,
  backoffDelay,
  eventCursor,
  EventStreamReader,
  normaliseServerUrl,
  permissionPattern,
} from './sync-client';

describe('normaliseServerUrl', () => {
  test.each([
    ['https://tanggap.example.go.id', 'https://tanggap.example.go.id'],
    ['  https://tanggap.example.go.id/ ', 'https://tanggap.example.go.id'],
    ['https://Tanggap.Example.go.id:8443', 'https://tanggap.example.go.id:8443'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://localhost:3000/', 'http://localhost:3000'],
  ])('%s → %s', (input, origin) => {
    expect(normaliseServerUrl(input)).toBe(origin);
  });

  test.each([
    ['', /Enter the team server’s address/],
    ['http://192.168.1.10', /HTTPS is required/],
    ['javascript:alert(1)', /HTTPS is required/],
    ['https://user:pw@tanggap.example.go.id', /only the team server’s address/],
    ['tanggap.example.go.id', /not a web address/],
  ])('refuses %j', (input, words) => {
    expect(() => normaliseServerUrl(input)).toThrow(words);
  });

  test('the permission asked covers the server whatever its port', () => {
    expect(permissionPattern('http://127.0.0.1:8787')).toBe('http://127.0.0.1/*');
    expect(permissionPattern('https://tanggap.example.go.id')).toBe(
      'https://tanggap.example.go.id/*',
    );
  });
});

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

test('last sync in words, in both languages', () => {
  const now = Date.parse('2025-03-10T04:00:00.000Z');
  // Abbreviations vary with the ICU version.
  expect(agoWords('2025-03-10T03:58:00.000Z', now, 'en')).toMatch(/^2 min\.? ago$/);
  expect(agoWords('2025-03-10T03:58:00.000Z', now, 'id')).toMatch(/^2 mnt\.? lalu$/);
  expect(agoWords('2025-03-10T01:00:00.000Z', now, 'en')).toMatch(/^3 hr\.? ago$/);
});
