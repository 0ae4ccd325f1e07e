/** `browser.storage.local` for an engine under test: kept in memory, values copied like the real one. */
import type { Browser } from 'wxt/browser';

export function memoryStorage() {
  const data = new Map<string, unknown>();
  return {
    async get(key: string) {
      return data.has(key) ? { [key]: data.get(key) } : {};
    },
    async set(items: Record<string, unknown>) {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    async remove(key: string) {
      data.delete(key);
    },
  } as unknown as Pick<Browser.storage.StorageArea, 'get' | 'set' | 'remove'>;
}
