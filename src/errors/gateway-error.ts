// Helpers that build the GraphQL errors the gateway raises itself (argument checks, missing
// token, unknown session …). Each one sets `extensions.code` from ErrorCode, so resolvers never
// spell a code by hand and errors/format-error.ts passes these through unchanged.
import { GraphQLError } from 'graphql';
import { ErrorCode } from './error-codes';

type Extensions = Record<string, unknown>;

function gatewayError(code: ErrorCode, message: string, extensions?: Extensions): GraphQLError {
  // `code` goes last so that caller-supplied extensions can never overwrite it.
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/** Invalid arguments, detected before any upstream call. */
export function badUserInput(message: string, extensions?: Extensions): GraphQLError {
  return gatewayError(ErrorCode.BAD_USER_INPUT, message, extensions);
}

/** The operation needs KSeF and came without a usable `Authorization: Bearer` token. */
export function unauthenticated(
  message = 'Authentication required: send "Authorization: Bearer <KSeF access token>".',
): GraphQLError {
  return gatewayError(ErrorCode.UNAUTHENTICATED, message);
}

/** The caller may not do this (KSeF 403); `reasonCode` is KSeF's reason when it gave one. */
export function forbidden(message: string, extensions?: Extensions): GraphQLError {
  return gatewayError(ErrorCode.FORBIDDEN, message, extensions);
}

/** A mutation on something KSeF does not know (e.g. closing an unknown session). */
export function notFound(message: string, extensions?: Extensions): GraphQLError {
  return gatewayError(ErrorCode.NOT_FOUND, message, extensions);
}

/** Too many requests; `retryAfterSeconds` is a whole number of seconds. */
export function rateLimited(
  message: string,
  retryAfterSeconds?: number,
  extensions?: Extensions,
): GraphQLError {
  return gatewayError(ErrorCode.RATE_LIMITED, message, {
    ...extensions,
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds: Math.ceil(retryAfterSeconds) }),
  });
}

/** KSeF could not be reached or failed (5xx, timeout, connection failure). */
export function upstreamUnavailable(message: string, extensions?: Extensions): GraphQLError {
  return gatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, message, extensions);
}

/** KSeF answered with something its contract does not allow. */
export function upstreamContractViolation(message: string, extensions?: Extensions): GraphQLError {
  return gatewayError(ErrorCode.UPSTREAM_CONTRACT_VIOLATION, message, extensions);
}

/** Something unexpected; the formatter masks the message anyway. */
export function internalServerError(message = 'Internal server error'): GraphQLError {
  return gatewayError(ErrorCode.INTERNAL_SERVER_ERROR, message);
}
