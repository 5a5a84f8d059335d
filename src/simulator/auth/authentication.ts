// KSeF's login with a KSeF token, as the simulator runs it (KSeF docs: uwierzytelnianie.md §2.2,
// the spec's /auth operations):
//   challenge (10 min, single-use) → POST /auth/ksef-token with RSA-OAEP(`token|timestampMs`)
//   under the KsefTokenEncryption key → an operation that shows 100, then 200 or a failure code
//   → one redeem of an access and a refresh token → refreshes until the refresh token expires.
// The request is judged when it arrives and the verdict shown after `authenticationDelayMs`,
// so a client has to poll as it has to on KSeF. Wrong tokens fail the operation (450), they are
// not refused at submission: KSeF answers 202 and reports the failure in the status.
//
// It is also where a bearer token of the API routes is told apart: an access token of the
// simulator names a NIP context (two tokens of one NIP share it); an expired, tampered or wrong
// kind of simulator token is refused with 401; any other non-empty token is a context of its own.
import {
  AUTHENTICATION_CONTEXT_TYPES,
  AuthenticationStatusCode,
  CONTEXT_IDENTIFIER_PATTERNS,
  type AuthenticationChallengeResponseDto,
  type AuthenticationContextIdentifierDto,
  type AuthenticationContextIdentifierTypeDto,
  type AuthenticationInitResponseDto,
  type AuthenticationOperationStatusResponseDto,
  type AuthenticationTokenRefreshResponseDto,
  type AuthenticationTokensResponseDto,
} from '../../ksef/wire/auth.dto';
import { KsefExceptionCode } from '../../ksef/wire/exception-codes';
import type { StatusInfoDto } from '../../ksef/wire/sessions.dto';
import type { CertificateSet } from '../crypto/certificates';
import { rsaOaepDecrypt } from '../crypto/session-crypto';
import { badRequest, unauthorized, validationError } from '../server/api-error';
import {
  nipContextIdentity,
  plainBearerIdentity,
  type CallerIdentity,
} from '../state/caller-identity';
import { newReferenceNumber } from '../state/identifiers';
import {
  parseJsonBody,
  requireBase64,
  requireObject,
  requireString,
} from '../validation/request-validation';
import { createAuthOperations, type AuthOperation } from './auth-operations';
import { OPERATION_TOKEN_VALIDITY_MS, type AuthSettings } from './auth-settings';
import { createKsefTokens, type KsefTokens } from './ksef-tokens';
import { createSimulatorTokens, type SimulatorTokenClaims } from './simulator-tokens';

export interface Authentication {
  readonly ksefTokens: KsefTokens;
  challenge(clientIp: string): AuthenticationChallengeResponseDto;
  startWithKsefToken(body: Buffer): AuthenticationInitResponseDto;
  status(bearer: string | null, referenceNumber: string): AuthenticationOperationStatusResponseDto;
  redeem(bearer: string | null): AuthenticationTokensResponseDto;
  refresh(bearer: string | null): AuthenticationTokenRefreshResponseDto;
  /** The context a bearer token of the API routes acts for; 401 for an unusable simulator token. */
  identify(bearer: string): CallerIdentity;
  stats(): { challenges: number; operations: number; ksefTokens: number };
}

const TOKEN_METHOD_INFO = {
  category: 'Token',
  code: 'token.ksef',
  displayName: 'Token KSeF',
} as const;

const FAILED_TOKEN = 'Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu';

function status(code: number, description: string, detail?: string): StatusInfoDto {
  return detail === undefined ? { code, description } : { code, description, details: [detail] };
}

const IN_PROGRESS = status(AuthenticationStatusCode.InProgress, 'Uwierzytelnianie w toku');
const SUCCEEDED = status(
  AuthenticationStatusCode.Succeeded,
  'Uwierzytelnianie zakończone sukcesem',
);

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function requireContextIdentifier(value: unknown): AuthenticationContextIdentifierDto {
  const raw = requireObject(value, 'contextIdentifier');
  const type = requireString(raw.type, 'contextIdentifier.type');
  if (!(AUTHENTICATION_CONTEXT_TYPES as readonly string[]).includes(type)) {
    throw validationError(
      `The value '${type.slice(0, 40)}' is not valid for contextIdentifier.type (${AUTHENTICATION_CONTEXT_TYPES.join(', ')}).`,
    );
  }
  const contextType = type as AuthenticationContextIdentifierTypeDto;
  const identifier = requireString(raw.value, 'contextIdentifier.value');
  if (!CONTEXT_IDENTIFIER_PATTERNS[contextType].test(identifier)) {
    throw validationError(`Nieprawidłowy identyfikator kontekstu typu ${contextType}.`);
  }
  return { type: contextType, value: identifier };
}

function requireOptionalPublicKeyId(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = requireString(value, 'publicKeyId');
  if (text.length !== 44 || !/^[A-Za-z0-9+/]{43}=$/.test(text)) {
    throw validationError('The field publicKeyId must be a string of length 44.');
  }
  return text;
}

export function createAuthentication(
  certificates: CertificateSet,
  settings: AuthSettings,
): Authentication {
  const { now } = settings;
  const operations = createAuthOperations();
  const ksefTokens = createKsefTokens();
  const tokens = createSimulatorTokens(now);

  /** The claims of a simulator token of `kind` that is valid now; 401 for anything else. */
  function claimsOf(
    bearer: string | null,
    kind: SimulatorTokenClaims['typ'],
  ): SimulatorTokenClaims {
    if (bearer === null) throw unauthorized();
    const read = tokens.read(bearer);
    if (read.kind === 'foreign') throw unauthorized('Nieprawidłowy token.');
    if (read.kind === 'invalid') throw unauthorized(read.reason);
    if (read.claims.typ !== kind) throw unauthorized('Nieprawidłowy rodzaj tokena.');
    if (read.expired) throw unauthorized('Token wygasł.');
    return read.claims;
  }

  function notFound(referenceNumber: string): Error {
    return badRequest(
      KsefExceptionCode.NotAuthenticated,
      `Operacja uwierzytelniania o numerze referencyjnym ${referenceNumber.slice(0, 64)} nie została znaleziona.`,
    );
  }

  function operationOf(claims: SimulatorTokenClaims): AuthOperation {
    const operation = operations.operation(claims.arn);
    if (!operation) throw notFound(claims.arn);
    return operation;
  }

  function currentStatus(operation: AuthOperation): StatusInfoDto {
    return now() < operation.decidedAt ? IN_PROGRESS : operation.outcome;
  }

  function tokenRevoked(operation: AuthOperation): boolean {
    const reference = operation.ksefTokenReference;
    return reference !== undefined && ksefTokens.byReference(reference)?.revoked === true;
  }

  /** The verdict on a decrypted `token|timestampMs` for `context` (KSeF's status table). */
  function judge(
    plaintext: Buffer | null,
    timestampMs: number,
    context: AuthenticationContextIdentifierDto,
  ): { outcome: StatusInfoDto; ksefTokenReference?: string } {
    const text = plaintext?.toString('utf8');
    const bar = text?.lastIndexOf('|') ?? -1;
    if (text === undefined || bar < 1) {
      return { outcome: status(450, FAILED_TOKEN, 'Nieprawidłowy token') };
    }
    const known = ksefTokens.find(text.slice(0, bar));
    if (!known) return { outcome: status(450, FAILED_TOKEN, 'Nieprawidłowy token') };
    const ksefTokenReference = known.referenceNumber;
    if (text.slice(bar + 1) !== String(timestampMs)) {
      return {
        outcome: status(450, FAILED_TOKEN, 'Nieprawidłowy czas tokena'),
        ksefTokenReference,
      };
    }
    if (known.revoked) {
      return { outcome: status(450, FAILED_TOKEN, 'Token unieważniony'), ksefTokenReference };
    }
    if (context.type !== 'Nip' || context.value !== known.nip) {
      // The token's owner has no permission in the context asked for.
      return {
        outcome: status(
          AuthenticationStatusCode.NoPermissions,
          'Uwierzytelnianie zakończone niepowodzeniem',
          'Brak przypisanych uprawnień',
        ),
        ksefTokenReference,
      };
    }
    return { outcome: SUCCEEDED, ksefTokenReference };
  }

  function accessTokenFor(operation: AuthOperation) {
    return tokens.mint(
      'ContextToken',
      { arn: operation.referenceNumber, context: operation.context },
      settings.accessTokenValidityMs,
    );
  }

  return {
    ksefTokens,

    challenge(clientIp) {
      const at = now();
      const challenge = newReferenceNumber('CR', new Date(at));
      operations.addChallenge(
        { challenge, timestampMs: at, expiresAt: at + settings.challengeValidityMs },
        at,
      );
      return { challenge, timestamp: iso(at), timestampMs: at, clientIp };
    },

    startWithKsefToken(raw) {
      const body = parseJsonBody(raw);
      const challengeText = requireString(body.challenge, 'challenge');
      const context = requireContextIdentifier(body.contextIdentifier);
      const encryptedToken = requireBase64(body.encryptedToken, 'encryptedToken');
      const publicKeyId = requireOptionalPublicKeyId(body.publicKeyId);
      if (body.authorizationPolicy !== undefined && body.authorizationPolicy !== null) {
        requireObject(body.authorizationPolicy, 'authorizationPolicy');
      }
      const certificate = certificates.ksefToken;
      if (publicKeyId !== null && publicKeyId !== certificate.dto.publicKeyId) {
        throw badRequest(
          KsefExceptionCode.UnknownPublicKey,
          `Klucz o identyfikatorze ${publicKeyId} nie jest wspierany.`,
        );
      }
      const at = now();
      const challenge = operations.takeChallenge(challengeText, at);
      if (!challenge) throw badRequest(KsefExceptionCode.InvalidChallenge);

      const verdict = judge(
        rsaOaepDecrypt(certificate.privateKey, encryptedToken),
        challenge.timestampMs,
        context,
      );
      const referenceNumber = newReferenceNumber('AU', new Date(at));
      operations.addOperation({
        referenceNumber,
        context,
        startedAt: at,
        decidedAt: at + settings.authenticationDelayMs,
        outcome: verdict.outcome,
        ...(verdict.ksefTokenReference !== undefined && {
          ksefTokenReference: verdict.ksefTokenReference,
        }),
        redeemed: false,
      });
      const operationToken = tokens.mint(
        'OperationToken',
        { arn: referenceNumber },
        OPERATION_TOKEN_VALIDITY_MS,
      );
      return {
        referenceNumber,
        authenticationToken: {
          token: operationToken.token,
          validUntil: iso(operationToken.validUntil),
        },
      };
    },

    status(bearer, referenceNumber) {
      const claims = claimsOf(bearer, 'OperationToken');
      // An operation token shows its own operation only; any other is as unknown as a made-up one.
      if (claims.arn !== referenceNumber) throw notFound(referenceNumber);
      const operation = operationOf(claims);
      const current = currentStatus(operation);
      const done = current.code === AuthenticationStatusCode.Succeeded;
      return {
        startDate: iso(operation.startedAt),
        authenticationMethod: 'Token',
        authenticationMethodInfo: TOKEN_METHOD_INFO,
        status: current,
        ...(done && { isTokenRedeemed: operation.redeemed }),
        ...(operation.lastTokenRefresh !== undefined && {
          lastTokenRefreshDate: iso(operation.lastTokenRefresh),
        }),
        ...(operation.refreshTokenValidUntil !== undefined && {
          refreshTokenValidUntil: iso(operation.refreshTokenValidUntil),
        }),
      };
    },

    redeem(bearer) {
      const operation = operationOf(claimsOf(bearer, 'OperationToken'));
      const current = currentStatus(operation);
      if (current.code !== AuthenticationStatusCode.Succeeded) {
        throw badRequest(
          KsefExceptionCode.NotAuthorized,
          `Status uwierzytelniania (${current.code}) nie pozwala na pobranie tokenów.`,
        );
      }
      if (operation.redeemed) {
        throw badRequest(
          KsefExceptionCode.NotAuthorized,
          `Tokeny dla operacji uwierzytelniania ${operation.referenceNumber} zostały już pobrane.`,
        );
      }
      if (tokenRevoked(operation)) {
        throw badRequest(KsefExceptionCode.NotAuthorized, 'Token KSeF został unieważniony.');
      }
      const access = accessTokenFor(operation);
      const refresh = tokens.mint(
        'RefreshToken',
        { arn: operation.referenceNumber },
        settings.refreshTokenValidityMs,
      );
      operation.redeemed = true;
      operation.refreshTokenId = refresh.jti;
      operation.refreshTokenValidUntil = refresh.validUntil;
      return {
        accessToken: { token: access.token, validUntil: iso(access.validUntil) },
        refreshToken: { token: refresh.token, validUntil: iso(refresh.validUntil) },
      };
    },

    refresh(bearer) {
      const claims = claimsOf(bearer, 'RefreshToken');
      const operation = operationOf(claims);
      // Only the refresh token redeemed for the operation is its refresh token.
      if (operation.refreshTokenId !== claims.jti) throw notFound(claims.arn);
      if (tokenRevoked(operation)) {
        throw badRequest(KsefExceptionCode.NotAuthorized, 'Token KSeF został unieważniony.');
      }
      const access = accessTokenFor(operation);
      operation.lastTokenRefresh = now();
      return { accessToken: { token: access.token, validUntil: iso(access.validUntil) } };
    },

    identify(bearer) {
      const read = tokens.read(bearer);
      if (read.kind === 'foreign') return plainBearerIdentity(bearer);
      if (read.kind === 'invalid') throw unauthorized(read.reason);
      const { claims } = read;
      if (claims.typ !== 'ContextToken') {
        throw unauthorized('Nieprawidłowy rodzaj tokena: wymagany jest token dostępowy.');
      }
      if (read.expired) throw unauthorized('Token dostępowy wygasł.');
      if (claims.cit !== 'Nip' || claims.civ === undefined)
        throw unauthorized('Nieprawidłowy token.');
      return nipContextIdentity(claims.civ);
    },

    stats: () => ({ ...operations.stats(), ksefTokens: ksefTokens.size }),
  };
}
