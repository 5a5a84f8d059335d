// Turns a non-2xx KSeF answer into a KsefError. Pure: no I/O, no clock unless given, so every
// body shape KSeF is documented to send (the OpenAPI spec: ExceptionResponse and the *ProblemDetails schemas) is unit-tested here, plus the garbage a
// proxy or load balancer may put in front of it (HTML error pages, empty bodies, truncated JSON).
//
// KSeF speaks two error dialects and the gateway must read both, whatever it asked for:
//   - the default `ExceptionResponse` {exception:{exceptionDetailList:[{exceptionCode,…}],serviceCode}}
//     and the legacy 429 `TooManyRequestsResponse` {status:{code,description,details}};
//   - `application/problem+json` (opt-in for 400/429, always for 401/403): {errors:[{code,…}],traceId}.
import { KsefExceptionCode } from './wire/exception-codes';
import { KsefError } from './ksef-error';
import type { KsefErrorDetail, KsefErrorKind } from './ksef-error';

export type KsefErrorBodyFormat =
  'exception-response' | 'problem-details' | 'too-many-requests' | 'empty' | 'unreadable';

export interface ParsedKsefErrorBody {
  format: KsefErrorBodyFormat;
  errors: KsefErrorDetail[];
  traceId?: string;
  /** 403 only: why KSeF refused (`missing-permissions`, `ip-not-allowed`, …). */
  reasonCode?: string;
  /** A human sentence from KSeF (problem `detail`/`title`), when there was one. */
  detail?: string;
}

// An error body is never worth more than this; a multi-megabyte HTML page is cut short.
const MAX_ERROR_BODY_CHARS = 64 * 1024;
const MAX_TEXT_CHARS = 1000;

export function parseKsefErrorBody(body: string | Buffer | undefined): ParsedKsefErrorBody {
  const text = (Buffer.isBuffer(body) ? body.toString('utf8') : (body ?? '')).slice(
    0,
    MAX_ERROR_BODY_CHARS,
  );
  if (text.trim() === '') return { format: 'empty', errors: [] };

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { format: 'unreadable', errors: [] };
  }
  if (!isRecord(json)) return { format: 'unreadable', errors: [] };

  if (isRecord(json.exception)) return fromExceptionResponse(json.exception);
  if (isRecord(json.status) && typeof json.status.code === 'number') {
    return fromLegacyTooManyRequests(json.status);
  }
  if ('title' in json || 'errors' in json || 'detail' in json || 'traceId' in json) {
    return fromProblemDetails(json);
  }
  return { format: 'unreadable', errors: [] };
}

function fromExceptionResponse(exception: Record<string, unknown>): ParsedKsefErrorBody {
  const list = Array.isArray(exception.exceptionDetailList) ? exception.exceptionDetailList : [];
  const errors = list.filter(isRecord).flatMap((item): KsefErrorDetail[] => {
    const code = item.exceptionCode;
    if (typeof code !== 'number') return [];
    return [
      {
        code,
        description: safeText(item.exceptionDescription),
        details: stringList(item.details),
      },
    ];
  });
  return {
    format: 'exception-response',
    errors,
    // KSeF puts the W3C trace id into `serviceCode` in this dialect.
    ...optional('traceId', nonEmptyText(exception.serviceCode)),
  };
}

function fromLegacyTooManyRequests(status: Record<string, unknown>): ParsedKsefErrorBody {
  const details = stringList(status.details);
  return {
    format: 'too-many-requests',
    errors: [{ code: status.code as number, description: safeText(status.description), details }],
    ...optional('detail', details[0]),
  };
}

function fromProblemDetails(problem: Record<string, unknown>): ParsedKsefErrorBody {
  const list = Array.isArray(problem.errors) ? problem.errors : [];
  const errors = list.filter(isRecord).flatMap((item): KsefErrorDetail[] => {
    if (typeof item.code !== 'number') return [];
    return [
      {
        code: item.code,
        description: safeText(item.description),
        details: stringList(item.details),
      },
    ];
  });
  return {
    format: 'problem-details',
    errors,
    ...optional('traceId', nonEmptyText(problem.traceId)),
    ...optional('reasonCode', nonEmptyText(problem.reasonCode)),
    ...optional('detail', nonEmptyText(problem.detail) ?? nonEmptyText(problem.title)),
  };
}

/**
 * `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). Returns whole seconds
 * to wait (never negative), or undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(
  value: string | undefined,
  now: Date = new Date(),
): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // Only something that looks like an HTTP date: Date.parse would accept e.g. "5.5" as a year.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * KSeF writes the block length into its 429 text too ("Spróbuj ponownie po 30 sekundach."); used
 * only when the header is missing, so a proxy that drops headers does not lose the hint.
 */
export function retryAfterFromText(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /po\s+(\d+)\s+sekund/i.exec(text) ?? /after\s+(\d+)\s+second/i.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export interface KsefErrorResponse {
  method: string;
  /** The path template, e.g. `/sessions/{referenceNumber}`: never the concrete path or query. */
  path: string;
  status: number;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string | undefined>>;
  body: string | Buffer | undefined;
  now?: Date;
}

/** The one mapping of KSeF's non-2xx answers to KsefError kinds (DESIGN.md §4, API.md errors). */
export function toKsefErrorFromResponse(response: KsefErrorResponse): KsefError {
  const { method, path, status } = response;
  const parsed = parseKsefErrorBody(response.body);
  const kind = kindOf(status, parsed.errors);
  const retryAfterSeconds =
    status === 429
      ? (parseRetryAfter(response.headers['retry-after'], response.now) ??
        retryAfterFromText(parsed.detail ?? parsed.errors[0]?.details[0]))
      : undefined;
  return new KsefError({
    kind,
    message: messageOf(kind, method, path, status, parsed),
    method,
    path,
    status,
    errors: parsed.errors,
    ...optional('traceId', parsed.traceId),
    ...optional('retryAfterSeconds', retryAfterSeconds),
    ...optional('reasonCode', status === 403 ? parsed.reasonCode : undefined),
  });
}

function kindOf(status: number, errors: readonly KsefErrorDetail[]): KsefErrorKind {
  if (status === 400) {
    // KSeF answers "no such session" with 400 + 21173, not 404.
    return errors.some((e) => e.code === KsefExceptionCode.NoSuchSession)
      ? 'not-found'
      : 'bad-request';
  }
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'unavailable';
  // 404 means a path KSeF does not have (it reports unknown sessions as 400 21173), and 3xx/other
  // 4xx are not in the contract of any sessions endpoint: the gateway and KSeF disagree.
  return 'contract-violation';
}

function messageOf(
  kind: KsefErrorKind,
  method: string,
  path: string,
  status: number,
  parsed: ParsedKsefErrorBody,
): string {
  const call = `${method} ${path}`;
  const first = parsed.errors[0];
  const why = first
    ? `${first.code} ${first.description}`.trim()
    : (parsed.detail ??
      (parsed.format === 'unreadable' ? 'unreadable error body' : 'no error body'));
  switch (kind) {
    case 'bad-request':
      return `KSeF rejected ${call} (400): ${why}`;
    case 'not-found':
      return `KSeF knows no such session (${call}): ${why}`;
    case 'unauthenticated':
      return `KSeF did not accept the access token (${call}, 401): ${why}`;
    case 'forbidden':
      return `KSeF refused ${call} (403${parsed.reasonCode ? ` ${parsed.reasonCode}` : ''}): ${why}`;
    case 'rate-limited':
      return `KSeF rate limit reached for ${call} (429): ${why}`;
    case 'unavailable':
      return `KSeF failed on ${call} (${status}): ${why}`;
    case 'contract-violation':
      return `KSeF answered ${call} with unexpected status ${status}`;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeText(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, MAX_TEXT_CHARS) : '';
}

function nonEmptyText(value: unknown): string | undefined {
  const text = safeText(value);
  return text === '' ? undefined : text;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string').map((v) => v.slice(0, MAX_TEXT_CHARS))
    : [];
}

// With exactOptionalPropertyTypes-style hygiene: leave a key out instead of setting it undefined.
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
