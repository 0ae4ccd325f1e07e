/**
 * The HTTP routes (Hono on Node): login, logout, me, push, pull, events and a health check.
 * Hono because it is small, well kept, built on the Web-standard Request/Response and
 * streams, and runs the same on Node and elsewhere.
 *
 * Origins: a `/v1` request must come from an extension origin (one of the allowed ones, when
 * a list is given), and gets CORS answers. Browsers send Origin with every POST; a GET without
 * one is taken, since Chrome sends none on the GETs of an extension that holds a host
 * permission for the server, and those need a token anyway. The origin check keeps web pages
 * out, it is not what secures the API: every request carries a bearer token, never a cookie,
 * so a page cannot act with an officer's login.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { TanggapError } from '../utils/domain/errors';
import {
  API_PREFIX,
  type ErrorBody,
  parseLoginRequest,
  parsePullRequest,
  parsePushRequest,
} from '../utils/domain/sync-protocol';
import {
  authenticate,
  DEFAULT_TOKEN_HOURS,
  endedLoginsNotice,
  login,
  revokeToken,
  type Session,
} from './auth';
import {
  databaseSlots,
  DatabaseQueue,
  DEFAULT_MAX_DATABASE_WAIT_MS,
  isServerBusy,
  queuedStore,
} from './admission';
import { describeError, HttpError } from './errors';
import { DEFAULT_STREAM_LIMITS, type StreamLimits } from './config';
import { type EventStream, EventHub } from './events';
import { isDatabaseUnreachable, type Store } from './store';
import { pull, push, teamVersion } from './sync';

export const MAX_BODY_BYTES = 1_000_000;
/** What a client is told to wait while the database is away: a restart takes a few seconds. */
export const DATABASE_RETRY_SECONDS = 5;
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[A-Za-z0-9._-]+$/;

export interface ServerOptions {
  store: Store;
  /** 0 = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Extension origins allowed; any extension origin when absent or empty. */
  allowedOrigins?: string[];
  now?: () => Date;
  tokenHours?: number;
  /** Seconds between `: ping` comments on event streams (default 15). */
  pingSeconds?: number;
  /** The shortest time between two `changed` announcements to one team (default 300 ms). */
  announceGapMs?: number;
  /** Take the client's address from X-Forwarded-For (behind a reverse proxy only). */
  trustProxy?: boolean;
  /** Event streams per login and per instance (defaults: 5 and 1000). */
  streamLimits?: Partial<StreamLimits>;
  httpTimeouts?: Partial<HttpTimeouts>;
  /** The longest wait for the database a request is kept for, then 503 (default 5 s). */
  maxDatabaseWaitMs?: number;
}

/**
 * Node's guards against slow and idle connections. A request's headers and body must arrive
 * in time; an event stream is not cut by them, as its request (a GET) is complete at once and
 * only its answer lasts. Node checks them about once a second.
 */
export interface HttpTimeouts {
  headersMs: number;
  requestMs: number;
  /** An idle kept-alive connection between requests. */
  keepAliveMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 10_000,
};

/** What a failure's log line may say of its request: ids and names, never content. */
type LogContext = { Variables: { teamId?: string; userId?: string; mutations?: string } };

function errorResponse(
  c: Context<LogContext>,
  status: number,
  code: string,
  message: string,
  headers = {},
) {
  const body: ErrorBody = { error: { code, message } };
  return c.json(body, status as 400, headers);
}

/** 503: the request may succeed as it is once the database is back. */
function databaseAway(c: Context<LogContext>) {
  return errorResponse(
    c,
    503,
    'database-unavailable',
    'The team database cannot be reached just now: try again in a few seconds',
    { 'Retry-After': String(DATABASE_RETRY_SECONDS) },
  );
}

export function createApp(opts: ServerOptions, hub: EventHub): Hono<LogContext> {
  const { store } = opts;
  const now = opts.now ?? (() => new Date());
  const tokenHours = opts.tokenHours ?? DEFAULT_TOKEN_HOURS;
  const allowed = new Set(opts.allowedOrigins ?? []);
  const pingMs = (opts.pingSeconds ?? 15) * 1000;
  const app = new Hono<LogContext>();
  let awaySaidAt = 0;

  app.onError((error, c) => {
    if (error instanceof HttpError) {
      return errorResponse(c, error.status, error.code, error.message, error.headers);
    }
    if (error instanceof TanggapError && error.code === 'bad-request') {
      return errorResponse(c, 400, 'bad-request', error.message);
    }
    if (isDatabaseUnreachable(error)) {
      // Said once in a while, not for each of the many requests an outage refuses.
      if (Date.now() - awaySaidAt > 10_000) {
        awaySaidAt = Date.now();
        console.error('The database is unreachable, answering 503:', error.message);
      }
      return databaseAway(c);
    }
    // The reference lets an officer's report be matched to its log line.
    const reference = randomBytes(4).toString('hex');
    const { teamId, userId, mutations } = c.var;
    console.error(
      [
        `Unexpected error ref=${reference} ${c.req.method} ${c.req.path}`,
        ...(teamId ? [`team=${teamId}`] : []),
        ...(userId ? [`user=${userId}`] : []),
        ...(mutations ? [`mutations=${mutations}`] : []),
        describeError(error),
      ].join(' '),
    );
    return errorResponse(
      c,
      500,
      'internal',
      `Something went wrong on the server (reference ${reference})`,
    );
  });
  app.notFound((c) => errorResponse(c, 404, 'not-found', 'No such address'));

  app.get('/healthz', async (c) => {
    try {
      await store.query('SELECT 1');
    } catch (error) {
      if (isDatabaseUnreachable(error)) return databaseAway(c);
      throw error;
    }
    return c.json({ ok: true });
  });

  app.use(`${API_PREFIX}/*`, async (c, next) => {
    const origin = c.req.header('Origin');
    if (origin === undefined && (c.req.method === 'GET' || c.req.method === 'HEAD')) return next();
    if (
      origin === undefined ||
      !EXTENSION_ORIGIN.test(origin) ||
      (allowed.size > 0 && !allowed.has(origin))
    ) {
      return errorResponse(c, 403, 'origin-not-allowed', 'Requests come only from the extension');
    }
    const cors = {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    };
    if (c.req.method === 'OPTIONS') return c.body(null, 204, cors);
    await next();
    for (const [k, v] of Object.entries(cors)) c.res.headers.set(k, v);
  });
  // Stops reading a body (chunked ones too) as soon as it passes the limit.
  app.use(
    `${API_PREFIX}/*`,
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      // The rest of the body is never read: the connection cannot carry another request.
      onError: (c) =>
        errorResponse(c, 413, 'too-large', `A request may hold at most ${MAX_BODY_BYTES} bytes`, {
          Connection: 'close',
        }),
    }),
  );

  async function body(c: Context<LogContext>): Promise<unknown> {
    const text = await c.req.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new HttpError(400, 'bad-request', 'The body must be JSON');
    }
  }
  async function session(c: Context<LogContext>): Promise<Session> {
    const s = await authenticate(store, c.req.header('Authorization'), now());
    c.set('teamId', s.team.id);
    c.set('userId', s.userId);
    return s;
  }

  function clientIp(c: Context<LogContext>): string {
    const forwarded = c.req.header('X-Forwarded-For');
    if (opts.trustProxy && forwarded) return forwarded.split(',').pop()!.trim();
    return getConnInfo(c).remote.address ?? 'unknown';
  }

  app.post(`${API_PREFIX}/login`, async (c) => {
    const req = parseLoginRequest(await body(c));
    return c.json(await login(store, req, clientIp(c), now(), tokenHours));
  });
  app.post(`${API_PREFIX}/logout`, async (c) => {
    const s = await session(c);
    await revokeToken(store, s.tokenHash, now());
    // At once here; other instances hear it through the database.
    hub.endLogins(endedLoginsNotice({ tokenHash: s.tokenHash }));
    return c.body(null, 204);
  });
  app.get(`${API_PREFIX}/me`, async (c) => {
    const s = await session(c);
    return c.json({ actor: s.actor, team: s.team });
  });
  app.post(`${API_PREFIX}/push`, async (c) => {
    const s = await session(c);
    const req = parsePushRequest(await body(c));
    c.set('mutations', req.mutations.map((m) => `${m.id}:${m.name}`).join(','));
    return c.json(await push(store, s, req, now()));
  });
  app.post(`${API_PREFIX}/pull`, async (c) => {
    const s = await session(c);
    return c.json(await pull(store, s, parsePullRequest(await body(c))));
  });
  app.get(`${API_PREFIX}/events`, async (c) => {
    const s = await session(c);
    const encoder = new TextEncoder();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let stop = () => {};
    const readable = new ReadableStream<Uint8Array>({
      start(streamController) {
        controller = streamController;
      },
      cancel() {
        stop();
      },
    });
    let open = true;
    const write = (text: string) => {
      if (!open) return;
      try {
        controller.enqueue(encoder.encode(text));
      } catch {
        stop();
      }
    };
    const stream: EventStream = {
      teamId: s.team.id,
      userId: s.userId,
      tokenHash: s.tokenHash,
      expiresAt: s.expiresAt,
      send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
      comment: (text) => write(`: ${text}\n\n`),
      close: () => stop(),
    };
    // Refuses a stream over the limits, before anything is sent.
    const remove = hub.add(stream);
    // Pings keep proxies from closing an idle stream; a login ended in a way the hub did not
    // hear of (a notice lost while the database connection was down) ends it here. While the
    // database is away the stream stays: it hears what it missed once it is back.
    const ping = setInterval(() => {
      authenticate(store, c.req.header('Authorization'), now()).then(
        () => stream.comment('ping'),
        (error: unknown) =>
          isDatabaseUnreachable(error) || isServerBusy(error) ? stream.comment('ping') : stop(),
      );
    }, pingMs);
    stop = () => {
      if (!open) return;
      open = false;
      clearInterval(ping);
      remove();
      try {
        controller.close();
      } catch {
        // Already closed by the client going away.
      }
    };
    try {
      // Subscribed before reading the version: a change committed in between is announced.
      stream.send('ready', { cursor: await teamVersion(store, s.team.id) });
    } catch (error) {
      stop();
      throw error;
    }
    return c.body(readable, 200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      // Tells nginx not to buffer the stream.
      'X-Accel-Buffering': 'no',
    });
  });
  return app;
}

export async function startServer(
  opts: ServerOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  // One line for the database: requests may be refused in it, the hub's announcements wait.
  const queue = new DatabaseQueue(
    databaseSlots(opts.store),
    opts.maxDatabaseWaitMs ?? DEFAULT_MAX_DATABASE_WAIT_MS,
  );
  const hub = new EventHub(
    queuedStore(opts.store, queue, false),
    { ...DEFAULT_STREAM_LIMITS, ...opts.streamLimits },
    opts.now,
    opts.announceGapMs,
  );
  await hub.start();
  const app = createApp({ ...opts, store: queuedStore(opts.store, queue, true) }, hub);
  const host = opts.host ?? '127.0.0.1';
  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...opts.httpTimeouts };
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve, reject) => {
      const server = serve(
        {
          fetch: app.fetch,
          port: opts.port ?? 0,
          hostname: host,
          serverOptions: {
            headersTimeout: timeouts.headersMs,
            requestTimeout: timeouts.requestMs,
            connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
          },
        },
        (info) => resolve({ server, port: (info as AddressInfo).port }),
      );
      // Not a createServer option on every Node the server runs on.
      (server as { keepAliveTimeout?: number }).keepAliveTimeout = timeouts.keepAliveMs;
      server.once('error', reject);
    },
  );
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    async close() {
      await hub.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
