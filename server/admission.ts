/**
 * Admission control in front of the database. It serves a few transactions at once (PGlite
 * one, PostgreSQL as many as its pool holds); the others wait in line here, where the line
 * can be measured. When the wait a new request would face passes a bound, it is answered 503
 * `server-busy` with `Retry-After` at once: waiting past the browser's 15 s time-out would
 * fail anyway, after holding its place in the line, and be sent again.
 *
 * Only requests are refused. The server's own work (announcing changes to event streams)
 * waits its turn, as a refused announcement would be a change some browser never hears of.
 */
import { HttpError } from './errors';
import { databaseWait } from './metrics';
import { POSTGRES_POOL_SIZE, type Store } from './store';

/** The longest wait for the database a request is kept for; beyond it, 503 at once. */
export const DEFAULT_MAX_DATABASE_WAIT_MS = 5_000;
/** How much each finished operation weighs in the running average of their durations. */
const AVERAGE_WEIGHT = 0.2;
/** Bounds of the Retry-After given with a refusal, in seconds. */
const RETRY_MIN_SECONDS = 1;
const RETRY_MAX_SECONDS = 30;

/**
 * An operation that ends this long or longer after the line last let the event loop turn
 * hands its slot on only after a turn (the loop reads its sockets and accepts a connection:
 * Node accepts one a turn); sooner, at once. PGlite's work never yields, so without this the
 * whole line would run in one turn, unseen by the requests that come meanwhile, which would
 * wait unread (and new connections unaccepted) instead of being told at once how long the line
 * is.
 */
const TURN_MS = 5;

export const SERVER_BUSY = 'server-busy';

export class DatabaseQueue {
  private running = 0;
  private readonly waiting: { since: number; start: () => void }[] = [];
  private averageMs = 0;
  /** When each running operation started; a slot being handed on counts as one begun then. */
  private readonly startedAt = new Set<{ at: number }>();
  /** When the line last let the event loop turn (see TURN_MS). */
  private turnStartedAt = -Infinity;

  constructor(
    /** Operations the database runs at once. */
    readonly slots: number,
    readonly maxWaitMs: number = DEFAULT_MAX_DATABASE_WAIT_MS,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /**
   * The wait a new operation would face: the line ahead of it shared among the slots, at the
   * recent duration of one operation, or longer while even the latest begun has run longer
   * (the database slowed down for all of them); at least the age of the line's oldest. One
   * slow operation does not count as the database's pace: the other slots still serve the line.
   */
  expectedWaitMs(): number {
    if (this.running < this.slots) return 0;
    const now = this.clock();
    let youngest = Infinity;
    for (const { at } of this.startedAt) youngest = Math.min(youngest, now - at);
    const pace = Math.max(this.averageMs, Number.isFinite(youngest) ? youngest : 0);
    const byLength = ((this.waiting.length + 1) / this.slots) * pace;
    const oldest = this.waiting[0] ? now - this.waiting[0].since : 0;
    return Math.max(byLength, oldest);
  }

  /** How many operations run and wait now. */
  load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Runs `fn` in its turn; when `refusable`, throws 503 `server-busy` instead of a long wait. */
  async run<T>(fn: () => Promise<T>, refusable: boolean): Promise<T> {
    if (refusable) {
      const wait = this.expectedWaitMs();
      if (wait > this.maxWaitMs) throw serverBusy(wait);
    }
    const arrived = this.clock();
    if (this.running < this.slots) this.running += 1;
    else await new Promise<void>((start) => this.waiting.push({ since: arrived, start }));
    const started = { at: this.clock() };
    databaseWait.observe({ for: refusable ? 'request' : 'server' }, (started.at - arrived) / 1000);
    this.startedAt.add(started);
    try {
      return await fn();
    } finally {
      this.startedAt.delete(started);
      const took = this.clock() - started.at;
      this.averageMs =
        this.averageMs === 0 ? took : this.averageMs + AVERAGE_WEIGHT * (took - this.averageMs);
      if (performance.now() - this.turnStartedAt < TURN_MS) this.handOn();
      else {
        // Until then the slot counts as an operation begun now, not as a slow database.
        const handingOn = { at: this.clock() };
        this.startedAt.add(handingOn);
        setImmediate(() => {
          this.startedAt.delete(handingOn);
          this.turnStartedAt = performance.now();
          this.handOn();
        });
      }
    }
  }

  /** The slot passes straight to the next in line, so no newcomer overtakes it. */
  private handOn() {
    const next = this.waiting.shift();
    if (next) next.start();
    else this.running -= 1;
  }
}

function serverBusy(waitMs: number): HttpError {
  const seconds = Math.min(
    RETRY_MAX_SECONDS,
    Math.max(RETRY_MIN_SECONDS, Math.ceil(waitMs / 1000)),
  );
  return new HttpError(503, SERVER_BUSY, 'The server is too busy just now: try again shortly', {
    'Retry-After': String(seconds),
  });
}

export function isServerBusy(error: unknown): boolean {
  return error instanceof HttpError && error.code === SERVER_BUSY;
}

/** Operations `store` runs at once: PGlite is one connection, PostgreSQL a pool. */
export function databaseSlots(store: Store): number {
  return store.kind === 'pglite' ? 1 : POSTGRES_POOL_SIZE;
}

/** `store` with its queries, transactions and connections in `queue`'s line. */
export function queuedStore(store: Store, queue: DatabaseQueue, refusable: boolean): Store {
  return {
    kind: store.kind,
    query: (sql, params) => queue.run(() => store.query(sql, params), refusable),
    transaction: (fn, opts) => queue.run(() => store.transaction(fn, opts), refusable),
    connection: (fn) => queue.run(() => store.connection(fn), refusable),
    listen: (channel, fn) => store.listen(channel, fn),
    checkWritable: () => store.checkWritable(),
    close: () => store.close(),
  };
}
