import { KSEF_DEFAULT_RATE_LIMITS } from '../../../../src/ksef/wire/rate-limit-groups';
import {
  createRateLimiter,
  DEFAULT_MAX_TRACKED_TOKENS,
  RATE_LIMIT_IDLE_EXPIRY_MS,
} from '../../../../src/simulator/rate-limit/sliding-window';

describe('the rate limiter’s per-token state', () => {
  it('stays within its cap for 20 000 distinct kilobyte-long tokens', () => {
    const limiter = createRateLimiter(KSEF_DEFAULT_RATE_LIMITS);
    const padding = 'x'.repeat(1024);
    let refused = 0;
    for (let i = 0; i < 20_000; i++) {
      if (!limiter.check(`${padding}${i}`, 'sessionList', 1_000 + i).allowed) refused++;
      if (i % 1_000 === 999) {
        expect(limiter.stats().trackedTokens).toBeLessThanOrEqual(DEFAULT_MAX_TRACKED_TOKENS);
      }
    }
    expect(refused).toBe(0);
    expect(limiter.stats()).toEqual({
      trackedTokens: DEFAULT_MAX_TRACKED_TOKENS,
      trackedRequests: DEFAULT_MAX_TRACKED_TOKENS,
    });
  });

  it('forgets a token idle for longer than the widest window', () => {
    const limiter = createRateLimiter(KSEF_DEFAULT_RATE_LIMITS);
    limiter.check('a', 'sessionList', 0);
    limiter.check('b', 'invoiceSend', 10);
    limiter.check('a', 'sessionList', 20);
    expect(limiter.stats()).toEqual({ trackedTokens: 2, trackedRequests: 3 });
    limiter.check('c', 'sessionList', 10 + RATE_LIMIT_IDLE_EXPIRY_MS);
    // b is gone; a's oldest request leaves its window at a's next check.
    expect(limiter.stats()).toEqual({ trackedTokens: 2, trackedRequests: 3 });
    limiter.check('c', 'sessionList', 20 + 2 * RATE_LIMIT_IDLE_EXPIRY_MS);
    expect(limiter.stats()).toEqual({ trackedTokens: 1, trackedRequests: 1 });
  });

  it('gives way to new tokens least recently seen first, keeping the windows of busy ones', () => {
    const limits = {
      ...KSEF_DEFAULT_RATE_LIMITS,
      sessionList: { perSecond: 1, perMinute: 100, perHour: 1000 },
    };
    const limiter = createRateLimiter(limits, { maxTrackedTokens: 3 });
    for (const token of ['a', 'b', 'c']) limiter.check(token, 'sessionList', 0);
    expect(limiter.check('a', 'sessionList', 10).allowed).toBe(false); // a is now the newest
    limiter.check('d', 'sessionList', 20); // b, the least recently seen, gives way
    expect(limiter.stats().trackedTokens).toBe(3);
    expect(limiter.check('a', 'sessionList', 30).allowed).toBe(false); // a's window survived
    expect(limiter.check('b', 'sessionList', 40).allowed).toBe(true); // b starts afresh
  });
});
