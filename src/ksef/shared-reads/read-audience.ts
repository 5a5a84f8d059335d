// Who may share a KSeF read with whom. KSeF does not show everyone of a context the same things:
// with `InvoiceWrite` a subject sees only the sessions it opened; with `Introspection` or
// `EnforcementOperations` it sees every session of the context (NOTES.md, GET /sessions). So two
// tokens share an answer only when KSeF would give both the same one: the same context, the same
// permissions (`per`), and the same subject (`sud`) unless those permissions show the whole
// context. A token that is no such JWT shares with itself only.
//
// The claims are decoded, never verified (caller-context.ts): shared-reads.ts lets a token into
// its audience only after KSeF has accepted it once, so a forged claim buys nothing.
import { contextClaimOf, decodeTokenClaims, sha256 } from '../caller-context';

/** Permissions with which KSeF shows a subject every session of its context. */
const CONTEXT_WIDE_PERMISSIONS = ['Introspection', 'EnforcementOperations'] as const;

/** The claim as one stable string: KSeF writes `per` and `sud` as JSON text; arrays are sorted. */
function claimText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return JSON.stringify(value.map(String).sort());
  return JSON.stringify(value);
}

/** `token:<hash>`: the key of a token that shares with itself only. */
export function ownTokenKey(token: string): string {
  return `token:${sha256(token)}`;
}

/**
 * An opaque key: tokens with one key see the same KSeF answers. `audience:<hash>` for a context
 * token, `token:<hash>` for any other.
 */
export function readAudienceKey(token: string): string {
  const claims = decodeTokenClaims(token);
  const context = contextClaimOf(token, claims);
  if (claims === undefined || context === undefined) return ownTokenKey(token);
  const permissions = claimText(claims.per);
  const contextWide = CONTEXT_WIDE_PERMISSIONS.some((name) => permissions.includes(name));
  const subject = contextWide ? '*' : claimText(claims.sud);
  return `audience:${sha256(`${context.type}:${context.value}\u0000${permissions}\u0000${subject}`)}`;
}
