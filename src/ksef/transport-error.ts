// Maps a failure below HTTP (no response at all) to a KsefError of kind `unavailable`. Pure, so it
// is unit-tested with plain objects. The thrown axios error is never kept as `cause`: its `config`
// holds the request headers, i.e. the caller's bearer token. Only its code and message survive.
import { KsefError } from './ksef-error';
import type { KsefTransportFailure } from './ksef-error';

const TRANSPORT_BY_CODE: Readonly<Record<string, KsefTransportFailure>> = {
  ECONNABORTED: 'timeout', // axios' own timeout
  ETIMEDOUT: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
  ERR_CANCELED: 'aborted',
  ABORT_ERR: 'aborted',
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset', // includes "socket hang up"
  EPIPE: 'reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EHOSTUNREACH: 'network',
  ENETUNREACH: 'network',
  ERR_NETWORK: 'network',
};

export interface SafeTransportCause {
  code: string | undefined;
  message: string;
}

export function transportFailureOf(error: unknown): KsefTransportFailure {
  const code = codeOf(error);
  if (code !== undefined) {
    const known = TRANSPORT_BY_CODE[code];
    if (known !== undefined) return known;
    // Node's TLS codes: CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID …
    if (/CERT|TLS|SSL/.test(code)) return 'tls';
  }
  const message = messageOf(error);
  if (/socket hang up/i.test(message)) return 'reset';
  if (/timeout|timed out/i.test(message)) return 'timeout';
  if (/aborted|canceled|cancelled/i.test(message)) return 'aborted';
  return 'network';
}

export function toKsefErrorFromTransport(error: unknown, method: string, path: string): KsefError {
  const transport = transportFailureOf(error);
  const cause: SafeTransportCause = {
    code: codeOf(error),
    message: messageOf(error).slice(0, 300),
  };
  return new KsefError({
    kind: 'unavailable',
    message: `KSeF could not be reached for ${method} ${path} (${DESCRIPTION[transport]})`,
    method,
    path,
    transport,
    cause,
  });
}

const DESCRIPTION: Readonly<Record<KsefTransportFailure, string>> = {
  timeout: 'timed out',
  refused: 'connection refused',
  reset: 'connection reset',
  aborted: 'request aborted',
  dns: 'host name not resolved',
  tls: 'TLS failure',
  network: 'network error',
};

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // axios wraps some failures; the socket error sits in `cause`.
  const cause = (error as { cause?: unknown }).cause;
  return cause !== error ? codeOf(cause) : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown transport failure';
}
