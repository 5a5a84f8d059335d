// Sliding windows per (token, group): the last 1 s, 60 s and 3600 s all apply at once, as in KSeF
// (NOTES.md §6). A refused request is not counted. Retry-After is the whole seconds until enough
// old requests leave the breached window (at least 1).
//
// The state is bounded whatever callers send: a token is tracked under a SHA-256 digest (a bearer
// token can be kilobytes long, and is a secret), a token idle for longer than the widest window
// holds nothing and is forgotten, and at most `maxTrackedTokens` tokens are tracked, the least
// recently seen one giving way first (it then starts afresh, which only ever lets it send more).
import { createHash } from 'node:crypto';
import type {
  EffectiveApiRateLimitValuesDto,
  EffectiveApiRateLimitsDto,
  RateLimitGroup,
} from '../../ksef/wire/sessions.dto';

export type RateDecision =
  { allowed: true } | { allowed: false; retryAfterSeconds: number; detail: string };

const WINDOWS: { ms: number; key: keyof EffectiveApiRateLimitValuesDto; unit: string }[] = [
  { ms: 1_000, key: 'perSecond', unit: 'sekundę' },
  { ms: 60_000, key: 'perMinute', unit: 'minutę' },
  { ms: 3_600_000, key: 'perHour', unit: 'godzinę' },
];

/** The widest window: a token unseen for this long has nothing left to count. */
export const RATE_LIMIT_IDLE_EXPIRY_MS = 3_600_000;

/** Tokens tracked at once, by default; far above a team's contexts, small in memory. */
export const DEFAULT_MAX_TRACKED_TOKENS = 1_000;

export interface RateLimiterStats {
  trackedTokens: number;
  /** Timestamps held across all tokens and groups. */
  trackedRequests: number;
}

export interface RateLimiter {
  check(token: string, group: RateLimitGroup, now?: number): RateDecision;
  stats(): RateLimiterStats;
}

interface TokenWindows {
  lastSeen: number;
  /** Times of counted requests per group, oldest first, none older than the widest window. */
  groups: Map<RateLimitGroup, number[]>;
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}

export function createRateLimiter(
  limits: EffectiveApiRateLimitsDto,
  { maxTrackedTokens = DEFAULT_MAX_TRACKED_TOKENS }: { maxTrackedTokens?: number } = {},
): RateLimiter {
  // Insertion order is recency order: a token seen again is moved to the end.
  const tokens = new Map<string, TokenWindows>();

  function forgetIdle(now: number): void {
    for (const [id, windows] of tokens) {
      if (now - windows.lastSeen < RATE_LIMIT_IDLE_EXPIRY_MS) return;
      tokens.delete(id);
    }
  }

  function windowsOf(token: string, now: number): TokenWindows {
    const id = digest(token);
    const found = tokens.get(id);
    if (found) tokens.delete(id);
    const windows = found ?? { lastSeen: now, groups: new Map() };
    windows.lastSeen = Math.max(windows.lastSeen, now);
    tokens.set(id, windows);
    while (tokens.size > maxTrackedTokens) {
      const oldest = tokens.keys().next().value;
      if (oldest === undefined) break;
      tokens.delete(oldest);
    }
    return windows;
  }

  return {
    check(token, group, now = Date.now()) {
      forgetIdle(now);
      const windows = windowsOf(token, now);
      const times = (windows.groups.get(group) ?? []).filter(
        (t) => t > now - RATE_LIMIT_IDLE_EXPIRY_MS,
      );
      windows.groups.set(group, times);
      const limit = limits[group];
      for (const window of WINDOWS) {
        const allowed = limit[window.key];
        const inWindow = times.filter((t) => t > now - window.ms);
        if (inWindow.length >= allowed) {
          // The request that must leave the window before one more fits.
          const blocking = inWindow[inWindow.length - allowed] ?? now;
          const retryAfterSeconds = Math.max(1, Math.ceil((blocking + window.ms - now) / 1000));
          return {
            allowed: false,
            retryAfterSeconds,
            detail: `Przekroczono limit ${allowed} żądań na ${window.unit}. Spróbuj ponownie po ${retryAfterSeconds} sekundach.`,
          };
        }
      }
      times.push(now);
      return { allowed: true };
    },
    stats() {
      let trackedRequests = 0;
      for (const windows of tokens.values())
        for (const times of windows.groups.values()) trackedRequests += times.length;
      return { trackedTokens: tokens.size, trackedRequests };
    },
  };
}
