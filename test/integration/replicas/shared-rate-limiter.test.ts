// The limiter shared through a real Redis: two replicas (two links, two per-process limiters)
// spending one context's budget. Grants are stamped when they return; however they are spread
// over both, no window ever holds more than the limit. A 429 hold-back set by one holds the other.
// Redis gone: each falls back to its own limiter and says so.
import { createRateLimiter } from '../../../src/ksef/resilience/rate-limiter';
import type { RateLimiter } from '../../../src/ksef/resilience/rate-limiter';
import { DEFAULT_KSEF_RATE_LIMITS } from '../../../src/ksef/resilience/rate-limits';
import type { RateLimitTable } from '../../../src/ksef/resilience/rate-limits';
import { isKsefError } from '../../../src/ksef/ksef-error';
import { createSharedRateLimiter } from '../../../src/replicas/shared-rate-limiter';
import { hasRedisServer, useTestRedisLinks } from '../../support/redis';

const LIMITS: RateLimitTable = {
  ...DEFAULT_KSEF_RATE_LIMITS,
  sessionMisc: { perSecond: 5, perMinute: 1_000, perHour: 10_000 },
};
const MARGIN_MS = 50;

const describeWithRedis = hasRedisServer() ? describe : describe.skip;

describeWithRedis('the rate limiter shared through Redis', () => {
  const redisLinks = useTestRedisLinks();

  async function replica(prefix: string, fallbacks: string[] = []) {
    const link = await redisLinks.link({
      keyPrefix: prefix,
      observer: { recordRedisFallback: (part) => fallbacks.push(part) },
    });
    const local = createRateLimiter({ limits: LIMITS, marginMs: MARGIN_MS });
    return {
      link,
      local,
      shared: createSharedRateLimiter(link, local, { limits: LIMITS, marginMs: MARGIN_MS }),
    };
  }

  async function burst(limiters: RateLimiter[], calls: number, deadlineMs: number, token: string) {
    const granted: number[] = [];
    const refused: number[] = [];
    const deadline = Date.now() + deadlineMs;
    await Promise.all(
      Array.from({ length: calls }, async (_, i) => {
        const limiter = limiters[i % limiters.length]!;
        try {
          const grant = await limiter.acquire({ group: 'sessionMisc', token, deadline });
          granted.push(Date.now());
          // The answer comes 20 ms later, as from a quick KSeF.
          setTimeout(() => grant.settle(), 20);
        } catch (error) {
          if (!isKsefError(error) || error.kind !== 'rate-limited') throw error;
          refused.push(error.retryAfterSeconds ?? 0);
        }
      }),
    );
    return { granted: granted.sort((a, b) => a - b), refused };
  }

  /** Most grants inside any `windowMs` (a grant at t and one at t + windowMs are not in one). */
  function mostInWindow(times: number[], windowMs: number): number {
    let most = 0;
    for (let i = 0; i < times.length; i += 1) {
      let j = i;
      while (j < times.length && times[j]! - times[i]! < windowMs) j += 1;
      most = Math.max(most, j - i);
    }
    return most;
  }

  it('keeps two replicas together inside one per-second window', async () => {
    const a = await replica('t1:');
    const b = await replica('t1:');
    const { granted, refused } = await burst([a.shared, b.shared], 30, 2_500, 'token-one');
    // 5 per second over 2.5 s: 5 at once, then 5 more after each second (and its margin).
    expect(granted.length).toBeGreaterThanOrEqual(10);
    expect(granted.length).toBeLessThanOrEqual(15);
    expect(mostInWindow(granted, 1_000)).toBeLessThanOrEqual(5);
    expect(refused.length).toBe(30 - granted.length);
    for (const seconds of refused) expect(seconds).toBeGreaterThanOrEqual(1);
    // Neither replica's own limiter was asked: no per-process entries.
    expect(a.local.size() + b.local.size()).toBe(0);
  });

  it('without sharing the same burst lets each replica spend the whole budget', async () => {
    const a = createRateLimiter({ limits: LIMITS, marginMs: MARGIN_MS });
    const b = createRateLimiter({ limits: LIMITS, marginMs: MARGIN_MS });
    const { granted } = await burst([a, b], 30, 500, 'token-two');
    expect(mostInWindow(granted, 1_000)).toBe(10);
  });

  it("holds every replica back after one of them heard KSeF's 429", async () => {
    const a = await replica('t3:');
    const b = await replica('t3:');
    a.shared.holdBack('sessionMisc', 'token-three', 2);
    // Let the hold-back reach Redis (it is not awaited by the caller that heard the 429).
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(
      b.shared.acquire({
        group: 'sessionMisc',
        token: 'token-three',
        deadline: Date.now() + 1_000,
      }),
    ).rejects.toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 2 });
    // Another context is not held back.
    await expect(
      b.shared.acquire({ group: 'sessionMisc', token: 'token-other', deadline: Date.now() + 100 }),
    ).resolves.toMatchObject({ waitedMs: expect.any(Number) });
  });

  it('falls back to the per-process limiter while Redis is away, and shares again after', async () => {
    const fallbacks: string[] = [];
    const a = await replica('t4:', fallbacks);
    await redisLinks.redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(a.link.up).toBe(false);
    const started = Date.now();
    const grant = await a.shared.acquire({
      group: 'sessionMisc',
      token: 'token-four',
      deadline: Date.now() + 1_000,
    });
    grant.settle();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(fallbacks).toContain('limiter');
    expect(a.local.size()).toBe(1);

    await redisLinks.redis.restart();
    expect(await a.link.whenUp(10_000)).toBe(true);
    const before = fallbacks.length;
    const again = await a.shared.acquire({
      group: 'sessionMisc',
      token: 'token-four',
      deadline: Date.now() + 1_000,
    });
    again.settle();
    expect(fallbacks.length).toBe(before);
  });
});
