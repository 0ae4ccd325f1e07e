/**
 * A page's wish for live team updates: an open port named `tanggap-live` (the background
 * listens to the server while one is open) and a ping every 25 s, since a message resets the
 * MV3 worker's idle timer. One port and one interval per page, whatever how many posts.
 *
 * A browser working alone needs no live updates: the background then answers `LIVE_IDLE`
 * and closes the port, and the page stays quiet (the worker may sleep as before) until a
 * login is broadcast.
 */
import { browser, type Browser } from 'wxt/browser';
import { onBroadcast } from './transport';

export const LIVE_PORT = 'tanggap-live';
/** A page's ping on its live port: a message resets the MV3 worker's idle timer (30 s). */
export const LIVE_PING_MS = 25_000;
/** The background's answer on a live port while this browser works alone: stop pinging. */
export const LIVE_IDLE = 'idle';

export interface LivePortTimers {
  setInterval: (fn: () => void, ms: number) => unknown;
  clearInterval: (id: never) => void;
}

/** Calls `wake` whenever this browser logs in to a team; returns the unsubscribe. */
export type WatchLogin = (wake: () => void) => () => void;

const watchLoginBroadcasts: WatchLogin = (wake) =>
  onBroadcast('syncStatusChanged', ({ status }) => {
    if (status.loggedIn) wake();
  });

/** Keeps a live port open until the returned function is called. */
export function keepLive(
  timers: LivePortTimers = globalThis as unknown as LivePortTimers,
  connect: () => Browser.runtime.Port = () => browser.runtime.connect({ name: LIVE_PORT }),
  watchLogin: WatchLogin = watchLoginBroadcasts,
): () => void {
  let port: Browser.runtime.Port | undefined;
  let idle = false;
  const open = () => {
    try {
      const opened = connect();
      port = opened;
      // A stopped worker drops the port: the next ping opens one to the new worker.
      opened.onDisconnect.addListener(() => {
        if (port === opened) port = undefined;
      });
      opened.onMessage.addListener((message: unknown) => {
        if (message === LIVE_IDLE) idle = true;
      });
    } catch {
      // The extension was reloaded: this page's script is orphaned.
      port = undefined;
    }
  };
  open();
  const id = timers.setInterval(() => {
    if (idle) return;
    if (!port) open();
    else port.postMessage('ping');
  }, LIVE_PING_MS);
  const unwatch = watchLogin(() => {
    if (!idle) return;
    idle = false;
    if (!port) open();
  });
  return () => {
    timers.clearInterval(id as never);
    unwatch();
    port?.disconnect();
    port = undefined;
  };
}
