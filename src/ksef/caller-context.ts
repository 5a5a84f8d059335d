// Which KSeF context a caller acts in. KSeF decides per context (a NIP, an internal id …) what a
// caller may see and counts its rate limits per context, so whatever the gateway keeps across
// requests for a caller (rate-limit windows, sealed session keys, sends it remembers, caches) is
// keyed by this and never by anything shared between contexts. Two access tokens of one NIP are
// one context: they share one rate budget and can use each other's `sessionKey` handles.
//
// KSeF's access token is an HS256 JWT whose claims name the context (`cit` type, `civ` value).
// The gateway cannot verify it (only KSeF knows the secret), so the claims are decoded, never
// trusted: they only decide which of the gateway's own buckets a call counts against. KSeF still
// checks every token on every call, so a forged claim moves a caller into another context's rate
// budget at most, never into its data. A token that is not such a JWT is a context of its own,
// under a hash of the token.
//
// The key is a hash either way: stable, opaque, and safe to keep in memory or a shared store. It
// never shows the NIP (a sole trader's NIP identifies a person) and nothing here logs a claim.
import { createHash } from 'node:crypto';
import type { KsefCaller } from './caller';
import { AUTHENTICATION_CONTEXT_TYPES, CONTEXT_CLAIMS } from './wire/auth.dto';
import type { AuthenticationContextIdentifierDto } from './wire/auth.dto';

/** Tokens longer than this are not decoded (KSeF's are under 2 KB); they are keyed by hash. */
const MAX_DECODED_TOKEN_LENGTH = 8 * 1024;

const CONTEXT_VALUE = /^[A-Za-z0-9+*-]{1,64}$/;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** The claims of a JWT-shaped token, decoded without verification (see above); else undefined. */
export function decodeTokenClaims(token: string): Record<string, unknown> | undefined {
  if (token.length > MAX_DECODED_TOKEN_LENGTH) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined || !/^[A-Za-z0-9_-]+$/.test(parts[1])) {
    return undefined;
  }
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return undefined;
  return claims as Record<string, unknown>;
}

/**
 * The context the token's claims name, decoded without verification (see above); undefined when
 * the token is not a JWT with a context claim of a known type.
 */
export function contextClaimOf(
  token: string,
  claims: Record<string, unknown> | undefined = decodeTokenClaims(token),
): AuthenticationContextIdentifierDto | undefined {
  if (claims === undefined) return undefined;
  for (const names of CONTEXT_CLAIMS) {
    const type = claims[names.type];
    const value = claims[names.value];
    if (typeof type !== 'string' || typeof value !== 'string') continue;
    const known = AUTHENTICATION_CONTEXT_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
    if (known !== undefined && CONTEXT_VALUE.test(value)) return { type: known, value };
  }
  return undefined;
}

/**
 * An opaque, stable key of the caller's KSeF context: `context:<hash>` for a token whose claims
 * name one (every token of that context), `token:<hash>` for any other token.
 */
export function callerContextKey(caller: Pick<KsefCaller, 'token'>): string {
  const context = contextClaimOf(caller.token);
  return context === undefined
    ? `token:${sha256(caller.token)}`
    : `context:${sha256(`${context.type}:${context.value}`)}`;
}
