import { connect } from 'node:net';
import { describe, expect, test } from 'vitest';
import { newWorld, openEvents, TEST_ORIGIN, useBackend } from './test/helpers';

/** Short guards, so a test sees them act: Node checks them about every half of these. */
const SHORT = { headersMs: 500, requestMs: 1_000 };
/** How long a guard may take to act on a loaded machine. */
const ACTED_MS = 5_000;

/** Sends `text` and leaves the connection open; resolves with what came back once it closed. */
function sendAndWait(url: string, text: string, ms: number): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server kept the connection open'));
    }, ms);
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

describe('guards against slow and idle connections', () => {
  const backend = useBackend('PGlite');

  test('a client that never finishes its headers is cut off', async () => {
    const world = await newWorld(backend, { httpTimeouts: SHORT });
    const answer = await sendAndWait(world.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', ACTED_MS);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  test('a client that never finishes its body is cut off', async () => {
    const world = await newWorld(backend, { httpTimeouts: SHORT });
    const headers = [
      'POST /v1/login HTTP/1.1',
      'Host: x',
      `Origin: ${TEST_ORIGIN}`,
      'Content-Type: application/json',
      'Content-Length: 100',
    ].join('\r\n');
    const answer = await sendAndWait(world.url, `${headers}\r\n\r\n{"username"`, ACTED_MS);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  test('an event stream outlives the request time-out', async () => {
    const world = await newWorld(backend, { httpTimeouts: SHORT, pingSeconds: 0.5 });
    const officer = await world.officer('triage');
    const events = await openEvents(world.url, officer.token);
    backend.defer(async () => events.close());
    expect((await events.next()).event).toBe('ready');
    // Open past the time-out and Node's check after it: an ended stream would fail this read.
    await expect(events.next(SHORT.requestMs * 3)).rejects.toThrow(/no event in time/);
    expect(events.comments.length).toBeGreaterThanOrEqual(2);
  });
});
