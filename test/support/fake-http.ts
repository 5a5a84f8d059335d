// Minimal stand-ins for node:http's request and response, enough for the responders: unit tests
// open no sockets (DESIGN.md §5).
import type {
  IncomingHttpHeaders,
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';

export interface FakeResponse {
  res: ServerResponse;
  /** Settles when the responder calls `end`. */
  done: Promise<{ status: number; headers: OutgoingHttpHeaders; body: Buffer }>;
}

export function fakeRequest(method: string, headers: IncomingHttpHeaders = {}): IncomingMessage {
  return { method, headers } as IncomingMessage;
}

export function fakeResponse(): FakeResponse {
  let status = 0;
  let headers: OutgoingHttpHeaders = {};
  let resolve!: (value: { status: number; headers: OutgoingHttpHeaders; body: Buffer }) => void;
  const done = new Promise<{ status: number; headers: OutgoingHttpHeaders; body: Buffer }>((r) => {
    resolve = r;
  });
  const res = {
    writeHead(code: number, head: OutgoingHttpHeaders = {}) {
      status = code;
      headers = head;
      return res;
    },
    end(chunk?: string | Buffer) {
      resolve({
        status,
        headers,
        body: chunk === undefined ? Buffer.alloc(0) : Buffer.from(chunk),
      });
      return res;
    },
  };
  return { res: res as unknown as ServerResponse, done };
}
