// Which failed upstream calls may be tried again, and after how long. Pure: the resilient HTTP
// layer asks `decideRetry` after every failed attempt and obeys it.
//
// - Reads (GET) are retried on `unavailable` failures (5xx, timeout, reset, network) and on 429
//   when KSeF's Retry-After still fits in the operation's deadline.
// - Writes (POST, PUT, DELETE) are never retried — a timed-out or reset POST may have opened a
//   session — unless the request provably never left: connection refused.
// - An open circuit is never retried: failing fast is its point.
// - Backoff: base × 2^(attempt-1) with full jitter (a random delay from 0 to that), at most
//   `maxAttempts` attempts in all, and never a wait that would end past the deadline.
import type { KsefError } from '../ksef-error';

export interface RetryPolicyOptions {
  /** Attempts in all, the first included (defaults: DEFAULT_RETRY_POLICY). */
  maxAttempts?: number;
  /** First backoff ceiling in ms; doubles per attempt. */
  baseDelayMs?: number;
  /** Largest backoff ceiling in ms. */
  maxDelayMs?: number;
}

export interface RetryInput {
  error: KsefError;
  method: string;
  /** 1 for the first attempt that just failed. */
  attempt: number;
  /** Time left until the operation's deadline, in ms. */
  remainingMs: number;
  /** True when the failure came from an open circuit breaker. */
  circuitOpen?: boolean;
  /** [0, 1); Math.random by default, fixed in tests. */
  random?: () => number;
}

export type RetryDecision =
  | { retry: true; delayMs: number; reason: 'unavailable' | 'refused' | 'rate-limited' }
  | { retry: false; reason: string };

export const DEFAULT_RETRY_POLICY: Required<RetryPolicyOptions> = {
  maxAttempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 2_000,
};

/** Full-jitter exponential backoff for the attempt that just failed (1-based). */
export function backoffDelayMs(
  attempt: number,
  options: RetryPolicyOptions = {},
  random: () => number = Math.random,
): number {
  const base = options.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs;
  const max = options.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

export function decideRetry(input: RetryInput, options: RetryPolicyOptions = {}): RetryDecision {
  const maxAttempts = options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts;
  const { error } = input;
  const isRead = input.method.toUpperCase() === 'GET';

  if (input.attempt >= maxAttempts) return { retry: false, reason: 'attempts exhausted' };
  if (input.circuitOpen === true) return { retry: false, reason: 'circuit open' };
  if (input.remainingMs <= 0) return { retry: false, reason: 'deadline passed' };

  if (error.kind === 'rate-limited') {
    if (!isRead) return { retry: false, reason: 'write rate-limited' };
    // Without Retry-After KSeF gave no hint; one second is the smallest honest guess.
    const waitMs = Math.max(0, (error.retryAfterSeconds ?? 1) * 1000);
    if (waitMs >= input.remainingMs) return { retry: false, reason: 'Retry-After past deadline' };
    return { retry: true, delayMs: waitMs, reason: 'rate-limited' };
  }

  if (error.kind !== 'unavailable') return { retry: false, reason: `not retryable: ${error.kind}` };
  // The caller went away: nobody waits for the answer.
  if (error.transport === 'aborted') return { retry: false, reason: 'aborted' };

  const refused = error.transport === 'refused';
  if (!isRead && !refused) return { retry: false, reason: 'write outcome unknown' };

  const delayMs = backoffDelayMs(input.attempt, options, input.random);
  // Leave the next attempt some time to run: a retry that starts at the deadline is useless.
  if (delayMs >= input.remainingMs) return { retry: false, reason: 'backoff past deadline' };
  return { retry: true, delayMs, reason: refused ? 'refused' : 'unavailable' };
}
