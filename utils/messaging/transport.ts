/**
 * How the protocol's messages travel (`protocol.ts`). Nothing else calls
 * `runtime.sendMessage`, `tabs.sendMessage` or `runtime.onMessage` directly.
 *
 * - requests to the background (content script, popup, options): `sendToBackground`;
 * - requests to one tab's content script (background): `sendToTab`;
 * - change events from the background to every X tab and open extension page: `broadcast`.
 *
 * A handler that throws makes the caller's promise reject with a `TanggapError` carrying the
 * same code and message.
 */
import { browser, type Browser } from 'wxt/browser';
import { TanggapError, type ErrorCode, type ErrorData } from '../domain/errors';
import { X_MATCHES } from '../domain/x-urls';
import type {
  BackgroundProtocol,
  BroadcastEvents,
  ContentProtocol,
  Handlers,
  Name,
  Protocol,
  Req,
  Res,
} from './protocol';

interface RequestEnvelope {
  tanggap: 'request';
  name: string;
  data: unknown;
}
interface EventEnvelope {
  tanggap: 'event';
  name: string;
  data: unknown;
}
type Reply =
  { ok: true; value: unknown } | { ok: false; code: ErrorCode; message: string; data?: ErrorData };

function isEnvelope(message: unknown, kind: 'request' | 'event'): message is RequestEnvelope {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { tanggap?: unknown }).tanggap === kind &&
    typeof (message as { name?: unknown }).name === 'string'
  );
}

function unwrap(reply: unknown, name: string): unknown {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) {
    throw new TanggapError('internal', `No answer to "${name}"`);
  }
  const r = reply as Reply;
  if (r.ok) return r.value;
  throw new TanggapError(r.code, r.message, r.data ? { data: r.data } : undefined);
}

export async function sendToBackground<N extends Name<BackgroundProtocol>>(
  name: N,
  data: Req<BackgroundProtocol, N>,
): Promise<Res<BackgroundProtocol, N>> {
  const envelope: RequestEnvelope = { tanggap: 'request', name, data };
  const reply: unknown = await browser.runtime.sendMessage(envelope);
  return unwrap(reply, name) as Res<BackgroundProtocol, N>;
}

export async function sendToTab<N extends Name<ContentProtocol>>(
  tabId: number,
  frameId: number | undefined,
  name: N,
  data: Req<ContentProtocol, N>,
): Promise<Res<ContentProtocol, N>> {
  const envelope: RequestEnvelope = { tanggap: 'request', name, data };
  const reply: unknown = await browser.tabs.sendMessage(
    tabId,
    envelope,
    frameId === undefined ? undefined : { frameId },
  );
  return unwrap(reply, name) as Res<ContentProtocol, N>;
}

/** Runs a handler and turns its result or error into a reply envelope. */
export async function runHandler<P extends Protocol>(
  handlers: Handlers<P>,
  message: unknown,
  sender: Browser.runtime.MessageSender,
): Promise<Reply | undefined> {
  if (!isEnvelope(message, 'request')) return undefined;
  const handler = (handlers as Record<string, Handlers<P>[Name<P>] | undefined>)[message.name];
  if (!handler) return undefined;
  try {
    const value = await (handler as (req: unknown, s: typeof sender) => unknown)(
      message.data,
      sender,
    );
    return { ok: true, value: value ?? null };
  } catch (error) {
    if (error instanceof TanggapError)
      return { ok: false, code: error.code, message: error.message, data: error.data };
    console.error('Tanggap: handler failed', message.name, error);
    return { ok: false, code: 'internal', message: String((error as Error)?.message ?? error) };
  }
}

/** Answers the requests of protocol `P` in this context. Returns a function that stops it. */
export function handleMessages<P extends Protocol>(handlers: Handlers<P>): () => void {
  const listener = (message: unknown, sender: Browser.runtime.MessageSender) => {
    if (!isEnvelope(message, 'request') || !(message.name in handlers)) return undefined;
    return runHandler(handlers, message, sender);
  };
  // The polyfill sends the value of a returned promise as the reply.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  browser.runtime.onMessage.addListener(listener);
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  return () => browser.runtime.onMessage.removeListener(listener);
}

/** Sends a change event to every X tab and every open extension page (popup, options). */
export async function broadcast<N extends keyof BroadcastEvents>(
  name: N,
  data: BroadcastEvents[N],
): Promise<void> {
  const envelope: EventEnvelope = { tanggap: 'event', name, data };
  const tabs = await browser.tabs.query({ url: X_MATCHES });
  await Promise.allSettled([
    // Rejects when no extension page is open: that is fine.
    browser.runtime.sendMessage(envelope),
    ...tabs.map((tab) =>
      tab.id === undefined ? Promise.resolve() : browser.tabs.sendMessage(tab.id, envelope),
    ),
  ]);
}

export function onBroadcast<N extends keyof BroadcastEvents>(
  name: N,
  callback: (data: BroadcastEvents[N]) => void,
): () => void {
  const listener = (message: unknown) => {
    if (isEnvelope(message, 'event') && message.name === name) {
      callback(message.data as BroadcastEvents[N]);
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
