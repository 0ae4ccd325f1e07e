/**
 * A TCP proxy to a local server that fails like a network: `offline` cuts open connections
 * and refuses new ones; `lose-answers` delivers new requests but never their answers (the
 * server commits, the client waits). Only on 127.0.0.1.
 */
import net from 'node:net';

export type ProxyMode = 'online' | 'offline' | 'lose-answers';

export interface SwitchableProxy {
  url: string;
  setMode(mode: ProxyMode): void;
  close(): Promise<void>;
}

export async function startSwitchableProxy(target: URL): Promise<SwitchableProxy> {
  let mode: ProxyMode = 'online';
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (mode === 'offline') {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    if (mode === 'lose-answers') upstream.resume();
    else upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setMode(next) {
      mode = next;
      if (mode === 'offline') for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
