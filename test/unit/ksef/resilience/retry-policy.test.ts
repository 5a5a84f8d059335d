import { KsefError } from '../../../../src/ksef/ksef-error';
import type { KsefErrorInit } from '../../../../src/ksef/ksef-error';
import { backoffDelayMs, decideRetry } from '../../../../src/ksef/resilience/retry-policy';

const err = (init: Partial<KsefErrorInit>) =>
  new KsefError({ kind: 'unavailable', message: 'x', ...init });
const half = () => 0.5;

describe('retry policy', () => {
  it('retries a GET on 5xx, timeout and reset', () => {
    for (const error of [
      err({ status: 503 }),
      err({ transport: 'timeout' }),
      err({ transport: 'reset' }),
    ]) {
      expect(
        decideRetry({ error, method: 'GET', attempt: 1, remainingMs: 10_000, random: half }),
      ).toEqual({
        retry: true,
        delayMs: 50,
        reason: 'unavailable',
      });
    }
  });

  it('never retries a POST whose outcome is unknown, but retries a refused one', () => {
    for (const error of [
      err({ status: 503 }),
      err({ transport: 'timeout' }),
      err({ transport: 'reset' }),
    ]) {
      expect(decideRetry({ error, method: 'POST', attempt: 1, remainingMs: 10_000 }).retry).toBe(
        false,
      );
    }
    expect(
      decideRetry({
        error: err({ transport: 'refused' }),
        method: 'POST',
        attempt: 1,
        remainingMs: 10_000,
      }).retry,
    ).toBe(true);
  });

  it('does not retry client errors, contract violations, aborted calls or an open circuit', () => {
    expect(
      decideRetry({
        error: err({ kind: 'bad-request' }),
        method: 'GET',
        attempt: 1,
        remainingMs: 10_000,
      }).retry,
    ).toBe(false);
    expect(
      decideRetry({
        error: err({ kind: 'contract-violation' }),
        method: 'GET',
        attempt: 1,
        remainingMs: 10_000,
      }).retry,
    ).toBe(false);
    expect(
      decideRetry({
        error: err({ transport: 'aborted' }),
        method: 'GET',
        attempt: 1,
        remainingMs: 10_000,
      }).retry,
    ).toBe(false);
    expect(
      decideRetry({
        error: err({}),
        method: 'GET',
        attempt: 1,
        remainingMs: 10_000,
        circuitOpen: true,
      }).retry,
    ).toBe(false);
  });

  it('stops after the maximum attempts and never waits past the deadline', () => {
    expect(
      decideRetry({ error: err({}), method: 'GET', attempt: 3, remainingMs: 10_000 }).retry,
    ).toBe(false);
    expect(
      decideRetry(
        { error: err({}), method: 'GET', attempt: 2, remainingMs: 10_000 },
        { maxAttempts: 5 },
      ).retry,
    ).toBe(true);
    expect(
      decideRetry({
        error: err({}),
        method: 'GET',
        attempt: 1,
        remainingMs: 40,
        random: () => 0.99,
      }).retry,
    ).toBe(false);
  });

  it('honours Retry-After on a GET only when it fits in the time left', () => {
    const limited = err({ kind: 'rate-limited', retryAfterSeconds: 7 });
    expect(decideRetry({ error: limited, method: 'GET', attempt: 1, remainingMs: 8_000 })).toEqual({
      retry: true,
      delayMs: 7_000,
      reason: 'rate-limited',
    });
    expect(
      decideRetry({ error: limited, method: 'GET', attempt: 1, remainingMs: 6_000 }).retry,
    ).toBe(false);
    expect(
      decideRetry({ error: limited, method: 'POST', attempt: 1, remainingMs: 60_000 }).retry,
    ).toBe(false);
  });

  it('backs off exponentially with full jitter, capped', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelayMs(a, {}, () => 0.999))).toEqual([
      99, 199, 399, 799,
    ]);
    expect(backoffDelayMs(1, {}, () => 0)).toBe(0);
    expect(backoffDelayMs(20, { maxDelayMs: 2_000 }, () => 0.999)).toBe(1998);
  });
});
