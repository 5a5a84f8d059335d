// One circuit breaker per upstream origin (cockatiel's ConsecutiveBreaker): after N consecutive
// `unavailable` failures (5xx, timeout, connection failure) the circuit opens and every call to
// that upstream fails fast with `unavailable` instead of piling up behind timeouts; after a
// cool-down one trial call goes through (half-open) and its outcome closes or re-opens it.
// KSeF's answers that are the caller's business (400, 401, 403, 429 …) never count as failures,
// and neither does a caller abandoning its own request.
import {
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
} from 'cockatiel';
import type { CircuitBreakerPolicy } from 'cockatiel';
import { KsefError, isKsefError } from '../ksef-error';

export type BreakerState = 'closed' | 'half-open' | 'open';

export interface CircuitBreakerOptions {
  /** Consecutive unavailable failures that open the circuit (DEFAULT_CIRCUIT_OPTIONS). */
  failureThreshold?: number;
  /** How long the circuit stays open before a trial call (DEFAULT_CIRCUIT_OPTIONS). */
  halfOpenAfterMs?: number;
  /** Told about every state change (metrics). */
  onStateChange?: (upstream: string, state: BreakerState) => void;
}

export interface UpstreamBreakers {
  /** Runs `fn` under the breaker of `upstream` (an origin); open → KsefError `unavailable` at once. */
  execute<T>(upstream: string, fn: () => Promise<T>): Promise<T>;
  state(upstream: string): BreakerState;
  /** Every upstream seen so far with its state. */
  states(): Record<string, BreakerState>;
  /** True when any upstream's circuit is open (readiness). */
  anyOpen(): boolean;
}

export const DEFAULT_CIRCUIT_OPTIONS = { failureThreshold: 5, halfOpenAfterMs: 10_000 } as const;

/** Thrown instead of calling an upstream whose circuit is open. */
export class CircuitOpenError extends KsefError {
  constructor(upstream: string) {
    super({
      kind: 'unavailable',
      message: `KSeF is unavailable (${upstream}): too many consecutive failures, failing fast until it recovers`,
    });
    this.name = 'CircuitOpenError';
  }
}

export function isCircuitOpenError(error: unknown): error is CircuitOpenError {
  return error instanceof CircuitOpenError;
}

/** Failures that say the upstream itself is in trouble. */
export function countsAsUpstreamFailure(error: unknown): boolean {
  return isKsefError(error) && error.kind === 'unavailable' && error.transport !== 'aborted';
}

function toState(state: CircuitState): BreakerState {
  switch (state) {
    case CircuitState.Closed:
      return 'closed';
    case CircuitState.HalfOpen:
      return 'half-open';
    case CircuitState.Open:
    case CircuitState.Isolated:
      return 'open';
  }
}

export function createUpstreamBreakers(options: CircuitBreakerOptions = {}): UpstreamBreakers {
  const threshold = options.failureThreshold ?? DEFAULT_CIRCUIT_OPTIONS.failureThreshold;
  const halfOpenAfter = options.halfOpenAfterMs ?? DEFAULT_CIRCUIT_OPTIONS.halfOpenAfterMs;
  const breakers = new Map<string, CircuitBreakerPolicy>();

  function breakerFor(upstream: string): CircuitBreakerPolicy {
    let breaker = breakers.get(upstream);
    if (breaker === undefined) {
      breaker = circuitBreaker(handleWhen(countsAsUpstreamFailure), {
        halfOpenAfter,
        breaker: new ConsecutiveBreaker(threshold),
      });
      const created = breaker;
      created.onStateChange((state) => options.onStateChange?.(upstream, toState(state)));
      breakers.set(upstream, breaker);
      options.onStateChange?.(upstream, 'closed');
    }
    return breaker;
  }

  return {
    async execute(upstream, fn) {
      try {
        return await breakerFor(upstream).execute(() => fn());
      } catch (error) {
        if (isBrokenCircuitError(error)) throw new CircuitOpenError(upstream);
        throw error;
      }
    },
    state(upstream) {
      const breaker = breakers.get(upstream);
      return breaker === undefined ? 'closed' : toState(breaker.state);
    },
    states() {
      const out: Record<string, BreakerState> = {};
      for (const [upstream, breaker] of breakers) out[upstream] = toState(breaker.state);
      return out;
    },
    anyOpen() {
      for (const breaker of breakers.values()) {
        if (breaker.state === CircuitState.Open || breaker.state === CircuitState.Isolated)
          return true;
      }
      return false;
    },
  };
}
