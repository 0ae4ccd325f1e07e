/**
 * HTTP for the load bench's simulated browsers, on `node:http` rather than `fetch`: the server
 * gets the same requests, but here the 700 browsers share the server's two cores, and fetch's
 * web streams cost them several times the CPU (which the server and database then lack).
 */
import http from 'node:http';

/**
 * A browser's connections: its requests reuse them. Each simulated browser has its own, as a
 * shared pool would keep at most 256 idle and open new ones in bursts that no set of real
 * browsers makes. One left idle is closed after 5 s, before the server's keep-alive time-out
 * (10 s) ends it: a request sent just as the server closes the connection would fail with
 * ECONNRESET (a browser sends it again on a new connection).
 */
export function browserConnections(): http.Agent {
  return new http.Agent({ keepAlive: true, timeout: 5_000 });
}

export interface HttpAnswer {
  status: number;
  text: string;
  retryAfterS: number;
}

/**
 * Why a request got no answer: `timeout` after `timeoutMs`, else `network CODE`.
 */
export class NoAnswer extends Error {}

export function requestText(
  url: string,
  {
    method,
    headers,
    body,
    timeoutMs,
    agent,
  }: {
    method: string;
    headers: Record<string, string>;
    body?: string;
    timeoutMs: number;
    agent: http.Agent;
  },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      res.setEncoding('utf8');
      let text = '';
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode!, text, retryAfterS: retryAfter(res) });
      });
      res.on('error', failed);
    });
    const timer = setTimeout(() => req.destroy(new NoAnswer('timeout')), timeoutMs);
    function failed(error: NodeJS.ErrnoException) {
      clearTimeout(timer);
      reject(
        error instanceof NoAnswer ? error : new NoAnswer(`network ${error.code ?? error.name}`),
      );
    }
    req.on('error', failed);
    req.end(body);
  });
}

/**
 * A long answer read as it comes (an event stream): `onText` gets its chunks. Resolves with
 * the status once the headers came, and `ended` once the stream ends or is closed.
 */
export function openTextStream(
  url: string,
  headers: Record<string, string>,
  onText: (chunk: string) => void,
): Promise<{ status: number; retryAfterS: number; ended: Promise<void>; close: () => void }> {
  return new Promise((resolve, reject) => {
    // A connection of its own, held while the stream lasts.
    const req = http.get(url, { headers, agent: false }, (res) => {
      res.setEncoding('utf8');
      res.on('data', onText);
      // A stream closed by us, or cut, ends it: `ended` says so.
      res.on('error', () => {});
      const ended = new Promise<void>((done) => res.once('close', done));
      resolve({
        status: res.statusCode!,
        retryAfterS: retryAfter(res),
        ended,
        close: () => req.destroy(),
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      reject(new NoAnswer(`network ${error.code ?? error.name}`)),
    );
  });
}

function retryAfter(res: http.IncomingMessage) {
  const seconds = Number(res.headers['retry-after']);
  return seconds > 0 ? seconds : 0;
}
