/**
 * What the server tests share: the two backends (PGlite in memory, a throwaway PostgreSQL
 * cluster), each test on a fresh, migrated database, and an HTTP client that speaks as the
 * extension does.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createPost } from '../../tests/factories';
import {
  type PushedMutation,
  type PullResponse,
  type PushResponse,
  pushPageQuery,
} from '../../utils/domain/sync-protocol';
import type { Role } from '../../utils/domain/actor';
import type { Assignment } from '../../utils/domain/types';
import { createTeam, createUser } from '../admin';
import { useTestScryptCost } from '../auth';
import { startServer, type ServerOptions } from '../app';
import { openStore, type Store } from '../store';
import { startPostgres, type TestPostgres } from './postgres';

export const TEST_ORIGIN = 'chrome-extension://tanggap-test';
export const PASSWORD = 'kata-sandi-rahasia';

export interface Backend {
  name: 'PGlite' | 'PostgreSQL';
  /** A fresh, migrated database. */
  newStore(): Promise<Store>;
  /** Another connection to the last database `newStore` made (PostgreSQL only). */
  sameDatabase?(): Promise<Store>;
  /** Runs `fn` after the test (servers, streams), before the databases close. */
  defer(fn: () => Promise<void>): void;
  /** Stops and starts the cluster (PostgreSQL only): `TestPostgres.restart`. */
  restartDatabase?: TestPostgres['restart'];
}

/**
 * Registers the backend's beforeAll/afterAll/afterEach in the calling describe block.
 * `durable`: a PostgreSQL cluster that keeps every acknowledged commit through a crash.
 */
export function useBackend(name: Backend['name'], { durable = false } = {}): Backend {
  const stores: Store[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  // The hooks below start databases: generous bounds, for a machine busy with another run.
  if (name === 'PGlite') {
    let template: Blob | null = null;
    beforeAll(async () => {
      const db = await openStore({});
      template = await (db as Store & { db: { dumpDataDir(): Promise<Blob> } }).db.dumpDataDir();
      await db.close();
    }, 120_000);
    return {
      name,
      defer: (fn) => cleanups.push(fn),
      async newStore() {
        const store = await openStore({ loadDataDir: template! });
        stores.push(store);
        return store;
      },
    };
  }
  let cluster: TestPostgres | null = null;
  let template = '';
  let last = '';
  beforeAll(async () => {
    cluster = await startPostgres({ durable });
    // A migrated template: each test's database is a quick copy of it.
    const url = await cluster.createDatabase();
    await (await openStore({ databaseUrl: url })).close();
    template = new URL(url).pathname.slice(1);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  return {
    name,
    defer: (fn) => cleanups.push(fn),
    restartDatabase: (mode, whileDown) => cluster!.restart(mode, whileDown),
    async newStore() {
      last = await cluster!.createDatabase(template);
      const store = await openStore({ databaseUrl: last });
      stores.push(store);
      return store;
    },
    async sameDatabase() {
      const store = await openStore({ databaseUrl: last });
      stores.push(store);
      return store;
    },
  };
}

useTestScryptCost();
// A line per request would bury a failing test's output; the tests of the logs ask for them.
process.env.TANGGAP_LOG_LEVEL ??= 'warn';

export const BACKENDS: Backend['name'][] = ['PGlite', 'PostgreSQL'];

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** The extension's side of the protocol, over real HTTP. */
export class Client {
  token = '';
  readonly clientId = `c-${randomBytes(8).toString('hex')}`;
  private nextId = 1;
  cursor = 0;

  constructor(
    readonly url: string,
    readonly username: string,
  ) {}

  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const res = await fetch(this.url + path, {
      method,
      headers: {
        Origin: TEST_ORIGIN,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : null) as T,
      headers: res.headers,
    };
  }

  async login(password = PASSWORD): Promise<this> {
    const res = await this.call<{ token: string }>('POST', '/v1/login', {
      username: this.username,
      password,
    });
    if (res.status !== 200) throw new Error(`login ${this.username}: ${JSON.stringify(res.body)}`);
    this.token = res.body.token;
    return this;
  }

  /** A mutation with the next id (made now, unless `at` is given). */
  mutation(
    name: PushedMutation['name'],
    args: unknown,
    at = new Date().toISOString(),
  ): PushedMutation {
    return { id: this.nextId++, name, args, at };
  }

  async push(mutations: PushedMutation[]): Promise<PushResponse> {
    const res = await this.call<PushResponse>('POST', '/v1/push', {
      clientId: this.clientId,
      mutations,
    });
    if (res.status !== 200) throw new Error(`push: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** One pull from the client's cursor, which it then moves. */
  async pull(limit?: number): Promise<PullResponse> {
    const res = await this.call<PullResponse>('POST', '/v1/pull', {
      clientId: this.clientId,
      cursor: this.cursor,
      ...(limit ? { limit } : {}),
    });
    if (res.status !== 200) throw new Error(`pull: ${res.status} ${JSON.stringify(res.body)}`);
    this.cursor = res.body.cursor;
    return res.body;
  }

  /** Everything the team holds, pulled page by page from the start, as a fresh browser would. */
  async pullEverything(limit?: number): Promise<Assignment[]> {
    this.cursor = 0;
    const all: Assignment[] = [];
    let page: PullResponse;
    do {
      page = await this.pull(limit);
      all.push(...page.assignments);
    } while (page.more);
    return all;
  }
}

export interface World {
  url: string;
  store: Store;
  teamId: string;
  /** A logged-in client of a new user of the team. */
  officer(role: Role, departmentId?: string): Promise<Client>;
  close(): Promise<void>;
}

let userCounter = 0;

export async function newWorld(
  backend: Backend,
  opts: Partial<ServerOptions> = {},
  store?: Store,
): Promise<World> {
  const db = store ?? (await backend.newStore());
  const team = await createTeam(db, { name: 'Kota Contoh' });
  const server = await startServer({ store: db, port: 0, ...opts });
  backend.defer(() => server.close());
  return {
    url: server.url,
    store: db,
    teamId: team.id,
    async officer(role, departmentId) {
      userCounter += 1;
      const username = `${role}${userCounter}`;
      await createUser(db, {
        teamId: team.id,
        username,
        password: PASSWORD,
        role,
        ...(departmentId ? { departmentId } : {}),
      });
      return new Client(server.url, username).login();
    },
    close: () => server.close(),
  };
}

/** A push asking for the page from the client's cursor (and `limit`), as the extension sends it. */
export async function pushWithPage(client: Client, mutations: PushedMutation[], limit?: number) {
  const res = await client.call<PushResponse & { page?: PullResponse }>(
    'POST',
    `/v1/push${pushPageQuery({ cursor: client.cursor, limit })}`,
    { clientId: client.clientId, mutations },
  );
  if (res.status !== 200) throw new Error(`push: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Arguments of an assignPost for a fresh post. */
export function assignArgs(departmentId: string, post = createPost()) {
  return { post, departmentId };
}

export interface SseEvent {
  event: string;
  data: unknown;
}

/**
 * An open `/v1/events` stream: `next()` waits for the next event (or fails after `ms`, by
 * default a bound generous enough for a loaded machine).
 */
export async function openEvents(url: string, token: string) {
  const abort = new AbortController();
  const res = await fetch(`${url}/v1/events`, {
    headers: { Origin: TEST_ORIGIN, Authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`events: ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const queue: SseEvent[] = [];
  const comments: string[] = [];
  async function fill(deadline: number): Promise<void> {
    while (queue.length === 0) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error('no event in time')),
            Math.max(0, deadline - Date.now()),
          ),
        ),
      ]);
      if (chunk.done) throw new Error('the stream ended');
      buffer += chunk.value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(':')) comments.push(block.slice(1).trim());
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data !== undefined) queue.push({ event, data: JSON.parse(data) });
      }
    }
  }
  return {
    comments,
    async next(ms = 10_000): Promise<SseEvent> {
      await fill(Date.now() + ms);
      return queue.shift()!;
    },
    close() {
      abort.abort();
    },
  };
}
