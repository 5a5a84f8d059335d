// Writers for every kind of answer. Error bodies follow the official schemas: ExceptionResponse by
// default, BadRequestProblemDetails / TooManyRequestsProblemDetails when the caller sent
// `X-Error-Format: problem-details`, and problem+json always for 401/403 (NOTES.md §5).
import { randomBytes } from 'node:crypto';
import type {
  BadRequestProblemDetailsDto,
  ExceptionResponseDto,
  TooManyRequestsProblemDetailsDto,
  TooManyRequestsResponseDto,
  UnauthorizedProblemDetailsDto,
} from '../../ksef/wire/sessions.dto';
import type { ApiError } from './api-error';

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; Buffers and strings as they are. */
  body?: unknown;
}

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): SimResponse {
  return {
    status,
    body,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  };
}

export function noContent(): SimResponse {
  return { status: 204 };
}

export function xml(bytes: Buffer, headers: Record<string, string> = {}): SimResponse {
  return { status: 200, body: bytes, headers: { 'content-type': 'application/xml', ...headers } };
}

function traceId(): string {
  return randomBytes(16).toString('hex');
}

function problem(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    body,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  };
}

/** Turns a thrown ApiError into KSeF's body for this request. */
export function errorResponse(
  error: ApiError,
  instance: string,
  wantsProblemDetails: boolean,
): SimResponse {
  const timestamp = new Date().toISOString();
  switch (error.kind) {
    case 'unauthorized': {
      const body: UnauthorizedProblemDetailsDto = {
        title: 'Unauthorized',
        status: 401,
        detail: error.errors[0]?.description ?? 'Wymagane jest uwierzytelnienie.',
        instance,
        traceId: traceId(),
        timestamp,
      };
      return problem(401, body);
    }
    case 'forbidden':
      return problem(403, {
        title: 'Forbidden',
        status: 403,
        detail: error.errors[0]?.description ?? 'Brak uprawnień.',
        instance,
        reasonCode: 'missing-permissions',
        security: null,
        traceId: traceId(),
        timestamp,
      });
    case 'too-many-requests': {
      const detail = error.errors[0]?.description ?? 'Too Many Requests';
      const headers = { 'retry-after': String(error.retryAfterSeconds ?? 1) };
      if (wantsProblemDetails) {
        const body: TooManyRequestsProblemDetailsDto = {
          title: 'Too Many Requests',
          status: 429,
          instance,
          detail,
          timestamp,
          traceId: traceId(),
        };
        return problem(429, body, headers);
      }
      const body: TooManyRequestsResponseDto = {
        status: { code: 429, description: 'Too Many Requests', details: [detail] },
      };
      return json(429, body, headers);
    }
    case 'not-found':
      return problem(404, {
        title: 'Not Found',
        status: 404,
        detail: error.errors[0]?.description,
        instance,
        timestamp,
      });
    case 'method-not-allowed':
      return problem(405, {
        title: 'Method Not Allowed',
        status: 405,
        detail: error.errors[0]?.description,
        instance,
        timestamp,
      });
    case 'bad-request':
      return inputError(
        { status: 400, title: 'Bad Request', detail: 'Żądanie jest nieprawidłowe.' },
        error,
        instance,
        wantsProblemDetails,
        timestamp,
      );
    case 'payload-too-large':
      return inputError(
        { status: 413, title: 'Payload Too Large', detail: 'Treść żądania jest zbyt duża.' },
        error,
        instance,
        wantsProblemDetails,
        timestamp,
      );
  }
}

/** 400 and 413: ExceptionResponse, or BadRequestProblemDetails' shape when asked for. */
function inputError(
  { status, title, detail }: { status: number; title: string; detail: string },
  error: ApiError,
  instance: string,
  wantsProblemDetails: boolean,
  timestamp: string,
): SimResponse {
  if (wantsProblemDetails) {
    const body: BadRequestProblemDetailsDto = {
      title,
      status,
      instance,
      detail,
      errors: error.errors.map((e) => ({
        code: e.code,
        description: e.description,
        details: e.details ?? null,
      })),
      timestamp,
      traceId: traceId(),
    };
    return problem(status, body);
  }
  const body: ExceptionResponseDto = {
    exception: {
      exceptionDetailList: error.errors.map((e) => ({
        exceptionCode: e.code,
        exceptionDescription: e.description,
        details: e.details ?? null,
      })),
      referenceNumber: null,
      serviceCode: `00-${traceId()}-${randomBytes(8).toString('hex')}-00`,
      serviceCtx: 'srvKSEFSIM',
      serviceName: 'KSeF simulator',
      timestamp,
    },
  };
  return json(status, body);
}
