import type { BackgroundProtocol, Req, Res } from '../utils/messaging/protocol';

/** How a real-browser test talks to the extension's background, as the popup would. */
export interface BackgroundClient {
  /** Sends a request; resolves with the raw reply. */
  send<N extends keyof BackgroundProtocol>(
    name: N,
    data: Req<BackgroundProtocol, N>,
  ): Promise<
    { ok: true; value: Res<BackgroundProtocol, N> } | { ok: false; code: string; message: string }
  >;
  /** The background's answer, or a thrown error. */
  ask<N extends keyof BackgroundProtocol>(
    name: N,
    data: Req<BackgroundProtocol, N>,
  ): Promise<Res<BackgroundProtocol, N>>;
}
