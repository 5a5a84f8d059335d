// HTTP/1.1 by hand over a socket, for what fetch cannot do: send the head of a request (or part of
// its body) and see the server answer while the rest is still unsent.
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything received, interim responses (100 Continue) included. */
  raw: string;
}

export interface RawExchange {
  socket: Socket;
  /** Resolves with the first final (non-1xx) response, complete per its Content-Length. */
  response: Promise<RawResponse>;
  /** Resolves once the server has closed its side. */
  closed: Promise<void>;
  write(data: string | Buffer): void;
}

function parse(raw: Buffer): RawResponse | null {
  let start = 0;
  for (;;) {
    const end = raw.indexOf('\r\n\r\n', start);
    if (end === -1) return null;
    const lines = raw.subarray(start, end).toString('latin1').split('\r\n');
    const status = Number(lines[0]?.split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    if (status >= 100 && status < 200) {
      start = end + 4;
      continue;
    }
    const length = Number(headers['content-length'] ?? 0);
    if (raw.length < end + 4 + length) return null;
    return {
      status,
      headers,
      body: raw.subarray(end + 4, end + 4 + length).toString('utf8'),
      raw: raw.toString('latin1'),
    };
  }
}

/** Opens a connection to `url`'s host and sends `head` (request line and headers, no blank line). */
export function exchange(url: string, head: string): RawExchange {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let received = Buffer.alloc(0);
  let settled = false;
  const response = new Promise<RawResponse>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const parsed = settled ? null : parse(received);
      if (parsed) {
        settled = true;
        resolve(parsed);
      }
    });
    socket.on('close', () => {
      if (!settled) reject(new Error(`closed without a response: ${received.toString('latin1')}`));
    });
  });
  response.catch(() => undefined); // a test that only waits for `closed` need not await it
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => undefined); // a reset after the answer is the server's right
  socket.write(`${head}\r\n\r\n`);
  return { socket, response, closed, write: (data) => socket.write(data) };
}

/** One chunk of a chunked request body. */
export function chunk(data: Buffer | string): Buffer {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
  return Buffer.concat([
    Buffer.from(`${bytes.length.toString(16)}\r\n`),
    bytes,
    Buffer.from('\r\n'),
  ]);
}
