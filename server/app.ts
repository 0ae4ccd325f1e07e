/**
 * The HTTP routes (Hono on Node): login, logout, me, push, pull, events, browsers' reports,
 * the admin API (admin-routes.ts) and a health check.
 * Hono because it is small, well kept, built on the Web-standard Request/Response and
 * streams, and runs the same on Node and elsewhere.
 *
 * Origins: a `/v1` request must come from an extension origin (one of the allowed ones, when
 * a list is given), and gets CORS answers. Browsers send Origin with every POST. A GET without
 * one is taken (Chrome sends none on the GETs of an extension that holds a host permission for
 * the server, and those need a token anyway), and so is a POST without one to the login, the
 * logout and the admin API: the admin command line, a program, sends none. The origin check
 * keeps web pages out, it is not what secures the API: every request carries a bearer token,
 * never a cookie, so a page cannot act with an officer's login.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import { ADMIN_PREFIX } from '../utils/domain/admin-protocol';
import { TanggapError } from '../utils/domain/errors';
import {
  API_PREFIX,
  DEFAULT_PULL_LIMIT,
  type ErrorBody,
  parseLoginRequest,
  parsePullRequest,
  parsePushPageQuery,
  parsePushRequest,
  parseReportRequest,
} from '../utils/domain/sync-protocol';
import {
  authenticate,
  bearerTokenHash,
  DEFAULT_TOKEN_HOURS,
  endedLoginsNotice,
  login,
  revokeToken,
  type Session,
} from './auth';
import { adminRoutes } from './admin-routes';
import {
  databaseSlots,
  DatabaseQueue,
  DEFAULT_MAX_DATABASE_WAIT_MS,
  isServerBusy,
  queuedStore,
} from './admission';
import { DISK_FULL_CODE, errorFields, HttpError, storageFull } from './errors';
import {
  DEFAULT_STREAM_LIMITS,
  DEFAULT_USER_LIMITS,
  type StreamLimits,
  type UserLimits,
} from './config';
import { commentFrame, createEventQueue, eventFrame } from './event-queue';
import { type EventStream, EventHub } from './events';
import { log } from './log';
import { measuredStore } from './measured-store';
import {
  errorAnswers,
  httpRequests,
  logins,
  pulledRows,
  pulls,
  pushes,
  pushPages,
  registry,
  statusClass,
} from './metrics';
import { PushRateLimit } from './push-rate';
import { logReport } from './reports';
import { type PurgeSchedule, startPurging } from './retention';
import { isDatabaseUnreachable, type Store } from './store';
import { push } from './push';
import { firstPageAfterPush, pageAfterPush, pull, teamVersion } from './sync';

export const MAX_BODY_BYTES = 1_000_000;
/** What a client is told to wait while the database is away: a restart takes a few seconds. */
export const DATABASE_RETRY_SECONDS = 5;
/** What the admin command line calls: a POST there may come without Origin. */
const PROGRAM_PATHS = new RegExp(`^${API_PREFIX}/(login|logout|admin/.*)$`);
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
  /**
   * The bearer token `/metrics` asks for. Without one, `/metrics` answers only requests from
   * this machine that came through no proxy.
   */
  metricsToken?: string;
  /** Changes per minute and refusals kept, per user (defaults: 300 and 1000). */
  userLimits?: Partial<UserLimits>;
  /** Runs the retention purge on a timer (none when absent). */
  purge?: Omit<PurgeSchedule, 'now'>;
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

/** What a request's log lines may say of it: ids and names, never content. */
type LogContext = {
  Variables: { requestId: string; teamId?: string; userId?: string; mutations?: string };
};

/** A request id a proxy may hand us (nginx's `$request_id`, a UUID); any other is replaced. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

function errorResponse(
  c: Context<LogContext>,
  status: number,
  code: string,
  message: string,
  headers = {},
) {
  errorAnswers.inc({ status, code });
  const body: ErrorBody = { error: { code, message } };
  return c.json(body, status as 400, headers);
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** Whether a socket's peer is this machine. */
export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK.test(address);
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
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

/**
 * The routes. `opts.store` may refuse a request when the line for the database is long;
 * `patient` waits its turn, for work a request must finish once it has begun.
 */
export function createApp(
  opts: ServerOptions,
  hub: EventHub,
  patient: Store = opts.store,
): Hono<LogContext> {
  const { store } = opts;
  const now = opts.now ?? (() => new Date());
  const tokenHours = opts.tokenHours ?? DEFAULT_TOKEN_HOURS;
  const allowed = new Set(opts.allowedOrigins ?? []);
  const pingMs = (opts.pingSeconds ?? 15) * 1000;
  const userLimits = { ...DEFAULT_USER_LIMITS, ...opts.userLimits };
  const pushRate = new PushRateLimit(userLimits.changesPerMinute);
  const app = new Hono<LogContext>();
  // Shared with the announcements, which carry the same pages.
  const { pages } = hub;
  let awaySaidAt = 0;

  // First: every request, whatever answers it, gets its id, its access line and its timing.
  app.use('*', async (c, next) => {
    const started = performance.now();
    // A proxy's id ties its log to ours; from anyone else it could be any id, used again.
    const given = opts.trustProxy ? c.req.header('X-Request-Id') : undefined;
    const requestId = given && REQUEST_ID.test(given) ? given : randomBytes(8).toString('hex');
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    const seconds = (performance.now() - started) / 1000;
    // The pattern that answered (`/v1/push`), never the path a client typed.
    const route = routePath(c);
    const { method } = c.req;
    const { status } = c.res;
    httpRequests.observe({ method, route, status: statusClass(status) }, seconds);
    log.info('http.request', {
      request: requestId,
      method,
      route,
      status,
      ms: Math.round(seconds * 10_000) / 10,
      team: c.var.teamId,
      user: c.var.userId,
    });
  });

  app.onError((error, c) => {
    if (error instanceof HttpError) {
      return errorResponse(c, error.status, error.code, error.message, error.headers);
    }
    if (error instanceof TanggapError && error.code === 'bad-request') {
      return errorResponse(c, 400, 'bad-request', error.message);
    }
    if ((error as { code?: unknown }).code === DISK_FULL_CODE) {
      const full = storageFull();
      return errorResponse(c, full.status, full.code, full.message, full.headers);
    }
    if (isDatabaseUnreachable(error)) {
      // Said once in a while, not for each of the many requests an outage refuses.
      if (Date.now() - awaySaidAt > 10_000) {
        awaySaidAt = Date.now();
        log.warn('database.unreachable', { request: c.var.requestId, reason: error.message });
      }
      return databaseAway(c);
    }
    // The reference lets an officer's report be matched to its log lines.
    const reference = c.var.requestId;
    log.error('http.internal-error', {
      request: reference,
      method: c.req.method,
      route: routePath(c),
      team: c.var.teamId,
      user: c.var.userId,
      mutations: c.var.mutations,
      ...errorFields(error),
    });
    return errorResponse(
      c,
      500,
      'internal',
      `Something went wrong on the server (reference ${reference})`,
    );
  });
  app.notFound((c) => errorResponse(c, 404, 'not-found', 'No such address'));

  app.get('/metrics', async (c) => {
    if (opts.metricsToken) {
      const token = /^Bearer (.+)$/.exec(c.req.header('Authorization') ?? '')?.[1] ?? '';
      if (!sameSecret(token, opts.metricsToken)) {
        return errorResponse(c, 401, 'unauthorized', 'The metrics token is missing or wrong');
      }
    } else if (
      !isLoopback(getConnInfo(c).remote.address) ||
      // A proxy on this machine passes on requests from anywhere.
      ['X-Forwarded-For', 'Forwarded', 'X-Real-IP'].some((h) => c.req.header(h) !== undefined)
    ) {
      return errorResponse(
        c,
        403,
        'forbidden',
        'Metrics are served to this machine only: set TANGGAP_METRICS_TOKEN to read them from elsewhere',
      );
    }
    return c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType });
  });

  // 200 only when the database answers and would take a write.
  app.get('/healthz', async (c) => {
    try {
      await store.query('SELECT 1');
      store.checkWritable();
    } catch (error) {
      if (isDatabaseUnreachable(error)) return databaseAway(c);
      throw error;
    }
    return c.json({ ok: true });
  });

  app.use(`${API_PREFIX}/*`, async (c, next) => {
    const origin = c.req.header('Origin');
    if (origin === undefined && (c.req.method === 'GET' || c.req.method === 'HEAD')) return next();
    // No browser sends a POST without Origin: this is a program, the admin command line.
    if (origin === undefined && PROGRAM_PATHS.test(c.req.path)) return next();
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
    try {
      const answer = await login(store, patient, req, clientIp(c), now(), tokenHours);
      logins.inc({ outcome: 'ok' });
      return c.json(answer);
    } catch (error) {
      if (error instanceof HttpError && (error.status === 401 || error.status === 429)) {
        logins.inc({ outcome: error.status === 401 ? 'failed' : 'throttled' });
      }
      throw error;
    }
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
    // Refused without a token before the body is read; the login itself is read with the
    // push's first statement.
    const authorization = c.req.header('Authorization');
    const hash = bearerTokenHash(authorization);
    const req = parsePushRequest(await body(c));
    const pageQuery = parsePushPageQuery(c.req.query());
    c.set('mutations', req.mutations.map((m) => `${m.id}:${m.name}`).join(','));
    const { cursor, limit } = pageQuery;
    const pageAsked =
      cursor === undefined
        ? undefined
        : { clientId: req.clientId, cursor, limit: limit ?? DEFAULT_PULL_LIMIT };
    const admit = (s: Session) => {
      c.set('teamId', s.team.id);
      c.set('userId', s.userId);
      const wait = pushRate.take(s.userId, req.mutations.length, now().getTime());
      if (wait > 0) {
        throw new HttpError(
          429,
          'too-many-changes',
          `More changes than one officer may send in a minute: the rest go in ${wait} s`,
          { 'Retry-After': String(wait) },
        );
      }
    };
    const { answer, page } = await store.connection(async (db) => {
      const { answer, session, written } = await push(db, hash, req, now(), {
        maxRefusals: userLimits.refusalsPerUser,
        admit,
      });
      // In the push's turn for the database: its answer waits in the line once, not twice.
      const page =
        pageAsked && pageAsked.cursor > 0
          ? await pageAfterPush(
              db,
              authorization,
              pageAsked,
              now(),
              pages,
              written ? { session, state: written } : undefined,
            )
          : null;
      return { answer, page };
    });
    pushes.inc();
    if (!pageAsked) return c.json(answer);
    const sent =
      pageAsked.cursor === 0
        ? await firstPageAfterPush(store, authorization, pageAsked, now(), pages)
        : page;
    if (!sent) return c.json(answer);
    pushPages.inc();
    pulledRows.inc(sent.rows);
    // The page goes in as the pull's JSON text, its items as the database wrote them.
    const json = `${JSON.stringify(answer).slice(0, -1)},"page":${sent.json}}`;
    return c.body(json, 200, { 'Content-Type': 'application/json' });
  });
  app.post(`${API_PREFIX}/pull`, async (c) => {
    // Refused without a token before the body is read, as every route is.
    bearerTokenHash(c.req.header('Authorization'));
    const req = parsePullRequest(await body(c));
    const page = await pull(store, c.req.header('Authorization'), req, now(), pages);
    c.set('teamId', page.session.team.id);
    c.set('userId', page.session.userId);
    pulls.inc();
    pulledRows.inc(page.rows);
    return c.body(page.json, 200, { 'Content-Type': 'application/json' });
  });
  app.post(`${API_PREFIX}/reports`, async (c) => {
    const s = await session(c);
    const req = parseReportRequest(await body(c));
    // Each record reported is a log line: it counts as a change against the user's allowance.
    const wait = pushRate.take(s.userId, req.quarantined.length, now().getTime());
    if (wait > 0) {
      throw new HttpError(429, 'too-many-changes', `Too many reports: send the rest in ${wait} s`, {
        'Retry-After': String(wait),
      });
    }
    logReport(s, req);
    return c.body(null, 204);
  });
  app.route(
    `${API_PREFIX}${ADMIN_PREFIX}`,
    adminRoutes({ store, session: (c) => session(c as Context<LogContext>), body }),
  );
  app.get(`${API_PREFIX}/events`, async (c) => {
    const s = await session(c);
    let stop = () => {};
    const queue = createEventQueue(() => stop());
    const stream: EventStream = {
      teamId: s.team.id,
      userId: s.userId,
      tokenHash: s.tokenHash,
      expiresAt: s.expiresAt,
      send: (frame, instead) => queue.write(frame, instead),
      comment: (text) => queue.write(commentFrame(text)),
      close: () => queue.close(),
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
          isDatabaseUnreachable(error) || isServerBusy(error)
            ? stream.comment('ping')
            : stream.close(),
      );
    }, pingMs);
    // Runs once, however the stream ends.
    stop = () => {
      clearInterval(ping);
      remove();
    };
    try {
      // Subscribed before reading the version: a change committed in between is announced.
      const cursor = await teamVersion(store, s.team.id);
      hub.toldReady(s.team.id, cursor);
      stream.send(eventFrame('ready', JSON.stringify({ cursor })));
    } catch (error) {
      stream.close();
      throw error;
    }
    return c.body(queue.body, 200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      // Tells nginx not to buffer the stream.
      'X-Accel-Buffering': 'no',
    });
  });
  return app;
}

export async function startServer(
  given: ServerOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  // The database as measured for /metrics, behind one line: requests may be refused in it,
  // the hub's announcements wait.
  const opts = { ...given, store: measuredStore(given.store) };
  const queue = new DatabaseQueue(
    databaseSlots(opts.store),
    opts.maxDatabaseWaitMs ?? DEFAULT_MAX_DATABASE_WAIT_MS,
  );
  const patient = queuedStore(opts.store, queue, false);
  const hub = new EventHub(
    patient,
    { ...DEFAULT_STREAM_LIMITS, ...opts.streamLimits },
    opts.now,
    opts.announceGapMs,
  );
  await hub.start();
  const app = createApp({ ...opts, store: queuedStore(opts.store, queue, true) }, hub, patient);
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
  const stopPurging = opts.purge
    ? startPurging(queuedStore(opts.store, queue, false), {
        ...opts.purge,
        ...(opts.now ? { now: opts.now } : {}),
      })
    : async () => {};
  return {
    url: `http://${urlHost}:${port}`,
    async close() {
      await stopPurging();
      await hub.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
