/**
 * What `/metrics` tells Prometheus, one registry for the process. prom-client rather than our
 * own exposition: it is the format's reference library for Node (escaping, histogram buckets,
 * `+Inf`), and its default metrics read the process's RSS, CPU, heap and event-loop delay
 * the way every Node dashboard expects them.
 *
 * Labels take only values from a short known list (outcomes, codes, route patterns, status
 * classes), never an id: each label value is a series Prometheus keeps.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const registers = [registry];

export const pushes = new Counter({
  name: 'tanggap_pushes_total',
  help: 'Pushes committed',
  registers,
});

export const mutations = new Counter({
  name: 'tanggap_mutations_total',
  help: 'Pushed mutations by outcome (applied, refused, repeated: already answered) and refusal code',
  labelNames: ['outcome', 'code'] as const,
  registers,
});

export const pulls = new Counter({
  name: 'tanggap_pulls_total',
  help: 'Pull pages served',
  registers,
});

export const pushPages = new Counter({
  name: 'tanggap_push_pages_total',
  help: 'Pull pages served in push answers, each sparing a pull',
  registers,
});

export const pulledRows = new Counter({
  name: 'tanggap_pulled_rows_total',
  help: 'Items and removals served by pulls and push answers',
  registers,
});

export const eventStreams = new Gauge({
  name: 'tanggap_event_streams',
  help: 'Event streams open now',
  registers,
});

export const changedEvents = new Counter({
  name: 'tanggap_changed_events_total',
  help:
    'Change announcements written to event streams, by their page: carried, or left out ' +
    '(slow-reader: no room in the stream; too-large; failed: not built; none: nothing to ' +
    'base it on), each left out costing the browser a pull',
  labelNames: ['page'] as const,
  registers,
});

export const eventStreamsOpened = new Counter({
  name: 'tanggap_event_streams_opened_total',
  help: 'Event streams opened',
  registers,
});

export const logins = new Counter({
  name: 'tanggap_logins_total',
  help: 'Login attempts by outcome: ok, failed (wrong name or password), throttled (429)',
  labelNames: ['outcome'] as const,
  registers,
});

export const httpRequests = new Histogram({
  name: 'tanggap_http_request_duration_seconds',
  help: 'Time to answer an HTTP request (an event stream: until it starts), by route pattern and status class',
  labelNames: ['method', 'route', 'status'] as const,
  // The browser gives up after 15 s.
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
  registers,
});

export const errorAnswers = new Counter({
  name: 'tanggap_http_errors_total',
  help: 'Error answers by status and error code (database-unavailable: the database was away)',
  labelNames: ['status', 'code'] as const,
  registers,
});

export const databaseErrors = new Counter({
  name: 'tanggap_database_errors_total',
  help: 'Database failures: unreachable (down or restarting), statement (an error the database answered), connection-lost',
  labelNames: ['kind'] as const,
  registers,
});

export const databaseDuration = new Histogram({
  name: 'tanggap_database_duration_seconds',
  help: 'Time of a database query, or of a whole transaction or turn on one connection (waiting for its connection and locks included)',
  labelNames: ['operation'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers,
});

export const databaseWait = new Histogram({
  name: 'tanggap_database_wait_seconds',
  help: 'Time an operation waited in the line for the database before it ran (refused ones not counted), for a request or for the server’s own work (announcements, stream pings, purges)',
  labelNames: ['for'] as const,
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers,
});

// Each known series from the start, so that a rate over it needs no first event.
for (const outcome of ['ok', 'failed', 'throttled']) logins.inc({ outcome }, 0);
for (const kind of ['unreachable', 'statement', 'connection-lost']) databaseErrors.inc({ kind }, 0);

/** `2xx`, `4xx`…: a histogram per status would multiply its series for nothing. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
