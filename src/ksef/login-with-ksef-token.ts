// The use case "log in with a KSeF token" (KSeF docs: uwierzytelnianie.md §2.2), the five steps
// every app would otherwise write by hand:
//   1. POST /auth/challenge                     → challenge + timestampMs (valid 10 minutes)
//   2. RSA-OAEP(SHA-256) of `ksefToken|timestampMs` under MF's KsefTokenEncryption certificate
//   3. POST /auth/ksef-token                    → operation reference + authentication token
//   4. GET /auth/{ref} until it leaves 100      (on KSeF's DEMO/PRD this can take a while)
//   5. POST /auth/token/redeem                  → access token (~15 min) + refresh token (~7 days)
// all within one deadline (the operation's): polling waits a little longer each round and stops
// when the next look would come after the deadline. A failed operation (450 wrong token, 415 no
// permissions …) becomes a KsefError naming KSeF's reason; the KSeF token itself never leaves
// this module except encrypted, and no error or log line carries it.
//
// On 400 21470 (KSeF no longer knows the key id: an emergency rotation) the certificate is fetched
// again and the login restarted once with a fresh challenge; the 400 proves nothing was started.
import type { KsefAuthClient } from './auth.client';
import { encryptKsefToken } from './crypto';
import { isKsefError, KsefError } from './ksef-error';
import type { KsefErrorKind } from './ksef-error';
import type { PublicKeyProvider } from './public-key-provider';
import { sleep } from './resilience/deadline';
import { AuthenticationStatusCode } from './wire/auth.dto';
import type {
  AuthenticationContextIdentifierDto,
  AuthenticationInitResponseDto,
  AuthenticationTokensResponseDto,
} from './wire/auth.dto';
import { KsefExceptionCode } from './wire/exception-codes';
import type { StatusInfoDto } from './wire/sessions.dto';

export interface KsefTokenLogin {
  context: AuthenticationContextIdentifierDto;
  /** The KSeF token (a secret). */
  ksefToken: string;
}

/** Waits between status reads: the first one, the growth per round, the longest. */
export interface LoginPolling {
  firstDelayMs: number;
  factor: number;
  maxDelayMs: number;
}

export const DEFAULT_LOGIN_POLLING: Readonly<LoginPolling> = {
  firstDelayMs: 100,
  factor: 1.5,
  maxDelayMs: 1_000,
};

export interface LoginDeps {
  auth: KsefAuthClient;
  /** The `KsefTokenEncryption` certificate (cached per gateway). */
  tokenKeys: PublicKeyProvider;
  /** Epoch ms by which the whole login must have ended. */
  deadline: number;
  signal?: AbortSignal;
  polling?: LoginPolling;
  now?: () => number;
  /** Waits between reads (tests pass a fake); default a real timer the signal can abort. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** How each failure code of an authentication operation reaches a caller (the spec's table). */
const FAILURE_KINDS: Readonly<Record<number, KsefErrorKind>> = {
  [AuthenticationStatusCode.NoPermissions]: 'forbidden',
  [AuthenticationStatusCode.Revoked]: 'unauthenticated',
  [AuthenticationStatusCode.InvalidToken]: 'unauthenticated',
  [AuthenticationStatusCode.CertificateError]: 'unauthenticated',
  [AuthenticationStatusCode.DeceasedPerson]: 'forbidden',
  [AuthenticationStatusCode.Blocked]: 'forbidden',
  [AuthenticationStatusCode.UnknownError]: 'unavailable',
  [AuthenticationStatusCode.CancelledBySystem]: 'unavailable',
};

function failedLogin(status: StatusInfoDto): KsefError {
  const details = status.details ?? [];
  const reason =
    details.length > 0 ? `${status.description}: ${details.join('; ')}` : status.description;
  return new KsefError({
    kind: FAILURE_KINDS[status.code] ?? 'unauthenticated',
    message: `KSeF refused the login with the KSeF token (${status.code} ${reason})`,
    method: 'GET',
    path: '/auth/{referenceNumber}',
    errors: [{ code: status.code, description: status.description, details }],
  });
}

function outOfTime(lastCode: number): KsefError {
  return new KsefError({
    kind: 'unavailable',
    message: `KSeF did not finish the authentication within the operation's deadline (still ${lastCode}); try again`,
    method: 'GET',
    path: '/auth/{referenceNumber}',
    transport: 'timeout',
  });
}

async function start(
  deps: LoginDeps,
  login: KsefTokenLogin,
  renewKey: boolean,
): Promise<AuthenticationInitResponseDto> {
  const certificate = renewKey ? await deps.tokenKeys.refresh() : await deps.tokenKeys.current();
  const challenge = await deps.auth.getChallenge();
  return deps.auth.submitKsefToken({
    challenge: challenge.challenge,
    contextIdentifier: login.context,
    encryptedToken: encryptKsefToken(
      login.ksefToken,
      challenge.timestampMs,
      certificate.certificate,
    ),
    publicKeyId: certificate.publicKeyId,
  });
}

export async function loginWithKsefToken(
  deps: LoginDeps,
  login: KsefTokenLogin,
): Promise<AuthenticationTokensResponseDto> {
  const now = deps.now ?? Date.now;
  const polling = deps.polling ?? DEFAULT_LOGIN_POLLING;
  const wait = deps.sleep ?? sleep;

  let operation: AuthenticationInitResponseDto;
  try {
    operation = await start(deps, login, false);
  } catch (error) {
    if (!isKsefError(error) || !error.hasCode(KsefExceptionCode.UnknownPublicKey)) throw error;
    operation = await start(deps, login, true);
  }

  const token = operation.authenticationToken.token;
  let delayMs = polling.firstDelayMs;
  for (;;) {
    const { status } = await deps.auth.getAuthenticationStatus(operation.referenceNumber, token);
    if (status.code === AuthenticationStatusCode.Succeeded) break;
    if (status.code !== AuthenticationStatusCode.InProgress) throw failedLogin(status);
    if (now() + delayMs >= deps.deadline) throw outOfTime(status.code);
    await wait(delayMs, deps.signal);
    delayMs = Math.min(polling.maxDelayMs, Math.round(delayMs * polling.factor));
  }
  return deps.auth.redeemTokens(token);
}
