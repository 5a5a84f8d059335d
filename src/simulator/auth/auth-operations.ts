// The state of the authentication area: outstanding challenges and authentication operations.
// Both are bounded whatever unauthenticated callers send (POST /auth/challenge needs no token):
// each map keeps at most its cap, the oldest entry giving way first, and expired challenges are
// dropped as new ones arrive. A challenge that gave way is as unknown as a made-up one (21111);
// an operation that gave way is as unknown as any other (21304).
import type { AuthenticationContextIdentifierDto } from '../../ksef/wire/auth.dto';
import type { StatusInfoDto } from '../../ksef/wire/sessions.dto';

export interface Challenge {
  challenge: string;
  timestampMs: number;
  expiresAt: number;
}

export interface AuthOperation {
  referenceNumber: string;
  context: AuthenticationContextIdentifierDto;
  startedAt: number;
  /** Until then the operation shows 100; from then, `outcome`. */
  decidedAt: number;
  outcome: StatusInfoDto;
  /** The KSeF token that authenticated it (its reference number), for later revocation checks. */
  ksefTokenReference?: string;
  redeemed: boolean;
  /** The `jti` of the one refresh token redeemed for it. */
  refreshTokenId?: string;
  refreshTokenValidUntil?: number;
  lastTokenRefresh?: number;
}

/** Challenges and operations kept at once. */
export const MAX_OUTSTANDING_CHALLENGES = 10_000;
export const MAX_AUTH_OPERATIONS = 10_000;

export interface AuthOperations {
  addChallenge(challenge: Challenge, now: number): void;
  /** Removes and returns the challenge when it is known and unexpired (a challenge is single-use). */
  takeChallenge(challenge: string, now: number): Challenge | undefined;
  addOperation(operation: AuthOperation): void;
  operation(referenceNumber: string): AuthOperation | undefined;
  stats(): { challenges: number; operations: number };
}

function evictOldest<T>(map: Map<string, T>, cap: number): void {
  while (map.size > cap) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) return;
    map.delete(oldest);
  }
}

export function createAuthOperations(): AuthOperations {
  // Insertion order is issue order, and every challenge lives equally long: the expired ones are
  // always at the front.
  const challenges = new Map<string, Challenge>();
  const operations = new Map<string, AuthOperation>();

  function dropExpired(now: number): void {
    for (const [key, challenge] of challenges) {
      if (challenge.expiresAt > now) return;
      challenges.delete(key);
    }
  }

  return {
    addChallenge(challenge, now) {
      dropExpired(now);
      challenges.set(challenge.challenge, challenge);
      evictOldest(challenges, MAX_OUTSTANDING_CHALLENGES);
    },
    takeChallenge(challenge, now) {
      const found = challenges.get(challenge);
      if (found === undefined) return undefined;
      challenges.delete(challenge);
      return found.expiresAt > now ? found : undefined;
    },
    addOperation(operation) {
      operations.set(operation.referenceNumber, operation);
      evictOldest(operations, MAX_AUTH_OPERATIONS);
    },
    operation: (referenceNumber) => operations.get(referenceNumber),
    stats: () => ({ challenges: challenges.size, operations: operations.size }),
  };
}
