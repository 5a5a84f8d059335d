// Reads a request body into memory under a limit that may be raised once: when the body grows
// past `limit`, `raise` sees what has arrived (at most `limit` bytes) and answers a larger limit
// for this request, or nothing. The socket is paused meanwhile, so nothing more is buffered
// while it decides. A refused body is drained, not kept, so the 413 can still be written on the
// connection.
import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor() {
    super('request body too large');
    this.name = 'BodyTooLargeError';
  }
}

export interface BodyLimit {
  /** What every request may send. */
  limit: number;
  /** The most any request may send (a declared Content-Length above it is refused unread). */
  ceiling: number;
  /** Asked once, when the body passes `limit`: a raised limit (≤ ceiling), or undefined. */
  raise?: (prefix: Buffer) => Promise<number | undefined>;
}

export function readRequestBody(request: IncomingMessage, policy: BodyLimit): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  const ceiling = policy.raise === undefined ? policy.limit : policy.ceiling;
  if (Number.isFinite(declared) && declared > ceiling) {
    request.resume();
    return Promise.reject(new BodyTooLargeError());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let limit = policy.limit;
    let raised = false;
    let deciding = false;
    let ended = false;
    let refused = false;

    function finish(): void {
      if (!refused) resolve(Buffer.concat(chunks, size));
    }

    function refuse(error: Error = new BodyTooLargeError()): void {
      refused = true;
      chunks.length = 0;
      request.removeListener('data', onData);
      // Keep draining so the answer can be written on this connection.
      request.resume();
      reject(error);
    }

    function onData(chunk: Buffer): void {
      if (size + chunk.length <= limit) {
        size += chunk.length;
        chunks.push(chunk);
        return;
      }
      if (policy.raise === undefined || raised) {
        refuse();
        return;
      }
      raised = true;
      deciding = true;
      request.pause();
      policy.raise(Buffer.concat(chunks, size)).then(
        (raisedLimit) => {
          deciding = false;
          if (refused) return;
          if (raisedLimit === undefined || size + chunk.length > raisedLimit) {
            refuse();
            return;
          }
          limit = Math.min(raisedLimit, policy.ceiling);
          size += chunk.length;
          chunks.push(chunk);
          if (ended) finish();
          else request.resume();
        },
        (error: unknown) => {
          deciding = false;
          refuse(error instanceof Error ? error : new Error(String(error)));
        },
      );
    }

    request.on('data', onData);
    request.on('end', () => {
      ended = true;
      if (!deciding) finish();
    });
    request.on('error', (error) => {
      refused = true;
      reject(error);
    });
  });
}
