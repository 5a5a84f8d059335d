// A tiny real HTTP server on port 0 standing in for KSeF (or for a storage host), scripted per
// test. It records what arrived so tests assert on the wire: method, path, query, headers.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query as received, e.g. `/v2/sessions?sessionType=Online`. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type FakeReply =
  | { status: number; headers?: Record<string, string>; body?: string | Buffer | object }
  | 'hang' // never answer
  | 'reset'; // destroy the socket without an answer

export type FakeHandler = (request: RecordedRequest) => FakeReply;

export interface FakeUpstream {
  /** Base URL ending in `/v2`. */
  url: string;
  origin: string;
  requests: RecordedRequest[];
  connections: () => number;
  reply: (handler: FakeHandler) => void;
  stop: () => Promise<void>;
}

export async function startFakeUpstream(
  handler: FakeHandler = () => ({ status: 404 }),
): Promise<FakeUpstream> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const reply = current(recorded);
      if (reply === 'hang') return;
      if (reply === 'reset') {
        req.socket.destroy();
        return;
      }
      const { body } = reply;
      const payload =
        body === undefined
          ? undefined
          : Buffer.isBuffer(body) || typeof body === 'string'
            ? body
            : JSON.stringify(body);
      const contentType =
        body !== undefined && !Buffer.isBuffer(body) && typeof body !== 'string'
          ? { 'content-type': 'application/json' }
          : {};
      res.writeHead(reply.status, { ...contentType, ...reply.headers });
      res.end(payload);
    });
  });
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/v2`,
    origin,
    requests,
    connections: () => connections,
    reply: (next) => {
      current = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function unusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
