/**
 * One officer's browser for tests of the sync engine against a real team server: its own
 * IndexedDB with the default directory, the engine and the background's handlers, on the
 * test's clock. Requests reach the server with an extension's Origin, unless the test takes
 * the browser offline or answers a path itself.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBackgroundHandlers } from '../entrypoints/background/handlers';
import { createSyncEngine, type SyncEngine } from '../entrypoints/background/sync/engine';
import type { Store } from '../server/store';
import { DEFAULT_DEPARTMENTS } from '../utils/domain/departments';
import type { Assignment } from '../utils/domain/types';
import type { BackgroundProtocol, Handlers } from '../utils/messaging/protocol';
import { seedDepartments } from '../utils/storage/departments';
import { openTanggapDb, type TanggapDb } from '../utils/storage/schema';
import { memoryStorage } from './memory-storage';

export interface SyncBrowser {
  db: TanggapDb;
  sync: SyncEngine;
  handlers: Handlers<BackgroundProtocol>;
  /** Makes requests fail as if the network were down. */
  offline: boolean;
  /** Answers a path instead of the server, when set. */
  answer?: (path: string) => Response | undefined;
  /**
   * Pushes as to a server older than push pages: the push's query is left out, so its answer
   * carries no page and a pull follows, as before.
   */
  pushWithoutPage: boolean;
}

let opened = 0;

export async function openSyncBrowser(
  now: () => Date,
  { pullLimit }: { pullLimit?: number } = {},
): Promise<SyncBrowser> {
  const db = await openTanggapDb(`sync-browser-${++opened}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
  const b = { db, offline: false, pushWithoutPage: false } as SyncBrowser;
  b.sync = createSyncEngine({
    db: async () => db,
    fetch: async (input, init) => {
      if (b.offline) throw new TypeError('Failed to fetch');
      const url = new URL(String(input));
      const replaced = b.answer?.(url.pathname);
      if (replaced) return replaced;
      if (b.pushWithoutPage && url.pathname === '/v1/push') url.search = '';
      const headers = new Headers(init?.headers);
      headers.set('Origin', 'chrome-extension://tanggap-test');
      return fetch(url, { ...init, headers });
    },
    now,
    random: () => 0.5,
    storage: memoryStorage(),
    alarms: fakeBrowser.alarms,
    onApplied: () => {},
    setTimer: () => () => {},
    pullLimit,
  });
  b.handlers = createBackgroundHandlers({
    db: async () => db,
    now,
    officer: async () => 'local',
    onChanged: () => {},
    sync: b.sync,
  });
  return b;
}

/** The team's items on the server, by post id (removed ones left out). */
export async function serverItems(store: Store, teamId: string) {
  const rows = await store.query<{ data: Assignment }>(
    'SELECT data FROM assignments WHERE team_id = $1 AND data IS NOT NULL',
    [teamId],
  );
  return Object.fromEntries(rows.map((r) => [r.data.tweetId, r.data]));
}

/** The items a browser holds, by post id. */
export async function browserItems(b: SyncBrowser): Promise<Record<string, Assignment>> {
  return Object.fromEntries((await b.db.getAll('assignments')).map((a) => [a.tweetId, a]));
}
