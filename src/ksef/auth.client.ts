// The KSeF authentication client: one method per /auth endpoint the KSeF-token login uses,
// nothing about GraphQL. None of them takes the caller's access token — there is none yet:
//   POST /auth/challenge, POST /auth/ksef-token   public (no Authorization)
//   GET /auth/{ref}, POST /auth/token/redeem      Bearer <authenticationToken> of the operation
//   POST /auth/token/refresh                      Bearer <refreshToken>
// The bearer-carrying calls go through the resilience layer as a caller of their own (that token),
// so they are rate-limited, budgeted and bounded by the login's deadline like any other call; the
// two public ones carry the request id and abort signal, and their timeout is cut to that
// deadline. Tokens travel only in the Authorization header, which nothing logs.
//
// KSeF answers a refused refresh or redeem token with 400 (21301 "Brak autoryzacji", 21304 "Brak
// uwierzytelnienia", 21308), not 401 (CIRFMF/ksef-api#524); for a caller that is a failed
// authentication, so those become `unauthenticated` here.
import {
  isAuthenticationInitResponse,
  isAuthenticationStatusResponse,
  isAuthenticationTokensResponse,
  isChallengeResponse,
  isTokenRefreshResponse,
} from './auth-response-shape';
import type { KsefCaller } from './caller';
import type { KsefHttp, KsefRequestSpec } from './http';
import { isKsefError, KsefError } from './ksef-error';
import { requestJson } from './request-json';
import type {
  AuthenticationChallengeResponseDto,
  AuthenticationInitResponseDto,
  AuthenticationOperationStatusResponseDto,
  AuthenticationTokenRefreshResponseDto,
  AuthenticationTokensResponseDto,
  InitTokenAuthenticationRequestDto,
} from './wire/auth.dto';
import { KsefExceptionCode } from './wire/exception-codes';

export interface KsefAuthClient {
  /** POST /auth/challenge (200). */
  getChallenge(): Promise<AuthenticationChallengeResponseDto>;
  /** POST /auth/ksef-token (202). Never retried: a write. */
  submitKsefToken(
    request: InitTokenAuthenticationRequestDto,
  ): Promise<AuthenticationInitResponseDto>;
  /** GET /auth/{referenceNumber} with the operation's authentication token. */
  getAuthenticationStatus(
    referenceNumber: string,
    authenticationToken: string,
  ): Promise<AuthenticationOperationStatusResponseDto>;
  /** POST /auth/token/redeem: the access and refresh tokens, once per operation. */
  redeemTokens(authenticationToken: string): Promise<AuthenticationTokensResponseDto>;
  /** POST /auth/token/refresh: a new access token for the refresh token. */
  refreshAccessToken(refreshToken: string): Promise<AuthenticationTokenRefreshResponseDto>;
}

/** Who asks for the login: the GraphQL request's id and signal, and its KSeF deadline. */
export interface KsefAuthRequest {
  requestId?: string;
  signal?: AbortSignal;
  /** Epoch ms by which every call of this login (or refresh) must have ended. */
  deadline: number;
}

const REFUSED_TOKEN_CODES = [
  KsefExceptionCode.NotAuthorized,
  KsefExceptionCode.NotAuthenticated,
  KsefExceptionCode.DeceasedPerson,
];

/** A 400 by which KSeF refuses an authentication or refresh token, as `unauthenticated`. */
function asUnauthenticated(error: unknown, what: string): unknown {
  if (!isKsefError(error) || error.kind !== 'bad-request') return error;
  if (!REFUSED_TOKEN_CODES.some((code) => error.hasCode(code))) return error;
  const first = error.errors[0];
  const why = first
    ? `${first.code} ${first.description}${first.details.length > 0 ? ` ${first.details.join(' ')}` : ''}`
    : 'no reason given';
  return new KsefError({
    kind: 'unauthenticated',
    message: `KSeF refused ${what}: ${why}`,
    ...(error.method !== undefined && { method: error.method }),
    ...(error.path !== undefined && { path: error.path }),
    ...(error.status !== undefined && { status: error.status }),
    errors: error.errors,
    ...(error.traceId !== undefined && { traceId: error.traceId }),
    cause: error,
  });
}

export function createKsefAuthClient(http: KsefHttp, request: KsefAuthRequest): KsefAuthClient {
  // One caller per bearer token: the resilience layer budgets calls per caller object, so a
  // login's polls and its redeem count together.
  const callers = new Map<string, KsefCaller>();
  const callerFor = (token: string): KsefCaller => {
    let caller = callers.get(token);
    if (caller === undefined) {
      caller = {
        token,
        deadline: request.deadline,
        ...(request.requestId !== undefined && { requestId: request.requestId }),
        ...(request.signal !== undefined && { signal: request.signal }),
      };
      callers.set(token, caller);
    }
    return caller;
  };

  /** The parts of a public call that a caller would otherwise bring. */
  function publicCall(): Pick<KsefRequestSpec, 'headers' | 'signal' | 'timeoutMs'> {
    const remaining = request.deadline - Date.now();
    if (remaining <= 0) {
      throw new KsefError({
        kind: 'unavailable',
        message: "The login ran out of the operation's deadline before KSeF answered",
        transport: 'timeout',
      });
    }
    return {
      ...(request.requestId !== undefined && { headers: { 'x-request-id': request.requestId } }),
      ...(request.signal !== undefined && { signal: request.signal }),
      timeoutMs: Math.min(http.timeoutMs, remaining),
    };
  }

  return {
    getChallenge() {
      return requestJson(
        http,
        { method: 'POST', pathTemplate: '/auth/challenge', expectedStatus: [200], ...publicCall() },
        isChallengeResponse,
        'AuthenticationChallengeResponse',
      );
    },

    submitKsefToken(body) {
      return requestJson(
        http,
        {
          method: 'POST',
          pathTemplate: '/auth/ksef-token',
          body,
          expectedStatus: [202],
          ...publicCall(),
        },
        isAuthenticationInitResponse,
        'AuthenticationInitResponse',
      );
    },

    async getAuthenticationStatus(referenceNumber, authenticationToken) {
      try {
        return await requestJson(
          http,
          {
            method: 'GET',
            pathTemplate: '/auth/{referenceNumber}',
            pathParams: { referenceNumber },
            caller: callerFor(authenticationToken),
            expectedStatus: [200],
          },
          isAuthenticationStatusResponse,
          'AuthenticationOperationStatusResponse',
        );
      } catch (error) {
        throw asUnauthenticated(error, 'the authentication operation');
      }
    },

    async redeemTokens(authenticationToken) {
      try {
        return await requestJson(
          http,
          {
            method: 'POST',
            pathTemplate: '/auth/token/redeem',
            caller: callerFor(authenticationToken),
            expectedStatus: [200],
          },
          isAuthenticationTokensResponse,
          'AuthenticationTokensResponse',
        );
      } catch (error) {
        throw asUnauthenticated(error, 'to hand out the tokens');
      }
    },

    async refreshAccessToken(refreshToken) {
      try {
        return await requestJson(
          http,
          {
            method: 'POST',
            pathTemplate: '/auth/token/refresh',
            caller: callerFor(refreshToken),
            expectedStatus: [200],
          },
          isTokenRefreshResponse,
          'AuthenticationTokenRefreshResponse',
        );
      } catch (error) {
        throw asUnauthenticated(error, 'the refresh token');
      }
    },
  };
}
