// Builds the resilience layer around the shared KsefHttp from plain settings (what config.ts
// reads from the environment), so gateway.ts only says `withResilientUpstream(http, settings)`.
import type { KsefHttp } from '../http';
import { createUpstreamBreakers } from './circuit-breaker';
import type { BreakerState, UpstreamBreakers } from './circuit-breaker';
import { DEFAULT_OPERATION_TIMEOUT_MS } from './deadline';
import { createRateLimiter } from './rate-limiter';
import { DEFAULT_KSEF_RATE_LIMITS } from './rate-limits';
import type { RateLimitTable } from './rate-limits';
import { DEFAULT_MAX_CALLS_PER_OPERATION, withResilience } from './resilient-http';
import type { ResilienceMetrics } from './resilient-http';
import { DEFAULT_RETRY_POLICY } from './retry-policy';

export interface ResilienceSettings {
  /** Timeout of one upstream call (default 10 000 ms). */
  upstreamTimeoutMs?: number;
  /** Deadline of a whole GraphQL operation's upstream work (default 25 000 ms). */
  operationTimeoutMs?: number;
  /** Attempts per read, the first included (default 3; 1 disables retries). */
  retryAttempts?: number;
  /** First backoff ceiling (default 100 ms, doubling, full jitter). */
  retryBaseDelayMs?: number;
  /** Per-token limits per KSeF group (default NOTES §6); false: no gateway-side limiter. */
  rateLimits?: RateLimitTable | false;
  /** Consecutive unavailable failures that open an upstream's circuit (default 5; 0: no breaker). */
  circuitFailureThreshold?: number;
  /** Cool-down before a trial call (default 10 000 ms). */
  circuitHalfOpenAfterMs?: number;
  /** Backstop: most KSeF calls of one operation (default 200). */
  maxCallsPerOperation?: number;
}

export interface ResilienceObserver extends ResilienceMetrics {
  setCircuitState(upstream: string, state: BreakerState): void;
}

export interface ResilientUpstream {
  http: KsefHttp;
  /** Absent when the breaker is disabled. */
  breakers: UpstreamBreakers | undefined;
}

export function withResilientUpstream(
  http: KsefHttp,
  settings: ResilienceSettings = {},
  metrics?: ResilienceObserver,
): ResilientUpstream {
  const threshold = settings.circuitFailureThreshold ?? 5;
  const breakers =
    threshold > 0
      ? createUpstreamBreakers({
          failureThreshold: threshold,
          halfOpenAfterMs: settings.circuitHalfOpenAfterMs ?? 10_000,
          ...(metrics !== undefined && {
            onStateChange: (upstream: string, state: BreakerState) =>
              metrics.setCircuitState(upstream, state),
          }),
        })
      : undefined;
  const limits = settings.rateLimits ?? DEFAULT_KSEF_RATE_LIMITS;
  const resilient = withResilience(http, {
    upstreamTimeoutMs: settings.upstreamTimeoutMs ?? 10_000,
    operationTimeoutMs: settings.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS,
    retry: {
      maxAttempts: settings.retryAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
      baseDelayMs: settings.retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
    },
    ...(limits !== false && { rateLimiter: createRateLimiter({ limits }) }),
    ...(breakers !== undefined && { breakers }),
    maxCallsPerOperation: settings.maxCallsPerOperation ?? DEFAULT_MAX_CALLS_PER_OPERATION,
    ...(metrics !== undefined && { metrics }),
  });
  return { http: resilient, breakers };
}
