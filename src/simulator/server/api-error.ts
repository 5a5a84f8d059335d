// One error type for everything a route handler refuses. Handlers throw it; responses.ts decides
// the body (ExceptionResponse, BadRequestProblemDetails, TooManyRequests…) from the request's
// `X-Error-Format`, exactly as KSeF does, so no handler ever formats an error body itself.
import { KsefExceptionCode } from '../../ksef/wire/exception-codes';

export interface ApiErrorDetail {
  code: number;
  description: string;
  details?: string[];
}

export type ApiErrorKind =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'too-many-requests'
  | 'not-found'
  | 'method-not-allowed'
  | 'payload-too-large';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    readonly errors: ApiErrorDetail[],
    readonly retryAfterSeconds?: number,
  ) {
    super(errors.map((e) => `${e.code} ${e.description}`).join('; '));
  }
}

/** The Polish descriptions of KSeF's 400 exception codes (spec 400 tables, NOTES.md §5.3). */
const DESCRIPTIONS: Record<number, string> = {
  [KsefExceptionCode.InvalidChallenge]: 'Nieprawidłowe wyzwanie autoryzacyjne.',
  [KsefExceptionCode.NotAuthorized]: 'Brak autoryzacji.',
  [KsefExceptionCode.NotAuthenticated]: 'Brak uwierzytelnienia.',
  [KsefExceptionCode.DeceasedPerson]: 'Próba wykorzystania metod autoryzacyjnych osoby zmarłej.',
  [KsefExceptionCode.SessionInvoiceLimit]: 'Przekroczono dozwoloną liczbę faktur w sesji.',
  [KsefExceptionCode.InvalidPartSize]: 'Nieprawidłowy rozmiar części pakietu.',
  [KsefExceptionCode.TooManyParts]: 'Przekroczono dozwoloną liczbę części pakietu.',
  [KsefExceptionCode.NoSuchSession]: 'Brak sesji o wskazanym numerze referencyjnym.',
  [KsefExceptionCode.UpoNotFound]: 'Nie znaleziono UPO dla podanych kryteriów.',
  [KsefExceptionCode.SessionStatusForbidsOperation]:
    'Status sesji nie pozwala na wykonanie operacji.',
  [KsefExceptionCode.EmptyPackage]: 'Pakiet nie może być pusty.',
  [KsefExceptionCode.InvalidFileSize]: 'Nieprawidłowy rozmiar pliku.',
  [KsefExceptionCode.InvalidFileHash]: 'Nieprawidłowy skrót pliku.',
  [KsefExceptionCode.ValidationError]: 'Błąd walidacji danych wejściowych.',
  [KsefExceptionCode.MalformedContinuationToken]:
    'Przekazany token kontynuacji ma nieprawidłowy format.',
  [KsefExceptionCode.UnknownPublicKey]:
    'Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.',
};

export function badRequest(code: number, ...details: string[]): ApiError {
  return new ApiError('bad-request', 400, [
    {
      code,
      description: DESCRIPTIONS[code] ?? 'Błąd.',
      details: details.length ? details : undefined,
    },
  ]);
}

export function validationError(...details: string[]): ApiError {
  return badRequest(KsefExceptionCode.ValidationError, ...details);
}

export function noSuchSession(referenceNumber: string): ApiError {
  return badRequest(
    KsefExceptionCode.NoSuchSession,
    `Sesja o numerze referencyjnym ${referenceNumber} nie została znaleziona.`,
  );
}

/** 401, always problem+json; `detail` says why (no token, an expired or foreign one). */
export function unauthorized(detail = 'Wymagane jest uwierzytelnienie.'): ApiError {
  return new ApiError('unauthorized', 401, [{ code: 401, description: detail }]);
}

export function tooManyRequests(detail: string, retryAfterSeconds: number): ApiError {
  return new ApiError(
    'too-many-requests',
    429,
    [{ code: 429, description: detail }],
    retryAfterSeconds,
  );
}

/**
 * A body over its route's cap (413). KSeF's spec lists no 413; its front end refuses such bodies
 * before the API sees them. The body keeps KSeF's error shape, with 21405 as for any other input
 * KSeF refuses to take.
 */
export function payloadTooLarge(limitBytes: number): ApiError {
  return new ApiError('payload-too-large', 413, [
    {
      code: KsefExceptionCode.ValidationError,
      description: DESCRIPTIONS[KsefExceptionCode.ValidationError] ?? 'Błąd.',
      details: [`Treść żądania przekracza dozwolony rozmiar ${limitBytes} bajtów.`],
    },
  ]);
}
