// The one error type the KSeF layer throws. It reads both KSeF error bodies (the default
// `ExceptionResponse` and `application/problem+json`) into the same safe shape, and it never holds
// the caller's token, request headers or body: only what may be shown to the caller and logged.
// errors/format-error.ts decides the client-facing GraphQL code from `kind`.

export type KsefErrorKind =
  | 'bad-request' // KSeF 400 (or a request the client refused to send)
  | 'unauthenticated' // KSeF 401, or no token
  | 'forbidden' // KSeF 403
  | 'not-found' // KSeF said the session does not exist (400 with 21173)
  | 'rate-limited' // KSeF 429, or the gateway's own limiter could not wait long enough
  | 'unavailable' // KSeF 5xx, timeout, connection failure, open circuit
  | 'contract-violation'; // an answer the contract does not allow (garbage, wrong hash …)

/**
 * What went wrong below HTTP when no response arrived (kind `unavailable`). A later resilience
 * layer decides from it whether a retry is safe: `refused` means the request never left, while
 * `timeout`/`reset` leave a POST's outcome unknown.
 */
export type KsefTransportFailure =
  'timeout' | 'refused' | 'reset' | 'aborted' | 'dns' | 'tls' | 'network';

export interface KsefErrorDetail {
  code: number;
  description: string;
  details: string[];
}

export interface KsefErrorInit {
  kind: KsefErrorKind;
  message: string;
  /** HTTP method and the path *template* (`/sessions/{referenceNumber}`), never query or headers. */
  method?: string;
  path?: string;
  status?: number;
  errors?: KsefErrorDetail[];
  traceId?: string;
  retryAfterSeconds?: number;
  reasonCode?: string;
  transport?: KsefTransportFailure;
  cause?: unknown;
}

export class KsefError extends Error {
  readonly kind: KsefErrorKind;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly status: number | undefined;
  readonly errors: KsefErrorDetail[];
  readonly traceId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly reasonCode: string | undefined;
  readonly transport: KsefTransportFailure | undefined;

  constructor(init: KsefErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'KsefError';
    this.kind = init.kind;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.errors = init.errors ?? [];
    this.traceId = init.traceId;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.reasonCode = init.reasonCode;
    this.transport = init.transport;
  }

  /** True when KSeF listed this exception code (e.g. 21173 "no such session"). */
  hasCode(code: number): boolean {
    return this.errors.some((e) => e.code === code);
  }

  /** What may travel to the caller in `extensions.upstream`. */
  toUpstreamExtension(): Record<string, unknown> {
    return {
      ...(this.status !== undefined && { status: this.status }),
      ...(this.method !== undefined && { method: this.method }),
      ...(this.path !== undefined && { path: this.path }),
      ...(this.errors.length > 0 && { errors: this.errors }),
      ...(this.traceId !== undefined && { traceId: this.traceId }),
      ...(this.reasonCode !== undefined && { reasonCode: this.reasonCode }),
      ...(this.transport !== undefined && { transport: this.transport }),
    };
  }
}

export function isKsefError(error: unknown): error is KsefError {
  return error instanceof KsefError;
}

/** KSeF answered something its contract does not allow (a wrong status, a body of the wrong shape). */
export function contractViolation(
  method: string,
  path: string,
  status: number | undefined,
  what: string,
): KsefError {
  return new KsefError({
    kind: 'contract-violation',
    message: `KSeF ${what} (${method} ${path})`,
    method,
    path,
    ...(status !== undefined && { status }),
  });
}
