// One circuit breaker per upstream origin (cockatiel's ConsecutiveBreaker): after N consecutive
// `unavailable` failures (5xx, timeout, connection failure) the circuit opens and every call to
// that upstream fails fast with `unavailable` instead of piling up behind timeouts; after a
// cool-down one trial call goes through (half-open) and its outcome closes or re-opens it.
// KSeF's answers that are the caller's business (400, 401, 403, 429 …) never count as failures,
// and neither does a caller abandoning its own request.
//
// While open, the fast-fail error tells the caller why in KSeF's terms (the last failure's message:
// "KSeF could not be reached for GET … (host name not resolved)") but never the upstream's URL;
// the URL and the moment of opening go to `onOpen`, once per opening, for the operator's log.
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
  /** Told once each time a circuit opens, with why (the log). */
  onOpen?: (opening: CircuitOpening) => void;
}

export const CIRCUIT_OPENED_LOG_MESSAGE = 'KSeF circuit opened: failing fast';

export interface CircuitOpening {
  /** The upstream origin (for operators; never shown to callers). */
  upstream: string;
  at: Date;
  /** True when a trial call after the cool-down failed, rather than N calls in a row. */
  afterTrial: boolean;
  /** Consecutive failures that opened it (1 after a failed trial). */
  failures: number;
  /** The failure that opened it, as the caller saw it (no URL). */
  lastFailure: string;
  /** When the next trial call may go through. */
  trialAfterMs: number;
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
  /** The upstream origin, for logs; not part of the message. */
  readonly upstream: string;
  /** The failure that opened the circuit, as its caller saw it. */
  readonly lastFailure: string | undefined;

  constructor(upstream: string, lastFailure?: string) {
    super({
      kind: 'unavailable',
      message:
        'KSeF is unavailable: failing fast after repeated failures until it recovers' +
        (lastFailure === undefined ? '' : `; last failure: ${lastFailure}`),
    });
    this.name = 'CircuitOpenError';
    this.upstream = upstream;
    this.lastFailure = lastFailure;
  }
}

export function isCircuitOpenError(error: unknown): error is CircuitOpenError {
  return error instanceof CircuitOpenError;
}

/** Failures that say the upstream itself is in trouble. */
export function countsAsUpstreamFailure(error: unknown): boolean {
  return isKsefError(error) && error.kind === 'unavailable' && error.transport !== 'aborted';
}

/** A failure in the words the caller would have seen for it (KsefError messages carry no URL). */
function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300);
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
  /** Per upstream: the failure that opened its circuit last. */
  const lastFailures = new Map<string, string>();

  function breakerFor(upstream: string): CircuitBreakerPolicy {
    let breaker = breakers.get(upstream);
    if (breaker === undefined) {
      breaker = circuitBreaker(handleWhen(countsAsUpstreamFailure), {
        halfOpenAfter,
        breaker: new ConsecutiveBreaker(threshold),
      });
      const created = breaker;
      let previous: CircuitState = CircuitState.Closed;
      created.onStateChange((state) => {
        const afterTrial = previous === CircuitState.HalfOpen;
        previous = state;
        options.onStateChange?.(upstream, toState(state));
        if (state !== CircuitState.Open) return;
        const lastFailure = lastFailures.get(upstream) ?? 'unknown';
        options.onOpen?.({
          upstream,
          at: new Date(),
          afterTrial,
          failures: afterTrial ? 1 : threshold,
          lastFailure,
          trialAfterMs: halfOpenAfter,
        });
      });
      // onBreak fires before the state change above, with the failure that caused it.
      created.onBreak((reason) => {
        if ('error' in reason) lastFailures.set(upstream, describeFailure(reason.error));
      });
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
        if (isBrokenCircuitError(error)) {
          throw new CircuitOpenError(upstream, lastFailures.get(upstream));
        }
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
