// Minimal shape checks for the 2xx bodies of KSeF's /auth endpoints (see response-shape.ts): the
// fields the login flow reads are there and of the right type, or the answer is a contract
// violation instead of an undefined token handed to a caller.
import { isRecord, isStatusInfo } from './response-shape';
import type {
  AuthenticationChallengeResponseDto,
  AuthenticationInitResponseDto,
  AuthenticationOperationStatusResponseDto,
  AuthenticationTokenRefreshResponseDto,
  AuthenticationTokensResponseDto,
  TokenInfoDto,
} from './wire/auth.dto';

const isString = (value: unknown): value is string => typeof value === 'string';

const isTokenInfo = (value: unknown): value is TokenInfoDto =>
  isRecord(value) && isString(value.token) && value.token !== '' && isString(value.validUntil);

export const isChallengeResponse = (value: unknown): value is AuthenticationChallengeResponseDto =>
  isRecord(value) &&
  isString(value.challenge) &&
  isString(value.timestamp) &&
  typeof value.timestampMs === 'number' &&
  Number.isSafeInteger(value.timestampMs);

export const isAuthenticationInitResponse = (
  value: unknown,
): value is AuthenticationInitResponseDto =>
  isRecord(value) && isString(value.referenceNumber) && isTokenInfo(value.authenticationToken);

export const isAuthenticationStatusResponse = (
  value: unknown,
): value is AuthenticationOperationStatusResponseDto =>
  isRecord(value) && isStatusInfo(value.status);

export const isAuthenticationTokensResponse = (
  value: unknown,
): value is AuthenticationTokensResponseDto =>
  isRecord(value) && isTokenInfo(value.accessToken) && isTokenInfo(value.refreshToken);

export const isTokenRefreshResponse = (
  value: unknown,
): value is AuthenticationTokenRefreshResponseDto =>
  isRecord(value) && isTokenInfo(value.accessToken);
