/**
 * The login's token, kept in `browser.storage.local`: never in IndexedDB, never in sync
 * storage, so neither a backup nor another computer of the officer's ever holds it.
 */
import type { Browser } from 'wxt/browser';

export const SESSION_KEY = 'tanggapSession';

export interface Session {
  token: string;
  /** ISO 8601. */
  expiresAt: string;
}

export type SessionStorage = Pick<Browser.storage.StorageArea, 'get' | 'set' | 'remove'>;

export async function readSession(storage: SessionStorage): Promise<Session | null> {
  const stored = (await storage.get(SESSION_KEY))[SESSION_KEY] as Partial<Session> | undefined;
  return typeof stored?.token === 'string' && typeof stored.expiresAt === 'string'
    ? { token: stored.token, expiresAt: stored.expiresAt }
    : null;
}

export async function saveSession(storage: SessionStorage, session: Session): Promise<void> {
  await storage.set({ [SESSION_KEY]: session });
}

export async function forgetSession(storage: SessionStorage): Promise<void> {
  await storage.remove(SESSION_KEY);
}
