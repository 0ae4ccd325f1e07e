import { expect, test, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { keepLive, LIVE_IDLE, LIVE_PING_MS } from './live-port';

function fakePort() {
  const dropped: (() => void)[] = [];
  const heard: ((message: unknown) => void)[] = [];
  return {
    postMessage: vi.fn(),
    disconnect: vi.fn(),
    onDisconnect: { addListener: (fn: () => void) => dropped.push(fn) },
    onMessage: { addListener: (fn: (message: unknown) => void) => heard.push(fn) },
    drop: () => dropped.forEach((fn) => fn()),
    answer: (message: unknown) => heard.forEach((fn) => fn(message)),
  };
}

const noLogins = () => () => {};

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

  const stop = keepLive(timers, connect, noLogins);
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
  const stop = keepLive(
    timers,
    () => {
      throw new Error('Extension context invalidated.');
    },
    noLogins,
  );
  expect(stop).not.toThrow();
});

test('working alone, the page goes quiet when the background sends it away, until a login', () => {
  const ports: ReturnType<typeof fakePort>[] = [];
  const connect = () => {
    ports.push(fakePort());
    return ports.at(-1) as unknown as Browser.runtime.Port;
  };
  let tick: () => void = () => {};
  const timers = { setInterval: (fn: () => void) => ((tick = fn), 1), clearInterval: () => {} };
  let loggedIn: () => void = () => {};
  const unwatch = vi.fn();
  const stop = keepLive(timers, connect, (wake) => ((loggedIn = wake), unwatch));

  // The background answers "idle" and closes the port: no pings, no new port.
  ports[0]!.answer(LIVE_IDLE);
  ports[0]!.drop();
  tick();
  tick();
  expect(ports).toHaveLength(1);
  expect(ports[0]!.postMessage).not.toHaveBeenCalled();

  // A login is broadcast: the page connects again and pings.
  loggedIn();
  expect(ports).toHaveLength(2);
  tick();
  expect(ports[1]!.postMessage).toHaveBeenCalledWith('ping');
  stop();
  expect(unwatch).toHaveBeenCalled();
});
