// The KSeF tokens the simulator knows. On KSeF a token is generated in the taxpayer's web app or
// with POST /tokens after a signed login; the simulator has no such step, so tokens are issued
// through its programmatic handle (`simulator.auth.issueKsefToken`) and, in sandbox mode, one at
// start. They have KSeF's shape: `<reference>|nip-<NIP>|<64 hex>`.
import { randomBytes } from 'node:crypto';
import { newReferenceNumber, isValidNip } from '../state/identifiers';

export interface IssuedKsefToken {
  /** The secret itself: what a client encrypts with the challenge's timestamp. */
  token: string;
  /** The token's reference number (type EC), as KSeF lists tokens. */
  referenceNumber: string;
  /** The context the token logs into. */
  nip: string;
}

export interface KnownKsefToken extends IssuedKsefToken {
  revoked: boolean;
}

export interface KsefTokens {
  issue(nip: string): IssuedKsefToken;
  find(token: string): KnownKsefToken | undefined;
  byReference(referenceNumber: string): KnownKsefToken | undefined;
  /** Revokes by token or reference number; false when unknown. */
  revoke(tokenOrReference: string): boolean;
  readonly size: number;
}

/** Tokens kept at once; the oldest goes first (the handle is for tests and the sandbox). */
export const MAX_KSEF_TOKENS = 10_000;

export function createKsefTokens(): KsefTokens {
  const byToken = new Map<string, KnownKsefToken>();
  const byRef = new Map<string, KnownKsefToken>();
  return {
    issue(nip) {
      if (!isValidNip(nip)) throw new Error(`${nip} is not a valid NIP (10 digits, check digit)`);
      const referenceNumber = newReferenceNumber('EC');
      const known: KnownKsefToken = {
        token: `${referenceNumber}|nip-${nip}|${randomBytes(32).toString('hex')}`,
        referenceNumber,
        nip,
        revoked: false,
      };
      byToken.set(known.token, known);
      byRef.set(referenceNumber, known);
      while (byToken.size > MAX_KSEF_TOKENS) {
        const oldest = byToken.values().next().value;
        if (oldest === undefined) break;
        byToken.delete(oldest.token);
        byRef.delete(oldest.referenceNumber);
      }
      return { token: known.token, referenceNumber, nip };
    },
    find: (token) => byToken.get(token),
    byReference: (referenceNumber) => byRef.get(referenceNumber),
    revoke(tokenOrReference) {
      const known = byToken.get(tokenOrReference) ?? byRef.get(tokenOrReference);
      if (!known) return false;
      known.revoked = true;
      return true;
    },
    get size() {
      return byToken.size;
    },
  };
}
