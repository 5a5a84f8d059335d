// A plain reverse proxy on its own loopback port that forwards every request to a target origin,
// the way a company's egress proxy sits between the gateway and KSeF (KSEF_API_URL points at it).
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ForwardingProxy extends AsyncDisposable {
  /** e.g. `http://127.0.0.1:4321` */
  origin: string;
  stop(): Promise<void>;
}

export async function startForwardingProxy(targetOrigin: string): Promise<ForwardingProxy> {
  const target = new URL(targetOrigin);
  const server = createServer((incoming, outgoing) => {
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { origin: `http://127.0.0.1:${port}`, stop, [Symbol.asyncDispose]: stop };
}
