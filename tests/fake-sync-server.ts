/**
 * A small in-memory stand-in for the team-sync server's HTTP API, for the engine's tests of
 * what a real server cannot be made to do on cue (a lost answer, a time-out): it
 * checks requests with the protocol's own parsers, applies mutations with the shared
 * `applyMutation` in one order, keeps each client's last mutation id (a retried push is
 * applied once), and can be told to fail the way networks and servers do.
 */
import { DEFAULT_DEPARTMENTS } from '../utils/domain/departments';
import { TanggapError } from '../utils/domain/errors';
import {
  applyMutation,
  mentionsNeeded,
  parseMutation,
  targetOf,
  usageNeeded,
} from '../utils/domain/sync-mutations';
import { DEFAULT_TEAM_SETTINGS, type TeamSettings } from '../utils/domain/settings';
import {
  parseLoginRequest,
  parsePullRequest,
  parsePushRequest,
  parseReportRequest,
  type PullResponse,
  type PushResponse,
} from '../utils/domain/sync-protocol';
import { type Actor } from '../utils/domain/actor';
import type { Mention } from '../utils/domain/mentions';
import type { Assignment, Department } from '../utils/domain/types';

export type Fault =
  | 'network'
  | 'timeout'
  | 'server-error'
  | 'garbage'
  | 'malformed'
  | 'expired'
  | 'busy'
  /** 503 storage-full with Retry-After: the server's disk is full. */
  | 'storage-full'
  /** The request is applied, the answer never arrives. */
  | 'lose-answer';

export interface FakeServer {
  fetch: typeof fetch;
  /** Requests seen, by path. */
  requests: { path: string; body: unknown }[];
  fault: Fault | null;
  /** Only requests to this path fail (all when absent). */
  faultPath?: string;
  addUser(actor: Actor, password: string): void;
  /** A change made by another officer, straight on the server. */
  apply(actor: Actor, name: string, args: unknown, at?: string): void;
  assignments: Map<string, Assignment>;
  departments: () => Department[];
  lastMutationId: (clientId: string) => number;
  /** An events stream's answer for `GET /v1/events` (closed at once when absent). */
  events?: () => ReadableStream<Uint8Array>;
  /** What a pull answers instead of the true page (a record a browser cannot take). */
  pullAnswer?: (page: PullResponse) => unknown;
  /** The quarantine reports received (`POST /v1/reports`), as checked. */
  reports: ReturnType<typeof parseReportRequest>[];
  /**
   * A `changed` event's data carrying the page from `from` to the current version, as the
   * server sends it (`pullAnswer` applies to it too).
   */
  changedEvent(from: number): string;
}

function targetOfArgs(args: unknown): string | undefined {
  const a = (args ?? {}) as { tweetId?: string; conversationId?: string; post?: { id?: string } };
  return a.tweetId ?? a.conversationId ?? a.post?.id;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const errorBody = (status: number, code: string, message: string) =>
  json(status, { error: { code, message } });

export function createFakeServer(): FakeServer {
  let version = 0;
  const itemVersion = new Map<string, number>();
  const assignments = new Map<string, Assignment>();
  let departments: Department[] = [...DEFAULT_DEPARTMENTS];
  let directoryVersion = 0;
  /** Posts a refused change named that the server never stored, by version. */
  const removed = new Map<string, number>();
  let settings: TeamSettings = DEFAULT_TEAM_SETTINGS;
  let settingsVersion = 0;
  const mentions = new Map<string, Mention>();
  const mentionVersion = new Map<string, number>();
  const clients = new Map<string, number>();
  const users = new Map<string, { actor: Actor; password: string }>();
  const tokens = new Map<string, Actor>();

  function apply(actor: Actor, name: string, args: unknown, at = new Date().toISOString()) {
    const m = parseMutation(name, args);
    const target = targetOf(m);
    const itemsUsing = new Map(
      usageNeeded(m, departments).map((id) => [
        id,
        [...assignments.values()].filter((a) => a.departmentId === id).length,
      ]),
    );
    const effect = applyMutation(
      {
        assignment: target ? assignments.get(target) : undefined,
        departments,
        settings,
        itemsUsing,
        mentions: new Map(
          mentionsNeeded(m).flatMap((id) => {
            const known = mentions.get(id);
            return known ? [[id, known] as const] : [];
          }),
        ),
      },
      m,
      actor,
      actor.username,
      at,
    );
    version++;
    if (effect.assignment) {
      assignments.set(effect.assignment.tweetId, effect.assignment);
      itemVersion.set(effect.assignment.tweetId, version);
    }
    if (effect.departments) {
      departments = effect.departments;
      directoryVersion = version;
    }
    if (effect.settings) {
      settings = effect.settings;
      settingsVersion = version;
    }
    for (const mention of effect.mentions ?? []) {
      mentions.set(mention.tweetId, mention);
      mentionVersion.set(mention.tweetId, version);
    }
  }

  function push(actor: Actor, body: unknown): PushResponse {
    const req = parsePushRequest(body);
    let last = clients.get(req.clientId) ?? 0;
    const refused: PushResponse['refused'] = [];
    for (const m of req.mutations) {
      if (m.id <= last) continue;
      try {
        apply(actor, m.name, m.args, m.at);
      } catch (error) {
        if (!(error instanceof TanggapError)) throw error;
        refused.push({ id: m.id, code: error.code, message: error.message });
        // The next pull sends the true state of what it targeted (nothing, if never stored).
        version++;
        const target = targetOfArgs(m.args);
        if (target && assignments.has(target)) itemVersion.set(target, version);
        else if (target) removed.set(target, version);
        else directoryVersion = settingsVersion = version;
      }
      last = m.id;
    }
    clients.set(req.clientId, last);
    return { lastMutationId: last, refused };
  }

  function pull(body: unknown): PullResponse {
    const req = parsePullRequest(body);
    const directoryChanged = directoryVersion > req.cursor;
    return {
      cursor: version,
      lastMutationId: clients.get(req.clientId) ?? 0,
      assignments: [...assignments.values()].filter(
        (a) => (itemVersion.get(a.tweetId) ?? 0) > req.cursor,
      ),
      removedAssignmentIds: [...removed].filter(([, v]) => v > req.cursor).map(([id]) => id),
      directory: directoryChanged || req.cursor === 0 ? departments : null,
      settings: settingsVersion > req.cursor ? settings : null,
      mentions: [...mentions.values()].filter(
        (m) => (mentionVersion.get(m.tweetId) ?? 0) > req.cursor,
      ),
      more: false,
      epoch: 'fake-epoch',
      reset: false,
    };
  }

  const server: FakeServer = {
    requests: [],
    reports: [],
    fault: null,
    assignments,
    departments: () => departments,
    lastMutationId: (clientId) => clients.get(clientId) ?? 0,
    addUser(actor, password) {
      users.set(actor.username, { actor, password });
    },
    apply,
    changedEvent(from) {
      const answer = (server.pullAnswer ?? ((page: PullResponse) => page))(
        pull({ clientId: 'f'.repeat(32), cursor: from }),
      );
      const page: Partial<PullResponse> = { ...(answer as PullResponse) };
      delete page.lastMutationId;
      delete page.reset;
      return JSON.stringify({ cursor: version, from, page });
    },
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(String(input));
      const path = url.pathname;
      const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      server.requests.push({ path, body });
      const fault = !server.faultPath || server.faultPath === path ? server.fault : null;
      if (fault === 'network') throw new TypeError('Failed to fetch');
      if (fault === 'timeout') {
        return new Promise((_, reject) => {
          init?.signal?.addEventListener('abort', () =>
            reject(new DOMException('The operation was aborted', 'AbortError')),
          );
        });
      }
      if (fault === 'server-error') return new Response('<h1>Bad gateway</h1>', { status: 502 });
      if (fault === 'busy') return errorBody(429, 'rate-limited', 'Slow down');
      if (fault === 'storage-full') {
        const full = errorBody(503, 'storage-full', 'Disk full');
        full.headers.set('Retry-After', '30');
        return full;
      }
      if (fault === 'garbage') return new Response('<html>proxy login</html>', { status: 200 });
      if (fault === 'malformed') return json(200, { lastMutationId: 'many', cursor: -1 });

      if (path === '/v1/login') {
        const { username, password } = parseLoginRequest(body);
        const user = users.get(username);
        if (!user || user.password !== password) {
          return errorBody(401, 'bad-login', 'Wrong name or password');
        }
        const token = `token-${tokens.size + 1}`;
        tokens.set(token, user.actor);
        return json(200, {
          token,
          expiresAt: '2099-01-01T00:00:00.000Z',
          actor: user.actor,
          team: { id: 'team-1', name: 'Kota Raya' },
        });
      }
      const token = new Headers(init?.headers).get('Authorization')?.replace(/^Bearer /, '');
      const actor = token ? tokens.get(token) : undefined;
      if (!actor || fault === 'expired') {
        return errorBody(401, 'token-expired', 'The session has ended');
      }
      if (path === '/v1/logout') {
        tokens.delete(token!);
        return new Response(null, { status: 204 });
      }
      if (path === '/v1/events') {
        return new Response(server.events?.() ?? '', {
          status: 200,
          headers: { 'Content-Type': 'text/event-stream' },
        });
      }
      if (path === '/v1/reports') {
        server.reports.push(parseReportRequest(body));
        return new Response(null, { status: 204 });
      }
      const answer =
        path === '/v1/push'
          ? push(actor, body)
          : (server.pullAnswer ?? ((page: PullResponse) => page))(pull(body));
      if (fault === 'lose-answer') throw new TypeError('Failed to fetch');
      return json(200, answer);
    }) as typeof fetch,
  };
  return server;
}
