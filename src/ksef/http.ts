// The single door to KSeF over HTTP: one axios instance with one keep-alive agent pool per
// upstream (DESIGN.md §8), created once per process and shared by the per-request clients.
//
// Every call goes through `request(spec)`, so a resilience layer (retries for GETs, Retry-After,
// per-token rate limiting, a circuit breaker) can wrap exactly one function. The spec names the
// path *template* and its parameters separately, which gives errors, logs and metrics a label
// without the concrete reference number, query string or token.
//
// Status handling is ours, not axios': `validateStatus: () => true`, bodies always arrive as bytes
// and are decoded here, so a non-JSON 200 becomes a contract violation instead of a string
// silently passed on, and error bodies of both KSeF dialects are parsed in one place.
//
// Below axios sits our own adapter (http-adapter.ts): node:http over the pooled agents, one
// deadline timer and the caller's signals as the only abort path, and each answer read against
// its endpoint's size cap (wire/response-size-caps.ts). Headers that do not change between calls
// are built once per upstream.
import http from 'node:http';
import https from 'node:https';
import axios from 'axios';
import type { AxiosInstance, RawAxiosRequestHeaders } from 'axios';
import { createNodeHttpAdapter, KsefWireCall, ResponseTooLargeError } from './http-adapter';
import { contractViolation, KsefError } from './ksef-error';
import { toKsefErrorFromResponse } from './ksef-error-parser';
import { toKsefErrorFromTransport } from './transport-error';
import { PRESIGNED_UPO_SIZE_CAP, responseSizeCapOf } from './wire/response-size-caps';
import type { KsefCaller } from './caller';

export type KsefHttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** `json`: parsed JSON (unknown until checked); `bytes`: the body exactly as received; `none`: 204. */
export type KsefResponseType = 'json' | 'bytes' | 'none';

export type KsefQueryValue = string | number | boolean | readonly string[] | undefined | null;

export interface KsefRequestSpec {
  method: KsefHttpMethod;
  /** Relative to the base URL, e.g. `/sessions/{referenceNumber}`; also the label in errors. */
  pathTemplate: string;
  /** Values for `{name}` placeholders; URL-encoded here. */
  pathParams?: Readonly<Record<string, string>>;
  /** Arrays are sent as repeated parameters (`statuses=A&statuses=B`); undefined/null are left out. */
  query?: Readonly<Record<string, KsefQueryValue>>;
  headers?: Readonly<Record<string, string | undefined>>;
  /** Serialized as JSON. */
  body?: unknown;
  /** Present for KSeF API calls: adds `Authorization`, `x-request-id` and the caller's abort signal. */
  caller?: KsefCaller;
  responseType: KsefResponseType;
  /** 2xx statuses the endpoint documents; any other 2xx is a contract violation. */
  expectedStatus: readonly number[];
  /** Overrides the instance's timeout for this call (a total deadline, not an idle timeout). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Replaces `baseUrl + pathTemplate` (pre-signed storage URLs). The caller must have checked it
   * (see upo-download.ts); `pathTemplate` then only labels errors.
   */
  absoluteUrl?: URL;
}

export interface KsefResponse<T> {
  status: number;
  /** Lower-cased names; multi-valued headers joined with `, `. */
  headers: Readonly<Record<string, string>>;
  data: T;
}

export interface KsefHttp {
  /** The upstream base URL without a trailing slash, e.g. `https://api-test.ksef.mf.gov.pl/v2`. */
  readonly baseUrl: string;
  /** `https://api-test.ksef.mf.gov.pl` — the origin pre-signed URLs are checked against. */
  readonly origin: string;
  /** The per-call deadline a request gets when its spec names none. */
  readonly timeoutMs: number;
  request(spec: KsefRequestSpec & { responseType: 'json' }): Promise<KsefResponse<unknown>>;
  request(spec: KsefRequestSpec & { responseType: 'bytes' }): Promise<KsefResponse<Buffer>>;
  request(spec: KsefRequestSpec & { responseType: 'none' }): Promise<KsefResponse<undefined>>;
  request(spec: KsefRequestSpec): Promise<KsefResponse<unknown>>;
  /** Closes pooled sockets (process shutdown, tests). */
  close(): void;
}

export interface KsefHttpOptions {
  /** Ends in `/v2`. */
  baseUrl: string;
  /** Total deadline per call (KSEF_TIMEOUT_MS; DEFAULT_KSEF_TIMEOUT_MS). */
  timeoutMs: number;
  /** Sockets per upstream host; default 32 (KSeF's per-context limits are ~10/s per group). */
  maxSockets?: number;
  userAgent?: string;
  /**
   * Sends `X-Error-Format: problem-details` (default true): the spec's non-deprecated error format,
   * one entry per error with a trace id. The parser reads the legacy format all the same.
   */
  problemDetails?: boolean;
}

/** The deadline of one KSeF call (KSEF_TIMEOUT_MS). */
export const DEFAULT_KSEF_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_SOCKETS = 32;

const ACCEPT: Readonly<Record<KsefResponseType, string>> = {
  json: 'application/json, application/problem+json;q=0.9',
  bytes: 'application/xml, application/json;q=0.5, application/problem+json;q=0.5',
  none: 'application/json, application/problem+json;q=0.9',
};

export function createKsefHttp(options: KsefHttpOptions): KsefHttp {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const origin = new URL(baseUrl).origin;
  const defaultTimeoutMs = options.timeoutMs;
  const maxSockets = options.maxSockets ?? DEFAULT_MAX_SOCKETS;
  const problemDetails = options.problemDetails ?? true;
  const agentOptions: http.AgentOptions = {
    keepAlive: true,
    // TCP keep-alive probes on idle pooled sockets.
    keepAliveMsecs: 1_000,
    maxSockets,
    // Every socket the pool may open may also wait idle: a smaller number made the agent destroy
    // returned sockets under load and dial new ones (the benchmark saw ~30 reconnects a second).
    // Idle sockets are still bounded by maxSockets and expire on the server's keep-alive timeout.
    maxFreeSockets: maxSockets,
    // LIFO keeps a few sockets warm and lets the rest expire instead of round-robining them all.
    scheduling: 'lifo',
  };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);

  const instance: AxiosInstance = axios.create({
    adapter: createNodeHttpAdapter({ httpAgent, httpsAgent }),
    // We read every status ourselves; axios must not throw on 4xx/5xx.
    validateStatus: () => true,
    // Bytes in, decoded here: exact UPO bytes, and no silent string fallback for bad JSON.
    responseType: 'arraybuffer',
    transformResponse: [],
    // The body is serialized here already; axios' default would parse it again to check it.
    transformRequest: [(data: unknown) => data],
    // KSeF does not redirect; following one would send the bearer token somewhere unchecked.
    // (The adapter follows none; stated for anyone who swaps it.)
    maxRedirects: 0,
    proxy: false,
  });
  keepOnlyOwnDefaults(instance);
  const fixedHeaders = createFixedHeaders(options.userAgent, problemDetails);

  async function request(spec: KsefRequestSpec): Promise<KsefResponse<unknown>> {
    const label = spec.pathTemplate;
    const url = spec.absoluteUrl?.toString() ?? baseUrl + buildPath(spec) + buildQuery(spec.query);
    const headers = buildHeaders(spec, fixedHeaders);
    const maxBodyBytes =
      spec.absoluteUrl === undefined
        ? responseSizeCapOf(spec.method, label)
        : PRESIGNED_UPO_SIZE_CAP;

    let response;
    try {
      response = await instance.request<Buffer>({
        method: spec.method,
        url,
        headers,
        data: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        // A total deadline, and the caller's abort: the adapter's one abort path.
        ksef: new KsefWireCall(
          spec.timeoutMs ?? defaultTimeoutMs,
          maxBodyBytes,
          spec.signal,
          spec.caller?.signal,
        ),
      });
    } catch (error: unknown) {
      if (error instanceof ResponseTooLargeError) {
        throw contractViolation(spec.method, label, error.status, error.message);
      }
      throw transportOrInternal(error, spec.method, label);
    }

    const responseHeaders = flattenHeaders(response.headers);
    const body = toBuffer(response.data);
    if (response.status < 200 || response.status > 299) {
      throw toKsefErrorFromResponse({
        method: spec.method,
        path: label,
        status: response.status,
        headers: responseHeaders,
        body,
      });
    }
    if (!spec.expectedStatus.includes(response.status)) {
      throw contractViolation(
        spec.method,
        label,
        response.status,
        `answered ${response.status}, expected ${spec.expectedStatus.join(' or ')}`,
      );
    }
    return {
      status: response.status,
      headers: responseHeaders,
      data: decodeBody(spec, response.status, body),
    };
  }

  return {
    baseUrl,
    origin,
    timeoutMs: defaultTimeoutMs,
    request: request as KsefHttp['request'],
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/** The axios settings this door sets itself; every other default is removed (see below). */
const OWN_AXIOS_DEFAULTS: ReadonlySet<string> = new Set([
  'adapter',
  'validateStatus',
  'responseType',
  'transformResponse',
  'transformRequest',
  'maxRedirects',
  'proxy',
]);

/**
 * axios merges its defaults into every call's config (`mergeConfig`, deep for `headers` with its
 * per-method buckets) and validates `transitional` each time. The defaults it adds here are for
 * adapters this door does not use (xsrf for browsers, `env` for fetch/xhr, `timeout`, the body
 * limits of the stock http adapter: ours has its own deadline and caps) and headers we set per
 * call anyway (http-adapter.ts adds axios' Accept-Encoding and User-Agent). Without them a call
 * costs ~35 µs of axios instead of ~60 µs (measured with a no-op adapter, 100 000 calls).
 */
function keepOnlyOwnDefaults(instance: AxiosInstance): void {
  const defaults = instance.defaults as unknown as Record<string, unknown>;
  for (const name of Object.keys(defaults)) {
    if (!OWN_AXIOS_DEFAULTS.has(name)) delete defaults[name];
  }
  defaults.headers = {};
}

function transportOrInternal(error: unknown, method: string, path: string): KsefError {
  if (error instanceof KsefError) return error;
  return toKsefErrorFromTransport(error, method, path);
}

function decodeBody(spec: KsefRequestSpec, status: number, body: Buffer): unknown {
  switch (spec.responseType) {
    case 'none':
      return undefined;
    case 'bytes':
      return body;
    case 'json': {
      try {
        return JSON.parse(body.toString('utf8')) as unknown;
      } catch {
        throw contractViolation(
          spec.method,
          spec.pathTemplate,
          status,
          'answered with a body that is not JSON',
        );
      }
    }
  }
}

/** `/sessions/{referenceNumber}` + {referenceNumber: 'a/b'} → `/sessions/a%2Fb`. */
export function buildPath(
  spec: Pick<KsefRequestSpec, 'method' | 'pathTemplate' | 'pathParams'>,
): string {
  return spec.pathTemplate.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = spec.pathParams?.[name];
    if (value === undefined || value === '') {
      // Refused before sending: an empty segment would address a different endpoint.
      throw new KsefError({
        kind: 'bad-request',
        message: `Missing path parameter ${name} for ${spec.method} ${spec.pathTemplate}`,
        method: spec.method,
        path: spec.pathTemplate,
      });
    }
    return encodeURIComponent(value);
  });
}

/** Repeats array parameters (`statuses=InProgress&statuses=Failed`), as KSeF's form/explode style wants. */
export function buildQuery(query: KsefRequestSpec['query']): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly string[]) params.append(name, item);
    } else {
      params.append(name, String(value));
    }
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * The headers every call of one kind carries, built once per upstream: by response type, with or
 * without a JSON body, to the API or to a pre-signed storage URL. Names and order as on the wire.
 */
type FixedHeaders = (
  responseType: KsefResponseType,
  hasBody: boolean,
  api: boolean,
) => Readonly<Record<string, string>>;

function createFixedHeaders(userAgent: string | undefined, problemDetails: boolean): FixedHeaders {
  const table = new Map<string, Readonly<Record<string, string>>>();
  for (const responseType of Object.keys(ACCEPT) as KsefResponseType[]) {
    for (const hasBody of [false, true]) {
      for (const api of [false, true]) {
        const headers: Record<string, string> = { Accept: ACCEPT[responseType] };
        if (userAgent !== undefined) headers['User-Agent'] = userAgent;
        if (hasBody) headers['Content-Type'] = 'application/json';
        // Storage (pre-signed) URLs get nothing of ours: no token, no KSeF-specific headers.
        if (api && problemDetails) headers['X-Error-Format'] = 'problem-details';
        table.set(`${responseType}:${hasBody}:${api}`, Object.freeze(headers));
      }
    }
  }
  return (responseType, hasBody, api) => table.get(`${responseType}:${hasBody}:${api}`)!;
}

function buildHeaders(spec: KsefRequestSpec, fixed: FixedHeaders): RawAxiosRequestHeaders {
  const headers: RawAxiosRequestHeaders = {
    ...fixed(spec.responseType, spec.body !== undefined, spec.absoluteUrl === undefined),
  };
  if (spec.caller !== undefined) {
    headers.Authorization = `Bearer ${spec.caller.token}`;
    if (spec.caller.requestId !== undefined) headers['x-request-id'] = spec.caller.requestId;
  }
  if (spec.headers !== undefined) {
    for (const name of Object.keys(spec.headers)) {
      const value = spec.headers[name];
      if (value !== undefined) headers[name] = value;
    }
  }
  return headers;
}

function flattenHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') out[name.toLowerCase()] = value;
    else if (Array.isArray(value)) out[name.toLowerCase()] = value.map(String).join(', ');
    else if (typeof value === 'number') out[name.toLowerCase()] = String(value);
  }
  return out;
}

function toBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.alloc(0);
}
