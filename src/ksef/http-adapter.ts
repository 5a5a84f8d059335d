// axios' transport for the one door to KSeF (http.ts): a custom axios adapter straight over
// node:http/https and the door's pooled keep-alive agents. axios keeps its API, its config, its
// interceptors and its error types; what changes is the hot path below them. The stock adapter
// builds a stream pipeline per response, re-arms TCP keep-alive on every socket it is handed
// (`setKeepAlive(true, 60 000)`, undone by the agent's own 1 000 ms when the socket is returned:
// two system calls per request), and needs an abort signal combined from the deadline's and the
// callers' (`AbortSignal.any`, an AbortController and a timer per call). Here:
//
//   - one timer per call for its total deadline, and plain listeners on the caller's signals;
//     whichever fires first destroys the request, once;
//   - the body is read against a cap (the endpoint's, from http.ts): a Content-Length over it is
//     refused before any byte is read, a stream is counted as it arrives (after decompression),
//     and the socket of a refused body is destroyed rather than returned to the pool;
//   - the body arrives as one Buffer, decoded nowhere else;
//   - gzip/deflate/br are asked for and undone exactly as axios' own adapter does (same
//     `Accept-Encoding`, same `User-Agent` when none is set), so the wire does not change;
//   - no redirects are followed and no proxy is consulted (KSeF does neither; a redirect would
//     carry the bearer token somewhere unchecked).
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { AxiosError, VERSION } from 'axios';
import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';

/** What one call adds to axios' config (a class, so axios' config merge passes it by reference). */
export class KsefWireCall {
  constructor(
    /** The call's total deadline, from the first byte sent to the last byte received. */
    readonly deadlineMs: number,
    /** The largest body this endpoint's answer may have (after decompression). */
    readonly maxBodyBytes: number,
    /** Aborting either ends the call (the spec's own signal, the caller's operation). */
    readonly signal: AbortSignal | undefined,
    readonly callerSignal: AbortSignal | undefined,
  ) {}
}

/** The per-call deadline passed: mapped to transport `timeout`. */
export class DeadlineExceededError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'DeadlineExceededError';
  }
}

/** The caller abandoned the call: mapped to transport `aborted` (axios' own code and message). */
export class CallCanceledError extends Error {
  readonly code = 'ERR_CANCELED';
  constructor() {
    super('canceled');
    this.name = 'CallCanceledError';
  }
}

/** The answer is larger than its endpoint's cap: http.ts reports it as a contract violation. */
export class ResponseTooLargeError extends Error {
  readonly code = 'ERR_KSEF_RESPONSE_TOO_LARGE';
  constructor(
    readonly status: number,
    readonly maxBodyBytes: number,
    /** Content-Length when the server declared it; undefined when counted while streaming. */
    readonly declaredBytes: number | undefined,
  ) {
    super(
      declaredBytes === undefined
        ? `answered with a body over ${maxBodyBytes} bytes`
        : `announced a body of ${declaredBytes} bytes, over ${maxBodyBytes}`,
    );
    this.name = 'ResponseTooLargeError';
  }
}

export interface NodeHttpAdapterOptions {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}

const ACCEPT_ENCODING = 'gzip, compress, deflate, br';
const USER_AGENT = `axios/${VERSION}`;
// As axios: tolerate a body that ends without the final zlib block.
const ZLIB_OPTIONS: zlib.ZlibOptions = {
  flush: zlib.constants.Z_SYNC_FLUSH,
  finishFlush: zlib.constants.Z_SYNC_FLUSH,
};
const BROTLI_OPTIONS: zlib.BrotliOptions = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

interface Upstream {
  transport: typeof http | typeof https;
  agent: http.Agent;
  hostname: string;
  port: number;
}

/** Origins kept parsed; a few at most (the API and a storage host or two). */
const MAX_CACHED_ORIGINS = 16;

export function createNodeHttpAdapter(options: NodeHttpAdapterOptions): AxiosAdapter {
  const upstreams = new Map<string, Upstream>();

  /** The upstream of `origin` (`scheme://authority`, as cut from the URL), parsed once. */
  function upstreamOf(origin: string): Upstream {
    let upstream = upstreams.get(origin);
    if (upstream !== undefined) return upstream;
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`unsupported protocol ${url.protocol}`);
    }
    const secure = url.protocol === 'https:';
    upstream = {
      transport: secure ? https : http,
      agent: secure ? options.httpsAgent : options.httpAgent,
      // `[::1]` in a URL is `::1` to the socket.
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
    };
    if (upstreams.size < MAX_CACHED_ORIGINS) upstreams.set(origin, upstream);
    return upstream;
  }

  return (config: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
    const given = config.ksef;
    if (!(given instanceof KsefWireCall)) {
      return Promise.reject(new Error('the KSeF adapter needs a KsefWireCall in config.ksef'));
    }
    const call: KsefWireCall = given;
    // http.ts hands over absolute URLs it built (or checked): cut, not parsed, on the hot path.
    const href = config.url ?? '';
    const authority = href.indexOf('://') + 3;
    const pathStart = href.indexOf('/', authority);
    const hashStart = href.indexOf('#');
    const origin = pathStart < 0 ? href : href.slice(0, pathStart);
    const path = pathStart < 0 ? '/' : href.slice(pathStart, hashStart < 0 ? undefined : hashStart);
    let upstream: Upstream;
    try {
      upstream = upstreamOf(origin);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const method = (config.method ?? 'get').toUpperCase();
    const body = requestBody(config.data);
    const headers = outgoingHeaders(config, body);

    if (call.signal?.aborted === true || call.callerSignal?.aborted === true) {
      // Abandoned before it started: nothing is sent.
      return Promise.reject(new CallCanceledError());
    }

    return new Promise<AxiosResponse>((resolve, reject) => {
      let settled = false;
      const req = upstream.transport.request({
        method,
        hostname: upstream.hostname,
        port: upstream.port,
        path,
        headers,
        agent: upstream.agent,
      });
      // First of all: destroying the request (deadline, abort, refused body) emits 'error' on it.
      req.on('error', (error) => finish(error));

      function finish(error: Error | undefined, response?: AxiosResponse): void {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        call.signal?.removeEventListener('abort', onAbort);
        call.callerSignal?.removeEventListener('abort', onAbort);
        if (error !== undefined) {
          // Never back into the pool: the socket may hold the rest of an answer we refused.
          req.destroy();
          reject(error);
        } else {
          resolve(response!);
        }
      }
      function onAbort(): void {
        finish(new CallCanceledError());
      }

      const timer = setTimeout(
        () => finish(new DeadlineExceededError(call.deadlineMs)),
        call.deadlineMs,
      );
      call.signal?.addEventListener('abort', onAbort);
      call.callerSignal?.addEventListener('abort', onAbort);

      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const declared = res.headers['content-length'];
        const declaredBytes = declared === undefined ? undefined : Number(declared);
        if (declaredBytes !== undefined && declaredBytes > call.maxBodyBytes) {
          finish(new ResponseTooLargeError(status, call.maxBodyBytes, declaredBytes));
          return;
        }
        const source = decoded(res, method, status);
        const chunks: Buffer[] = [];
        let received = 0;
        source.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > call.maxBodyBytes) {
            if (source !== res) source.destroy();
            finish(new ResponseTooLargeError(status, call.maxBodyBytes, undefined));
            return;
          }
          chunks.push(chunk);
        });
        source.on('error', (error: Error) => finish(error));
        // The connection closed before the body was complete.
        res.on('aborted', () => finish(connectionReset()));
        source.on('end', () => {
          const data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received);
          const response: AxiosResponse = {
            data,
            status,
            statusText: res.statusMessage ?? '',
            headers: res.headers,
            config,
            request: req,
          };
          if (config.validateStatus && !config.validateStatus(status)) {
            const code = status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST;
            finish(
              new AxiosError(
                `Request failed with status code ${status}`,
                code,
                config,
                req,
                response,
              ),
            );
            return;
          }
          finish(undefined, response);
        });
      });
      req.end(body);
    });
  };
}

function requestBody(data: unknown): Buffer | string | undefined {
  if (data === undefined || data === null) return undefined;
  if (typeof data === 'string' || Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  // http.ts always serializes; anything else would be a programming error upstream of here.
  throw new TypeError('the KSeF adapter sends strings and buffers only');
}

function outgoingHeaders(
  config: InternalAxiosRequestConfig,
  body: Buffer | string | undefined,
): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  let userAgent = false;
  let acceptEncoding = false;
  // AxiosHeaders keeps each header as an own property under the name it was set with.
  const source = config.headers as unknown as Record<string, unknown>;
  for (const name of Object.keys(source)) {
    const value = source[name];
    if (value === undefined || value === null || value === false) continue;
    const lower = name.toLowerCase();
    if (lower === 'content-length') continue;
    if (lower === 'user-agent') userAgent = true;
    if (lower === 'accept-encoding') acceptEncoding = true;
    if (typeof value === 'string') out[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[name] = String(value);
    else if (Array.isArray(value)) out[name] = value.map((item) => `${item as string}`);
  }
  if (!userAgent) out['User-Agent'] = USER_AGENT;
  if (body !== undefined) out['Content-Length'] = Buffer.byteLength(body);
  if (!acceptEncoding) out['Accept-Encoding'] = ACCEPT_ENCODING;
  return out;
}

type BodySource = NodeJS.ReadableStream & { destroy(error?: Error): void };

/** The body as sent, or undone from its content-encoding (the header then removed, as axios does). */
function decoded(res: http.IncomingMessage, method: string, status: number): BodySource {
  const encoding = res.headers['content-encoding'];
  if (encoding === undefined) return res;
  if (method === 'HEAD' || status === 204) {
    delete res.headers['content-encoding'];
    return res;
  }
  let inflate: zlib.Unzip | zlib.BrotliDecompress;
  let zlibHeader = false;
  switch (encoding.toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
    case 'compress':
    case 'x-compress':
      inflate = zlib.createUnzip(ZLIB_OPTIONS);
      break;
    case 'deflate':
      // Some servers send raw deflate without the zlib header that createUnzip wants.
      inflate = zlib.createUnzip(ZLIB_OPTIONS);
      zlibHeader = true;
      break;
    case 'br':
      inflate = zlib.createBrotliDecompress(BROTLI_OPTIONS);
      break;
    default:
      return res;
  }
  delete res.headers['content-encoding'];
  res.on('data', (chunk: Buffer) => {
    if (zlibHeader && chunk.length > 0) {
      zlibHeader = false;
      // 0x78 starts a zlib header; otherwise add the default one, as axios does.
      if (chunk[0] !== 0x78) inflate.write(Buffer.from([0x78, 0x9c]));
    }
    inflate.write(chunk);
  });
  res.on('end', () => inflate.end());
  res.on('error', (error) => inflate.destroy(error));
  return inflate;
}

function connectionReset(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Set by http.ts for every call: deadline, size cap and abort signals (see KsefWireCall). */
    ksef?: KsefWireCall;
  }
}
