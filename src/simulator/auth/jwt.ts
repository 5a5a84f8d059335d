// HS256 JSON Web Tokens, as KSeF issues its access, refresh and operation tokens: signed with a
// secret only the issuer knows, so nobody else can verify them (the gateway only decodes the
// claims). The simulator makes a fresh secret at every start.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type JwtClaims = Record<string, string | number>;

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** Bearer tokens longer than this are not read as JWTs (KSeF's are well under 2 KB). */
const MAX_JWT_LENGTH = 8 * 1024;

function base64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

function signature(input: string, secret: Buffer): Buffer {
  return createHmac('sha256', secret).update(input).digest();
}

export function signJwt(claims: JwtClaims, secret: Buffer): string {
  const input = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${signature(input, secret).toString('base64url')}`;
}

/**
 * The claims of a JWT-shaped token without checking its signature, or null when the token is not
 * a JWT (three Base64url parts, the middle one a JSON object).
 */
export function decodeJwt(token: string): JwtClaims | null {
  if (token.length > MAX_JWT_LENGTH) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => /^[A-Za-z0-9_-]+$/.test(part))) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as JwtClaims)
      : null;
  } catch {
    return null;
  }
}

/** True when the token's signature is the issuer's (HS256 under `secret`). */
export function hasValidSignature(token: string, secret: Buffer): boolean {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return false;
  const given = Buffer.from(parts[2] ?? '', 'base64url');
  const expected = signature(`${parts[0]}.${parts[1]}`, secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
