// Who a request acts for: its context. In KSeF a context is a NIP (or another identifier) named
// at login, and every access token issued for it sees the same sessions and counts against the
// same rate limits. The simulator also takes any other non-empty bearer token as a context of its
// own, as it always has: such a token stands for a NIP derived from it.
import { createHash } from 'node:crypto';
import { authDocumentDigestFor, contextNipFor } from './identifiers';

export interface CallerIdentity {
  /** What the store, the listing scopes and the rate limiter key on; never a token. */
  key: string;
  /** The context's NIP: `IdKontekstu/Nip` in its UPOs, the seller its invoices must name. */
  nip: string;
  /** Stands in for the hash of the signed authentication document in the UPO. */
  authDocumentDigest: string;
  /**
   * True for a context an access token from the /auth flow names. Only there does the simulator
   * hold invoices to KSeF's permission rule (the seller must be the context: 410 otherwise); a
   * free-form bearer's derived NIP is a stand-in, so its invoices keep any seller.
   */
  loggedIn: boolean;
}

/** The context of a free-form bearer token (one that is not an access token of the simulator). */
export function plainBearerIdentity(token: string): CallerIdentity {
  return {
    key: `bearer:${createHash('sha256').update(token).digest('base64url')}`,
    nip: contextNipFor(token),
    authDocumentDigest: authDocumentDigestFor(token),
    loggedIn: false,
  };
}

/** The context of a NIP logged in through /auth (every access token of that NIP). */
export function nipContextIdentity(nip: string): CallerIdentity {
  const key = `Nip:${nip}`;
  return { key, nip, authDocumentDigest: authDocumentDigestFor(key), loggedIn: true };
}
