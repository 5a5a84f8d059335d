// The three kinds of token the simulator signs, each an HS256 JWT with KSeF's claims:
//   OperationToken — the `authenticationToken` of one authentication operation (`arn`);
//   ContextToken   — an access token for a context (`cit` type, `civ` value), what the API takes;
//   RefreshToken   — trades for a new access token of the same operation.
// `iss`/`aud` name the simulator, so a token of its own is told from any other bearer; `jti`
// makes every token distinct. `exp` is in whole seconds, rounded up, as JWTs count.
import { randomBytes } from 'node:crypto';
import { decodeJwt, hasValidSignature, signJwt, type JwtClaims } from './jwt';

export const SIMULATOR_TOKEN_ISSUER = 'ksef-api-simulator';

export type SimulatorTokenKind = 'OperationToken' | 'ContextToken' | 'RefreshToken';

export interface SimulatorTokenClaims {
  typ: SimulatorTokenKind;
  /** The authentication operation's reference number. */
  arn: string;
  jti: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
  /** Context type and value: access tokens only. */
  cit?: string;
  civ?: string;
}

export interface MintedToken {
  token: string;
  /** Epoch ms of `exp`. */
  validUntil: number;
  jti: string;
}

/** What a bearer token turned out to be. */
export type ReadToken =
  | { kind: 'foreign' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'valid'; claims: SimulatorTokenClaims; expired: boolean };

/** Permissions a simulator KSeF token carries (`per`, as KSeF lists them in its tokens). */
const PERMISSIONS = JSON.stringify(['InvoiceRead', 'InvoiceWrite']);

export interface SimulatorTokens {
  mint(
    kind: SimulatorTokenKind,
    fields: { arn: string; context?: { type: string; value: string } },
    validityMs: number,
  ): MintedToken;
  read(token: string): ReadToken;
}

export function createSimulatorTokens(now: () => number): SimulatorTokens {
  // Made at every start: tokens of an earlier run are refused, as KSeF refuses foreign ones.
  const secret = randomBytes(32);
  return {
    mint(kind, fields, validityMs) {
      const at = now();
      const exp = Math.ceil((at + validityMs) / 1000);
      const jti = randomBytes(12).toString('base64url');
      const claims: JwtClaims = {
        typ: kind,
        arn: fields.arn,
        ...(fields.context && {
          cit: fields.context.type,
          civ: fields.context.value,
          aum: 'Token',
          per: PERMISSIONS,
        }),
        jti,
        iat: Math.floor(at / 1000),
        exp,
        iss: SIMULATOR_TOKEN_ISSUER,
        aud: SIMULATOR_TOKEN_ISSUER,
      };
      return { token: signJwt(claims, secret), validUntil: exp * 1000, jti };
    },
    read(token) {
      const claims = decodeJwt(token);
      if (claims === null || claims.iss !== SIMULATOR_TOKEN_ISSUER) return { kind: 'foreign' };
      if (!hasValidSignature(token, secret)) {
        return { kind: 'invalid', reason: 'Nieprawidłowy podpis tokena.' };
      }
      const { typ, arn, jti, iat, exp } = claims;
      if (
        (typ !== 'OperationToken' && typ !== 'ContextToken' && typ !== 'RefreshToken') ||
        typeof arn !== 'string' ||
        typeof jti !== 'string' ||
        typeof iat !== 'number' ||
        typeof exp !== 'number'
      ) {
        return { kind: 'invalid', reason: 'Nieprawidłowy token.' };
      }
      const read: SimulatorTokenClaims = { typ, arn, jti, iat, exp };
      if (typeof claims.cit === 'string') read.cit = claims.cit;
      if (typeof claims.civ === 'string') read.civ = claims.civ;
      return { kind: 'valid', claims: read, expired: now() >= exp * 1000 };
    },
  };
}
