// The rate limiter across replicas: KSeF counts per context (and client IP), so replicas behind
// one egress address spend one budget. Each call asks Redis (redis-scripts.ts, ACQUIRE) whether
// it may go now; the answer is "yes, counted" or "ask again in n ms". A caller whose wait would end
// after its deadline is refused at once with `rate-limited` and the seconds to wait, exactly as
// the per-process limiter does. The counting follows the per-process limiter's (rate-limiter.ts):
// a call counts from when it was sent plus a margin for the trip, then from its answer.
//
// Redis away, or slower than `commandTimeoutMs`: the call goes through the per-process limiter
// instead (each replica then enforces the whole budget alone, README "Running several replicas").
// A 429 hold-back is kept in both, so a replica that falls back still honours it.
import { randomUUID } from 'node:crypto';
import { limiterKeyOf, rateLimited } from '../ksef/resilience/rate-limiter';
import type { RateLimiter, RateLimitGrant } from '../ksef/resilience/rate-limiter';
import type { RateLimitTable } from '../ksef/resilience/rate-limits';
import { sleep } from '../ksef/resilience/deadline';
import type { RedisLink } from './redis-link';
import { withGatewayScripts } from './redis-scripts';

export interface SharedRateLimiterOptions {
  limits: RateLimitTable;
  /** The same margin as the per-process limiter's (DEFAULT_RATE_LIMIT_MARGIN_MS). */
  marginMs: number;
}

/**
 * Waiters told the same wait wake at once and all but one are told again; a few ms of spread
 * saves most of those second asks.
 */
const WAKE_SPREAD_MS = 5;

export function createSharedRateLimiter(
  link: RedisLink,
  local: RateLimiter,
  options: SharedRateLimiterOptions,
): RateLimiter {
  const redis = withGatewayScripts(link.commands);
  const memberPrefix = `${randomUUID().slice(0, 8)}:`;
  let sequence = 0;
  const keysOf = (key: string) => ({
    calls: `${link.keyPrefix}rl:${key}`,
    holdBack: `${link.keyPrefix}hold:${key}`,
  });

  return {
    async acquire(request) {
      if (!link.up) {
        link.fellBack('limiter');
        return local.acquire(request);
      }
      const { group, deadline, signal } = request;
      const values = options.limits[group];
      const keys = keysOf(limiterKeyOf(group, request.token));
      const started = Date.now();
      for (;;) {
        const member = `${memberPrefix}${(sequence += 1)}`;
        let waitMs: number;
        try {
          waitMs = await redis.ksefAcquire(
            keys.calls,
            keys.holdBack,
            values.perSecond,
            values.perMinute,
            values.perHour,
            options.marginMs,
            member,
          );
        } catch {
          link.fellBack('limiter');
          return local.acquire(request);
        }
        if (waitMs <= 0) {
          const grant: RateLimitGrant = {
            waitedMs: Date.now() - started,
            settle() {
              // The answer is in; nobody waits for Redis to hear it.
              redis.ksefSettle(keys.calls, member).catch(() => link.fellBack('limiter'));
            },
          };
          return grant;
        }
        const at = Date.now();
        if (at + waitMs > deadline) throw rateLimited(group, waitMs);
        await sleep(waitMs + Math.random() * WAKE_SPREAD_MS, signal);
      }
    },
    holdBack(group, token, retryAfterSeconds) {
      local.holdBack(group, token, retryAfterSeconds);
      if (!link.up) return;
      const seconds =
        Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? retryAfterSeconds : 1;
      redis
        .ksefHoldBack(keysOf(limiterKeyOf(group, token)).holdBack, Math.ceil(seconds * 1000))
        .catch(() => link.fellBack('limiter'));
    },
    heldBackMs: (group, token) => local.heldBackMs(group, token),
    size: () => local.size(),
  };
}
