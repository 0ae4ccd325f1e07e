import { describe, expect, test } from 'vitest';
import { createServerCall, EpochChanged, SyncFault } from './http';

const SERVER = 'https://tanggap.example.go.id';

function callWith(
  answer: (url: string, init: RequestInit) => Promise<Response> | Response,
  { timesOut = false } = {},
) {
  return createServerCall({
    fetch: async (input, init) => answer(String(input), init ?? {}),
    // The time-out fires at once, or never.
    setTimer: (fn) => {
      if (timesOut) queueMicrotask(fn);
      return () => {};
    },
    timeoutMs: 15_000,
  });
}

const reply = (status: number, body?: unknown, headers?: Record<string, string>) => () =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers });

async function fault(promise: Promise<unknown>): Promise<SyncFault> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SyncFault);
  return error as SyncFault;
}

test('sends the body as JSON with the token, and answers the JSON', async () => {
  let sent: { url: string; init: RequestInit } | undefined;
  const call = callWith((url, init) => {
    sent = { url, init };
    return Response.json({ cursor: 3 });
  });

  expect(await call(SERVER, '/pull', { body: { cursor: 0 }, token: 't-1' })).toEqual({
    cursor: 3,
  });
  expect(sent?.url).toBe(`${SERVER}/v1/pull`);
  expect(sent?.init).toMatchObject({ method: 'POST', body: '{"cursor":0}' });
  expect(sent?.init.headers).toEqual({
    'Content-Type': 'application/json',
    Authorization: 'Bearer t-1',
  });
});

test('an empty 204 answers null', async () => {
  expect(await callWith(reply(204))(SERVER, '/logout', { token: 't-1' })).toBeNull();
});

describe('failures, as the status will name them', () => {
  test('no answer in time is a time-out; no network is unreachable', async () => {
    const hanging = callWith(
      (_, init) =>
        new Promise((_resolve, reject) =>
          init.signal?.addEventListener('abort', () => reject(new DOMException('', 'AbortError'))),
        ),
      { timesOut: true },
    );
    expect((await fault(hanging(SERVER, '/pull', {}))).reason).toBe('timeout');
    const offline = callWith(() => Promise.reject(new TypeError('Failed to fetch')));
    expect((await fault(offline(SERVER, '/pull', {}))).reason).toBe('unreachable');
  });

  test('401 is a wrong password at login and an ended session otherwise', async () => {
    const call = callWith(reply(401, { error: { code: 'unauthorized', message: 'No' } }));
    expect((await fault(call(SERVER, '/login', {}))).reason).toBe('bad-login');
    expect((await fault(call(SERVER, '/push', {}))).reason).toBe('session-ended');
  });

  test('429 waits at least what Retry-After says', async () => {
    const call = callWith(reply(429, undefined, { 'Retry-After': '30' }));
    expect(await fault(call(SERVER, '/pull', {}))).toMatchObject({
      reason: 'busy',
      retryAfterMs: 30_000,
    });
    expect(await fault(call(SERVER, '/login', {}))).toMatchObject({
      reason: 'too-many-attempts',
      retryAfterMs: 30_000,
    });
  });

  test('503 with Retry-After is the server saying when to come back', async () => {
    const away = callWith(
      reply(
        503,
        { error: { code: 'database-unavailable', message: 'Away' } },
        { 'Retry-After': '5' },
      ),
    );
    expect(await fault(away(SERVER, '/push', {}))).toMatchObject({
      reason: 'busy',
      retryAfterMs: 5_000,
    });
    expect((await fault(away(SERVER, '/login', {}))).reason).toBe('busy');
    // The server's disk is full: the push waits in the outbox and is tried again.
    const full = callWith(
      reply(
        503,
        { error: { code: 'storage-full', message: 'Disk full' } },
        { 'Retry-After': '30' },
      ),
    );
    expect(await fault(full(SERVER, '/push', {}))).toMatchObject({
      reason: 'storage-full',
      retryAfterMs: 30_000,
    });
    // The server is overloaded: it says so at once, and the push waits as told.
    const overloaded = callWith(
      reply(503, { error: { code: 'server-busy', message: 'Busy' } }, { 'Retry-After': '7' }),
    );
    expect(await fault(overloaded(SERVER, '/push', {}))).toMatchObject({
      reason: 'busy',
      retryAfterMs: 7_000,
    });
    const proxy = callWith(() => new Response('<h1>Unavailable</h1>', { status: 503 }));
    expect(await fault(proxy(SERVER, '/pull', {}))).toMatchObject({
      reason: 'server-error',
      detail: '503',
    });
  });

  test('5xx is the server’s problem, with its status', async () => {
    const call = callWith(() => new Response('<h1>Bad gateway</h1>', { status: 502 }));
    expect(await fault(call(SERVER, '/pull', {}))).toMatchObject({
      reason: 'server-error',
      detail: '502',
    });
  });

  test('another 4xx is refused, in the server’s words', async () => {
    const call = callWith(reply(400, { error: { code: 'bad-request', message: 'cursor?' } }));
    expect(await fault(call(SERVER, '/pull', {}))).toMatchObject({
      reason: 'refused',
      detail: 'cursor?',
    });
  });

  test('a push with an old epoch is told apart, for a pull to come first', async () => {
    const call = callWith(reply(409, { error: { code: 'epoch-changed', message: 'Restored' } }));
    await expect(call(SERVER, '/push', {})).rejects.toBeInstanceOf(EpochChanged);
  });

  test('a 200 that is not JSON, or is an error, is unreadable', async () => {
    const page = callWith(() => new Response('<html>proxy login</html>', { status: 200 }));
    expect((await fault(page(SERVER, '/pull', {}))).reason).toBe('unreadable');
    const error = callWith(reply(200, { error: { code: 'x', message: 'y' } }));
    expect((await fault(error(SERVER, '/pull', {}))).reason).toBe('unreadable');
  });
});
