// Request bodies read against a cap, never past it: a declared Content-Length over the cap is
// refused before a byte is read, a chunked body is counted as it arrives and refused the moment
// it crosses the cap. What is refused is not buffered; the caller answers and closes.
import type { IncomingMessage } from 'node:http';

export type BodyRead =
  | { kind: 'complete'; body: Buffer }
  | { kind: 'too-large' }
  /** The client went away before the body was complete. */
  | { kind: 'aborted' };

type Headers = IncomingMessage['headers'];

/** The declared Content-Length, or null when there is none (chunked or no body). */
export function declaredLength(headers: Headers): number | null {
  const raw = headers['content-length'];
  if (raw === undefined) return null;
  const length = Number(raw);
  return Number.isSafeInteger(length) && length >= 0 ? length : null;
}

/** Whether the request carries a body at all (node's parser has vetted the framing headers). */
export function hasBody(headers: Headers): boolean {
  return headers['transfer-encoding'] !== undefined || (declaredLength(headers) ?? 0) > 0;
}

export function readBody(req: IncomingMessage, limitBytes: number): Promise<BodyRead> {
  const declared = declaredLength(req.headers);
  if (declared !== null && declared > limitBytes) return Promise.resolve({ kind: 'too-large' });
  if (req.readableEnded) return Promise.resolve({ kind: 'complete', body: Buffer.alloc(0) });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (result: BodyRead) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
      if (result.kind !== 'complete') req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        chunks.length = 0;
        settle({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle({ kind: 'complete', body: Buffer.concat(chunks, size) });
    const onAbort = () => settle({ kind: 'aborted' });
    const onClose = () => {
      if (!req.complete) settle({ kind: 'aborted' });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
  });
}
