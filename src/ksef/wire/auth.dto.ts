// Wire types of KSeF's authentication area (`/auth/…`), named after the OpenAPI schemas like the
// sessions DTOs, plus the few facts of the flow that the gateway's client and the simulator must
// agree on: the status codes of an authentication operation, how a KSeF token is put together
// before it is encrypted, and the claims of an access token that name its context.
import type { StatusInfoDto } from './sessions.dto';

/** `AuthenticationContextIdentifierType`. */
export const AUTHENTICATION_CONTEXT_TYPES = ['Nip', 'InternalId', 'NipVatUe', 'PeppolId'] as const;
export type AuthenticationContextIdentifierTypeDto = (typeof AUTHENTICATION_CONTEXT_TYPES)[number];

export interface AuthenticationContextIdentifierDto {
  type: AuthenticationContextIdentifierTypeDto;
  value: string;
}

const NIP = '[1-9]((\\d[1-9])|([1-9]\\d))\\d{7}';
const VAT_UE =
  'ATU\\d{8}|BE[01]{1}\\d{9}|BG\\d{9,10}|CY\\d{8}[A-Z]|CZ\\d{8,10}|DE\\d{9}|DK\\d{8}|EE\\d{9}|EL\\d{9}|' +
  'ES([A-Z]\\d{8}|\\d{8}[A-Z]|[A-Z]\\d{7}[A-Z])|FI\\d{8}|FR[A-Z0-9]{2}\\d{9}|HR\\d{11}|HU\\d{8}|' +
  'IE(\\d{7}[A-Z]{2}|\\d[A-Z0-9+*]\\d{5}[A-Z])|IT\\d{11}|LT(\\d{9}|\\d{12})|LU\\d{8}|LV\\d{11}|MT\\d{8}|' +
  'NL[A-Z0-9+*]{12}|PT\\d{9}|RO\\d{2,10}|SE\\d{12}|SI\\d{8}|SK\\d{10}|XI((\\d{9}|\\d{12})|(GD|HA)\\d{3})';

/**
 * The shape of each kind of context identifier (the spec's `Nip`, `InternalId`, `NipVatUe` and
 * `PeppolId` schemas). The request schema leaves `value` a free string; KSeF checks it on arrival.
 */
export const CONTEXT_IDENTIFIER_PATTERNS: Readonly<
  Record<AuthenticationContextIdentifierTypeDto, RegExp>
> = {
  Nip: new RegExp(`^${NIP}$`),
  InternalId: new RegExp(`^${NIP}-\\d{5}$`),
  NipVatUe: new RegExp(`^${NIP}-(${VAT_UE})$`),
  PeppolId: /^P[A-Z]{2}[0-9]{6}$/,
};

export interface AuthenticationChallengeResponseDto {
  /** 36 characters, e.g. `20250514-CR-226FB7B000-3ACF9BE4C0-10`; valid for 10 minutes. */
  challenge: string;
  timestamp: string;
  /** The challenge's time in Unix milliseconds: what goes after the `|` of the encrypted token. */
  timestampMs: number;
  clientIp: string;
}

export interface AllowedIpsDto {
  ip4Addresses?: string[] | null;
  ip4Ranges?: string[] | null;
  ip4Masks?: string[] | null;
}

export interface AuthorizationPolicyDto {
  allowedIps?: AllowedIpsDto | null;
}

/** Body of POST /auth/ksef-token. */
export interface InitTokenAuthenticationRequestDto {
  challenge: string;
  contextIdentifier: AuthenticationContextIdentifierDto;
  /** Base64 RSA-OAEP (SHA-256) of `ksefTokenPlaintext(token, timestampMs)`. */
  encryptedToken: string;
  /** Base64 (44 characters) id of the `KsefTokenEncryption` key used. */
  publicKeyId?: string | null;
  authorizationPolicy?: AuthorizationPolicyDto | null;
}

export interface TokenInfoDto {
  token: string;
  validUntil: string;
}

/** 202 of POST /auth/ksef-token (and /auth/xades-signature). */
export interface AuthenticationInitResponseDto {
  referenceNumber: string;
  /** The operation's own token: Bearer for GET /auth/{ref} and POST /auth/token/redeem. */
  authenticationToken: TokenInfoDto;
}

export type AuthenticationMethodDto =
  | 'Token'
  | 'TrustedProfile'
  | 'InternalCertificate'
  | 'QualifiedSignature'
  | 'QualifiedSeal'
  | 'PersonalSignature'
  | 'PeppolSignature';

export type AuthenticationMethodCategoryDto = 'XadesSignature' | 'NationalNode' | 'Token' | 'Other';

export interface AuthenticationMethodInfoDto {
  category: AuthenticationMethodCategoryDto;
  code: string;
  displayName: string;
}

/** 200 of GET /auth/{referenceNumber}. */
export interface AuthenticationOperationStatusResponseDto {
  startDate: string;
  /** Deprecated in the spec, still required. */
  authenticationMethod: AuthenticationMethodDto;
  authenticationMethodInfo: AuthenticationMethodInfoDto;
  status: StatusInfoDto;
  isTokenRedeemed?: boolean | null;
  lastTokenRefreshDate?: string | null;
  refreshTokenValidUntil?: string | null;
}

/** 200 of POST /auth/token/redeem. */
export interface AuthenticationTokensResponseDto {
  accessToken: TokenInfoDto;
  refreshToken: TokenInfoDto;
}

/** 200 of POST /auth/token/refresh. */
export interface AuthenticationTokenRefreshResponseDto {
  accessToken: TokenInfoDto;
}

/**
 * `status.code` of an authentication operation (the spec's table on
 * AuthenticationOperationStatusResponse.status): 100 in progress, 200 done, anything else failed.
 */
export const AuthenticationStatusCode = {
  InProgress: 100,
  Succeeded: 200,
  NoPermissions: 415,
  Revoked: 425,
  InvalidToken: 450,
  CertificateError: 460,
  DeceasedPerson: 470,
  Blocked: 480,
  UnknownError: 500,
  CancelledBySystem: 550,
} as const;

/** Longest KSeF token (`GenerateTokenResponse.token`). */
export const KSEF_TOKEN_MAX_LENGTH = 160;

/**
 * What is encrypted for POST /auth/ksef-token: the token and the challenge's timestamp in Unix
 * milliseconds, joined by `|`, as UTF-8 (KSeF docs: uwierzytelnianie.md §2.2).
 */
export function ksefTokenPlaintext(ksefToken: string, timestampMs: number): string {
  return `${ksefToken}|${timestampMs}`;
}

/**
 * The claims of KSeF's access token (an HS256 JWT) that name the caller's context: `cit` the
 * context identifier type (`Nip` …), `civ` its value. The spec's examples spell them out
 * (`context-identifier-type`, `context-identifier-value`); tokens seen on KSeF use the short
 * names. Both are read.
 */
export const CONTEXT_CLAIMS = [
  { type: 'cit', value: 'civ' },
  { type: 'context-identifier-type', value: 'context-identifier-value' },
] as const;
