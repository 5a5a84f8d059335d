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
import type { RateLimitGrant, RateLimiter } from './rate-limiter';
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

/**
 * Time a call queued by the limiter must still have before the operation's deadline once its slot
 * comes (at most half the per-call timeout): a slot a few milliseconds before the deadline would
 * only turn into a timeout, where refusing at once tells the caller when to come back.
 */
export const MIN_CALL_TIME_AFTER_QUEUE_MS = 1_000;

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

  const limiter = options.rateLimiter;
  // Templates are few and fixed; the group lookup splits and matches a path on every call.
  const groups = new Map<string, RateLimitGroup>();
  const groupOf = (method: string, pathTemplate: string): RateLimitGroup => {
    const key = `${method} ${pathTemplate}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = rateLimitGroupOf(method, pathTemplate);
      if (groups.size < 256) groups.set(key, group);
    }
    return group;
  };
  const breakers = options.breakers;

  async function request(spec: KsefRequestSpec): Promise<KsefResponse<unknown>> {
    const caller = spec.caller;
    const deadline = deadlines.deadlineOf(caller);
    const signal = spec.signal ?? caller?.signal;
    const group = groupOf(spec.method, spec.pathTemplate);
    const limited = limiter !== undefined && caller !== undefined && spec.absoluteUrl === undefined;
    // The per-call timeout is the only field that changes between attempts: one copy of the spec.
    const attemptSpec: KsefRequestSpec = { ...spec };
    const call = () => http.request(attemptSpec);

    for (let attempt = 1; ; attempt += 1) {
      let grant: RateLimitGrant | undefined;
      if (limited) {
        grant = await limiter.acquire({
          group,
          token: caller.token,
          deadline: deadline - Math.min(MIN_CALL_TIME_AFTER_QUEUE_MS, http.timeoutMs / 2),
          ...(signal !== undefined && { signal }),
        });
        if (grant.waitedMs > 0) options.metrics?.recordRateLimitWait(group, grant.waitedMs / 1000);
      }
      const remaining = deadline - now();
      if (remaining <= 0) {
        grant?.settle();
        throw deadlineExceeded(spec);
      }
      countCall(caller, spec);
      attemptSpec.timeoutMs = Math.min(spec.timeoutMs ?? http.timeoutMs, remaining);
      try {
        try {
          return await (breakers
            ? breakers.execute(spec.absoluteUrl?.origin ?? http.origin, call)
            : call());
        } finally {
          // The answer (or failure) is in: the call reached KSeF no later than now.
          grant?.settle();
        }
      } catch (error) {
        if (!isKsefError(error)) throw error;
        if (error.kind === 'rate-limited' && limited) {
          limiter.holdBack(group, caller.token, error.retryAfterSeconds ?? 1);
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
