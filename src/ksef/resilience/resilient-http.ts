// `withResilience(http)` wraps the single door to KSeF (KsefHttp.request) with everything that
// protects KSeF from the gateway's callers and the callers from KSeF, behind the same interface,
// so the clients above do not change:
//
//   operation deadline ─► per-operation call budget ─► rate limiter (per token + group, queues
//   within the deadline, holds a group back after a 429) ─► circuit breaker (per upstream origin)
//   ─► the call, with its timeout clipped to the time left ─► retry policy (GET on 5xx/timeout/
//   reset, any method on connection refused, 429 when Retry-After fits) with jittered backoff.
//
// Pre-signed storage URLs (`absoluteUrl`, no caller) are not rate-limited by KSeF and carry no
// token; they get the breaker, timeout and retries only.
import { KsefError, isKsefError } from '../ksef-error';
import type { KsefHttp, KsefRequestSpec, KsefResponse } from '../http';
import { rateLimitGroupOf } from '../wire/rate-limit-groups';
import type { RateLimitGroup } from '../wire/rate-limit-groups';
import type { KsefCaller } from '../caller';
import { isCircuitOpenError } from './circuit-breaker';
import type { UpstreamBreakers } from './circuit-breaker';
import { createDeadlineTracker, sleep } from './deadline';
import type { RateLimiter } from './rate-limiter';
import { decideRetry } from './retry-policy';
import type { RetryPolicyOptions } from './retry-policy';

/** What the resilience layer reports (GatewayMetrics satisfies it). */
export interface ResilienceMetrics {
  recordRetry(group: RateLimitGroup): void;
  recordRateLimitWait(group: RateLimitGroup, waitSeconds: number): void;
}

export interface ResilienceOptions {
  /**
   * Deadline of a whole operation, from its first upstream call (DEFAULT_OPERATION_TIMEOUT_MS).
   * Each call's own timeout is the wrapped KsefHttp's, clipped to the operation's time left.
   */
  operationTimeoutMs?: number;
  retry?: RetryPolicyOptions;
  /** Absent: no gateway-side rate limiting (KSeF's 429s still map to RATE_LIMITED). */
  rateLimiter?: RateLimiter;
  breakers?: UpstreamBreakers;
  /** Most upstream calls one operation (one KsefCaller) may make; a backstop. */
  maxCallsPerOperation?: number;
  metrics?: ResilienceMetrics;
  now?: () => number;
  random?: () => number;
}

export const DEFAULT_MAX_CALLS_PER_OPERATION = 200;

export function withResilience(http: KsefHttp, options: ResilienceOptions = {}): KsefHttp {
  const now = options.now ?? Date.now;
  const deadlines = createDeadlineTracker(options.operationTimeoutMs, now);
  const maxCalls = options.maxCallsPerOperation ?? DEFAULT_MAX_CALLS_PER_OPERATION;
  const callCounts = new WeakMap<KsefCaller, number>();

  function countCall(caller: KsefCaller | undefined, spec: KsefRequestSpec): void {
    if (caller === undefined) return;
    const count = (callCounts.get(caller) ?? 0) + 1;
    callCounts.set(caller, count);
    if (count > maxCalls) {
      throw new KsefError({
        kind: 'bad-request',
        message: `Operation refused: it needs more than ${maxCalls} KSeF calls; split it into smaller operations`,
        method: spec.method,
        path: spec.pathTemplate,
      });
    }
  }

  function deadlineExceeded(spec: KsefRequestSpec): KsefError {
    return new KsefError({
      kind: 'unavailable',
      message: `KSeF did not answer within the operation's deadline (${spec.method} ${spec.pathTemplate})`,
      method: spec.method,
      path: spec.pathTemplate,
      transport: 'timeout',
    });
  }

  async function request(spec: KsefRequestSpec): Promise<KsefResponse<unknown>> {
    const caller = spec.caller;
    const deadline = deadlines.deadlineOf(caller);
    const signal = spec.signal ?? caller?.signal;
    const group = rateLimitGroupOf(spec.method, spec.pathTemplate);
    const upstream = spec.absoluteUrl?.origin ?? http.origin;
    const limited =
      options.rateLimiter !== undefined && caller !== undefined && spec.absoluteUrl === undefined;

    for (let attempt = 1; ; attempt += 1) {
      if (limited) {
        const waited = await options.rateLimiter!.acquire({
          group,
          token: caller.token,
          deadline,
          ...(signal !== undefined && { signal }),
        });
        if (waited > 0) options.metrics?.recordRateLimitWait(group, waited / 1000);
      }
      const remaining = deadline - now();
      if (remaining <= 0) throw deadlineExceeded(spec);
      countCall(caller, spec);
      const timeoutMs = Math.min(spec.timeoutMs ?? http.timeoutMs, remaining);
      try {
        const call = () => http.request({ ...spec, timeoutMs });
        return await (options.breakers ? options.breakers.execute(upstream, call) : call());
      } catch (error) {
        if (!isKsefError(error)) throw error;
        if (error.kind === 'rate-limited' && limited) {
          options.rateLimiter!.holdBack(group, caller.token, error.retryAfterSeconds ?? 1);
        }
        const decision = decideRetry(
          {
            error,
            method: spec.method,
            attempt,
            remainingMs: deadline - now(),
            circuitOpen: isCircuitOpenError(error),
            ...(options.random !== undefined && { random: options.random }),
          },
          options.retry,
        );
        if (!decision.retry) throw error;
        options.metrics?.recordRetry(group);
        // After a 429 the limiter's hold-back does the waiting (and re-checks the deadline).
        if (!(decision.reason === 'rate-limited' && limited)) await sleep(decision.delayMs, signal);
      }
    }
  }

  return {
    baseUrl: http.baseUrl,
    origin: http.origin,
    timeoutMs: http.timeoutMs,
    request: request as KsefHttp['request'],
    close: () => http.close(),
  };
}
