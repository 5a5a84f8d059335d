// The one place that decides what a client sees for an error (DESIGN.md §4). Lower layers throw
// a KsefError or one of the gateway-error helpers; everything travels up unchanged and is turned
// into an API.md error code here. Anything we did not expect is masked: its message may carry
// internals (upstream URLs, stack details), and in the worst case a header or token.
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import { isKsefError } from '../ksef/ksef-error';
import type { KsefError, KsefErrorKind } from '../ksef/ksef-error';
import { ErrorCode, isErrorCode } from './error-codes';

export interface ErrorFormatterOptions {
  /** Include `extensions.stacktrace` (development only). */
  exposeStack: boolean;
}

export type ErrorFormatter = (
  formatted: GraphQLFormattedError,
  error: unknown,
) => GraphQLFormattedError;

export const MASKED_MESSAGE = 'Internal server error';

// Errors Apollo Server raises itself before execution (parse, validation, persisted queries,
// malformed HTTP requests). Their messages are written for the client, so they pass through.
// BAD_USER_INPUT (variable coercion, type-graphql argument validation) is one of our own codes.
const apolloPassThroughCodes: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

// graphql-js's own wording for a variable it could not coerce; used only when such an error
// arrives without Apollo's BAD_USER_INPUT code, so that it still ends as BAD_USER_INPUT.
const variableCoercionMessage =
  /^Variable "\$[^"]+" (got invalid value|of required type|of non-null type)/;

// Callers are told what KSeF did, never where the gateway's KSeF is (its address is deployment
// detail, and in front of a proxy an internal one). KSeF errors are written without URLs; one that
// still carries one (a transport message quoting the address) has it replaced here.
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s)'"<>,;]+/gi;

/** `message` with every absolute URL in it replaced by "KSeF". */
export function withoutUrls(message: string): string {
  return message.replace(URL_IN_TEXT, 'KSeF');
}

/** The KSeF error kind → client-facing code. Exhaustive: a new kind fails to compile here. */
export function codeForKsefErrorKind(kind: KsefErrorKind): ErrorCode {
  switch (kind) {
    case 'bad-request':
      return ErrorCode.BAD_USER_INPUT;
    case 'unauthenticated':
      return ErrorCode.UNAUTHENTICATED;
    case 'forbidden':
      return ErrorCode.FORBIDDEN;
    case 'not-found':
      return ErrorCode.NOT_FOUND;
    case 'rate-limited':
      return ErrorCode.RATE_LIMITED;
    case 'unavailable':
      return ErrorCode.UPSTREAM_UNAVAILABLE;
    case 'contract-violation':
      return ErrorCode.UPSTREAM_CONTRACT_VIOLATION;
  }
}

// When KSeF answers 429 without Retry-After the wait is unknown; API.md promises the field, so
// the smallest honest hint is one second.
const DEFAULT_RETRY_AFTER_SECONDS = 1;

function ksefExtensions(error: KsefError): Record<string, unknown> {
  const code = codeForKsefErrorKind(error.kind);
  const upstream = error.toUpstreamExtension();
  const extensions: Record<string, unknown> = { code };
  if (code === ErrorCode.FORBIDDEN && error.reasonCode !== undefined) {
    extensions.reasonCode = error.reasonCode;
  }
  if (code === ErrorCode.RATE_LIMITED) {
    const seconds = error.retryAfterSeconds;
    extensions.retryAfterSeconds =
      seconds !== undefined && Number.isFinite(seconds)
        ? Math.max(0, Math.ceil(seconds))
        : DEFAULT_RETRY_AFTER_SECONDS;
  }
  if (Object.keys(upstream).length > 0) extensions.upstream = upstream;
  return extensions;
}

/**
 * A KSeF failure as the GraphQL error a client sees, for the paths that send results without
 * Apollo's formatter (the HTTP subscription callback sends each event as it is).
 */
export function toClientError(error: KsefError): GraphQLError {
  return new GraphQLError(withoutUrls(error.message), { extensions: ksefExtensions(error) });
}

/**
 * Resolver errors arrive wrapped (GraphQLError → originalError), sometimes twice (a DataLoader
 * or federation `_entities` re-wrapping); walk down to the error that was actually thrown.
 */
function findOriginal(error: unknown): unknown {
  let current = unwrapResolverError(error);
  for (let depth = 0; depth < 5; depth += 1) {
    if (isKsefError(current)) return current;
    if (current instanceof GraphQLError && current.originalError !== undefined) {
      current = current.originalError;
      continue;
    }
    break;
  }
  return isKsefError(current) ? current : unwrapResolverError(error);
}

function withExtensions(
  formatted: GraphQLFormattedError,
  message: string,
  extensions: Record<string, unknown>,
  stacktrace: unknown,
): GraphQLFormattedError {
  return {
    message,
    ...(formatted.locations !== undefined && { locations: formatted.locations }),
    ...(formatted.path !== undefined && { path: formatted.path }),
    extensions: { ...extensions, ...(stacktrace !== undefined && { stacktrace }) },
  };
}

export function createErrorFormatter(options: ErrorFormatterOptions): ErrorFormatter {
  return (formatted, error) => {
    const stacktrace = options.exposeStack ? formatted.extensions?.stacktrace : undefined;
    const original = findOriginal(error);

    if (isKsefError(original)) {
      const message = withoutUrls(original.message);
      return withExtensions(formatted, message, ksefExtensions(original), stacktrace);
    }

    const code = formatted.extensions?.code;
    const { stacktrace: _dropped, ...extensions } = formatted.extensions ?? {};

    const passesThrough =
      (isErrorCode(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) ||
      (typeof code === 'string' && apolloPassThroughCodes.has(code));
    if (passesThrough) {
      return withExtensions(formatted, formatted.message, extensions, stacktrace);
    }

    if (formatted.path === undefined && variableCoercionMessage.test(formatted.message)) {
      return withExtensions(
        formatted,
        formatted.message,
        { ...extensions, code: ErrorCode.BAD_USER_INPUT },
        stacktrace,
      );
    }

    return withExtensions(
      formatted,
      MASKED_MESSAGE,
      { code: ErrorCode.INTERNAL_SERVER_ERROR },
      stacktrace,
    );
  };
}
