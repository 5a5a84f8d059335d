// JSON.parse for request bodies above the usual limit, in a worker thread. Decoding and parsing
// a body at the sendInvoice allowance (~19 MB) takes 50–150 ms of CPU; on the event loop that is
// a stall every other request waits through. In the worker it is not: the main thread only hands
// over the buffer (transferred, not copied) and receives the parsed value by structured clone,
// a copy of its strings (~10 ms for 19 MB). One worker, started on first use and unref'd, so a
// gateway that never sees a large body never pays for it and it never holds the process open.
import { Worker } from 'node:worker_threads';

// Inline, so that it runs the same from dist/ and under ts-jest (no file path to resolve).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, buffer }) => {
  let value;
  try {
    value = JSON.parse(Buffer.from(buffer).toString('utf8'));
  } catch {
    parentPort.postMessage({ id, invalid: true });
    return;
  }
  parentPort.postMessage({ id, value });
});
`;

/** The worker's own heap: a body at the allowance needs ~60 MB to parse. */
const WORKER_HEAP_MB = 256;

interface Reply {
  id: number;
  value?: unknown;
  invalid?: true;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

let worker: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 1;

function failAll(error: Error): void {
  for (const waiting of pending.values()) waiting.reject(error);
  pending.clear();
}

function workerThread(): Worker {
  if (worker !== undefined) return worker;
  const started = new Worker(WORKER_SOURCE, {
    eval: true,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  started.unref();
  started.on('message', (reply: Reply) => {
    const waiting = pending.get(reply.id);
    if (waiting === undefined) return;
    pending.delete(reply.id);
    if (reply.invalid) waiting.reject(new SyntaxError('Request body is not valid JSON.'));
    else waiting.resolve(reply.value);
  });
  // A crashed worker (out of its heap) fails what it had; the next body starts a new one.
  const lost = (error: Error): void => {
    if (worker === started) worker = undefined;
    failAll(error);
  };
  started.on('error', lost);
  started.on('exit', (code) => lost(new Error(`JSON worker exited (${code})`)));
  worker = started;
  return started;
}

/** JSON.parse(body as UTF-8) off the event loop. `body` is transferred: do not use it after. */
export function parseJsonOffThread(body: Buffer): Promise<unknown> {
  const id = nextId++;
  // A Buffer may be a view into a larger ArrayBuffer (Node's pool for small ones, shared with
  // other Buffers): only an ArrayBuffer of its own may be transferred, anything else is copied.
  const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
  const transferred: ArrayBuffer = own ? (body.buffer as ArrayBuffer) : new Uint8Array(body).buffer;
  return new Promise((resolve, reject) => {
    const thread = workerThread();
    // Referenced while a parse is in flight, so that the answer cannot be lost to an exit.
    thread.ref();
    const settled = (): void => {
      if (pending.size === 0) thread.unref();
    };
    pending.set(id, {
      resolve: (value) => {
        resolve(value);
        settled();
      },
      reject: (error) => {
        reject(error);
        settled();
      },
    });
    thread.postMessage({ id, buffer: transferred }, [transferred]);
  });
}
