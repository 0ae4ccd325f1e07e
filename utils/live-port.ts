/**
 * A page's wish for live team updates: an open port named `tanggap-live` (the background
 * listens to the server while one is open) and a ping every 25 s, since a message resets the
 * MV3 worker's idle timer. One port and one interval per page, whatever how many posts.
 */
import { browser, type Browser } from 'wxt/browser';
import { LIVE_PING_MS, LIVE_PORT } from './sync-client';

export interface LivePortTimers {
  setInterval: (fn: () => void, ms: number) => unknown;
  clearInterval: (id: never) => void;
}

/** Keeps a live port open until the returned function is called. */
export function keepLive(
  timers: LivePortTimers = globalThis as unknown as LivePortTimers,
  connect: () => Browser.runtime.Port = () => browser.runtime.connect({ name: LIVE_PORT }),
): () => void {
  let port: Browser.runtime.Port | undefined;
  const open = () => {
    try {
      port = connect();
      // A stopped worker drops the port: the next ping opens one to the new worker.
      port.onDisconnect.addListener(() => (port = undefined));
    } catch {
      // The extension was reloaded: this page's script is orphaned.
      port = undefined;
    }
  };
  open();
  const id = timers.setInterval(() => {
    if (!port) open();
    else port.postMessage('ping');
  }, LIVE_PING_MS);
  return () => {
    timers.clearInterval(id as never);
    port?.disconnect();
    port = undefined;
  };
}
