// Builds the resilience layer around the shared KsefHttp from plain settings. Every field is
// required: the defaults are the constants below, each declared by the module that owns it, and
// config/ fills the documented table from them (DESIGN.md §9).
import type { KsefHttp } from '../http';
import { createUpstreamBreakers, DEFAULT_CIRCUIT_OPTIONS } from './circuit-breaker';
import type { BreakerState, CircuitOpening, UpstreamBreakers } from './circuit-breaker';
import { DEFAULT_OPERATION_TIMEOUT_MS } from './deadline';
import { createRateLimiter, DEFAULT_RATE_LIMIT_MARGIN_MS } from './rate-limiter';
import type { RateLimiter } from './rate-limiter';
import { DEFAULT_KSEF_RATE_LIMITS } from './rate-limits';
import type { RateLimitTable } from './rate-limits';
import { DEFAULT_MAX_CALLS_PER_OPERATION, withResilience } from './resilient-http';
import type { ResilienceMetrics } from './resilient-http';
import { DEFAULT_RETRY_POLICY } from './retry-policy';

export interface ResilienceSettings {
  /** Deadline of a whole GraphQL operation's upstream work (OPERATION_TIMEOUT_MS). */
  operationTimeoutMs: number;
  retry: {
    /** Attempts per read, the first included; 1 disables retries (KSEF_RETRY_ATTEMPTS). */
    maxAttempts: number;
    /** First backoff ceiling; doubles per attempt, full jitter. */
    baseDelayMs: number;
    maxDelayMs: number;
  };
  /** Per-caller limits per KSeF group (KSEF_RATE_LIMITS); false: no gateway-side limiter. */
  rateLimits: RateLimitTable | false;
  circuitBreaker: {
    /** Consecutive unavailable failures that open a circuit; 0: no breaker. */
    failureThreshold: number;
    /** Cool-down before a trial call. */
    halfOpenAfterMs: number;
  };
  /** Backstop: most KSeF calls of one operation. */
  maxCallsPerOperation: number;
}

export const DEFAULT_RESILIENCE_SETTINGS: ResilienceSettings = {
  operationTimeoutMs: DEFAULT_OPERATION_TIMEOUT_MS,
  retry: DEFAULT_RETRY_POLICY,
  rateLimits: DEFAULT_KSEF_RATE_LIMITS,
  circuitBreaker: DEFAULT_CIRCUIT_OPTIONS,
  maxCallsPerOperation: DEFAULT_MAX_CALLS_PER_OPERATION,
};

export interface ResilienceObserver extends ResilienceMetrics {
  setCircuitState(upstream: string, state: BreakerState): void;
  /** Once per opening of a circuit, with the failure that opened it (the operator's log). */
  circuitOpened?(opening: CircuitOpening): void;
}

export interface ResilientUpstream {
  http: KsefHttp;
  /** Absent when the breaker is disabled. */
  breakers: UpstreamBreakers | undefined;
}

/** Wraps the per-process limiter into one that spends a budget shared with other replicas. */
export type ShareRateLimiter = (
  local: RateLimiter,
  limits: RateLimitTable,
  marginMs: number,
) => RateLimiter;

export function withResilientUpstream(
  http: KsefHttp,
  settings: ResilienceSettings,
  metrics?: ResilienceObserver,
  shareLimiter?: ShareRateLimiter,
): ResilientUpstream {
  const breakers =
    settings.circuitBreaker.failureThreshold > 0
      ? createUpstreamBreakers({
          ...settings.circuitBreaker,
          ...(metrics !== undefined && {
            onStateChange: (upstream: string, state: BreakerState) =>
              metrics.setCircuitState(upstream, state),
            onOpen: (opening: CircuitOpening) => metrics.circuitOpened?.(opening),
          }),
        })
      : undefined;
  const resilient = withResilience(http, {
    operationTimeoutMs: settings.operationTimeoutMs,
    retry: settings.retry,
    ...(settings.rateLimits !== false && {
      rateLimiter: limiterFor(settings.rateLimits, shareLimiter),
    }),
    ...(breakers !== undefined && { breakers }),
    maxCallsPerOperation: settings.maxCallsPerOperation,
    ...(metrics !== undefined && { metrics }),
  });
  return { http: resilient, breakers };
}

function limiterFor(limits: RateLimitTable, share: ShareRateLimiter | undefined): RateLimiter {
  const local = createRateLimiter({ limits, marginMs: DEFAULT_RATE_LIMIT_MARGIN_MS });
  return share === undefined ? local : share(local, limits, DEFAULT_RATE_LIMIT_MARGIN_MS);
}
