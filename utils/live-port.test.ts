import { expect, test, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { keepLive } from './live-port';
import { LIVE_PING_MS } from './sync-client';

function fakePort() {
  const dropped: (() => void)[] = [];
  return {
    postMessage: vi.fn(),
    disconnect: vi.fn(),
    onDisconnect: { addListener: (fn: () => void) => dropped.push(fn) },
    drop: () => dropped.forEach((fn) => fn()),
  };
}

test('one port and one interval per page: pings, reopens after a worker restart, stops', () => {
  const ports: ReturnType<typeof fakePort>[] = [];
  const connect = () => {
    ports.push(fakePort());
    return ports.at(-1) as unknown as Browser.runtime.Port;
  };
  let tick: () => void = () => {};
  const timers = {
    setInterval: vi.fn((fn: () => void) => ((tick = fn), 7)),
    clearInterval: vi.fn(),
  };

  const stop = keepLive(timers, connect);
  expect(ports).toHaveLength(1);
  expect(timers.setInterval).toHaveBeenCalledWith(expect.any(Function), LIVE_PING_MS);
  tick();
  expect(ports[0]!.postMessage).toHaveBeenCalledTimes(1);

  ports[0]!.drop();
  tick();
  expect(ports).toHaveLength(2);
  tick();
  expect(ports[1]!.postMessage).toHaveBeenCalledTimes(1);

  stop();
  expect(timers.clearInterval).toHaveBeenCalledWith(7);
  expect(ports[1]!.disconnect).toHaveBeenCalled();
  expect(timers.setInterval).toHaveBeenCalledTimes(1);
});

test('an orphaned page (extension reloaded) does not throw', () => {
  const timers = { setInterval: () => 1, clearInterval: () => {} };
  const stop = keepLive(timers, () => {
    throw new Error('Extension context invalidated.');
  });
  expect(stop).not.toThrow();
});
