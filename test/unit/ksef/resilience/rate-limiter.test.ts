import { KsefError } from '../../../../src/ksef/ksef-error';
import { callerContextKey } from '../../../../src/ksef/caller-context';
import {
  createRateLimiter,
  DEFAULT_RATE_LIMIT_MARGIN_MS,
  limiterKeyOf,
} from '../../../../src/ksef/resilience/rate-limiter';
import {
  DEFAULT_KSEF_RATE_LIMITS,
  parseRateLimits,
} from '../../../../src/ksef/resilience/rate-limits';
import { jwtWithClaims } from '../../../support/jwt-claims';

function fakeClock() {
  let now = 1_000_000;
  const waits: number[] = [];
  return {
    now: () => now,
    advance: (ms: number) => (now += ms),
    waits,
    sleep: (ms: number) => {
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

const limits = {
  ...DEFAULT_KSEF_RATE_LIMITS,
  sessionMisc: { perSecond: 2, perMinute: 3, perHour: 100 },
};

describe('rate limiter', () => {
  it('lets calls through up to the per-second limit, then queues the next one into the next second', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limits, now: clock.now, sleep: clock.sleep });
    const deadline = clock.now() + 120_000;
    expect((await limiter.acquire({ group: 'sessionMisc', token: 't', deadline })).waitedMs).toBe(
      0,
    );
    expect((await limiter.acquire({ group: 'sessionMisc', token: 't', deadline })).waitedMs).toBe(
      0,
    );
    // Third call in the same second waits for the first to leave the 1 s window, and a margin
    // more: KSeF counts it when it arrives.
    const margin = DEFAULT_RATE_LIMIT_MARGIN_MS;
    expect((await limiter.acquire({ group: 'sessionMisc', token: 't', deadline })).waitedMs).toBe(
      1_000 + margin,
    );
    // Fourth: the minute window (3) is full; it waits until the first call is 60 s old (+ margin).
    expect((await limiter.acquire({ group: 'sessionMisc', token: 't', deadline })).waitedMs).toBe(
      60_000 - (1_000 + margin) + margin,
    );
  });

  it('counts a queued call from when it was released, not from when its slot was planned', async () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({
      limits: { ...limits, sessionMisc: { perSecond: 1, perMinute: 100, perHour: 100 } },
      marginMs: 100,
      now: () => now,
      // The timer fires 300 ms late, as on a busy event loop.
      sleep: (ms) => {
        now += ms + 300;
        return Promise.resolve();
      },
    });
    const deadline = now + 60_000;
    await limiter.acquire({ group: 'sessionMisc', token: 't', deadline });
    expect((await limiter.acquire({ group: 'sessionMisc', token: 't', deadline })).waitedMs).toBe(
      1_400,
    );
    // The third call is spaced from the second's real release (1 400 ms), not from its plan (1 100).
    const third = await limiter.acquire({ group: 'sessionMisc', token: 't', deadline });
    expect(third.waitedMs).toBe(1_100 + 300);
  });

  it('counts an answered call from when its answer arrived, the latest moment KSeF can have seen it', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({
      limits: { ...limits, sessionMisc: { perSecond: 1, perMinute: 100, perHour: 100 } },
      marginMs: 100,
      now: clock.now,
      sleep: clock.sleep,
    });
    const deadline = clock.now() + 60_000;
    const first = await limiter.acquire({ group: 'sessionMisc', token: 't', deadline });
    // KSeF took 700 ms to answer: it may have counted the call as late as that.
    clock.advance(700);
    first.settle();
    const second = await limiter.acquire({ group: 'sessionMisc', token: 't', deadline });
    expect(second.waitedMs).toBe(1_000);
  });

  it('checks a queued call again when its turn comes, against answers that came in meanwhile', async () => {
    let now = 1_000_000;
    const pending: (() => void)[] = [];
    const limiter = createRateLimiter({
      limits: { ...limits, sessionMisc: { perSecond: 1, perMinute: 100, perHour: 100 } },
      marginMs: 100,
      now: () => now,
      sleep: (ms) => {
        now += ms;
        // While the second call waits, the first one's slow answer arrives.
        pending.shift()?.();
        return Promise.resolve();
      },
    });
    const deadline = now + 60_000;
    const first = await limiter.acquire({ group: 'sessionMisc', token: 't', deadline });
    pending.push(() => {
      now += 500;
      first.settle();
    });
    // Planned at 1 100 ms from the first call's send time; the answer at 1 600 moves it to 2 600.
    const second = await limiter.acquire({ group: 'sessionMisc', token: 't', deadline });
    expect(second.waitedMs).toBe(2_600);
  });

  it("keys an entry by group and the caller's KSeF context, never the token itself", () => {
    expect(limiterKeyOf('sessionMisc', 'secret-token')).toBe(
      `sessionMisc:${callerContextKey({ token: 'secret-token' })}`,
    );
    expect(limiterKeyOf('sessionMisc', 'secret-token')).not.toContain('secret');
  });

  it('refuses with rate-limited and retryAfterSeconds when the wait does not fit the deadline', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limits, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 3; i++)
      await limiter.acquire({ group: 'sessionMisc', token: 't', deadline: clock.now() + 120_000 });
    const refused = limiter.acquire({
      group: 'sessionMisc',
      token: 't',
      deadline: clock.now() + 5_000,
    });
    await expect(refused).rejects.toBeInstanceOf(KsefError);
    await expect(refused).rejects.toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 59 });
  });

  it('keeps tokens and groups apart', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limits, now: clock.now, sleep: clock.sleep });
    const deadline = clock.now() + 1;
    await limiter.acquire({ group: 'sessionMisc', token: 'a', deadline });
    await limiter.acquire({ group: 'sessionMisc', token: 'a', deadline });
    await expect(
      limiter.acquire({ group: 'sessionMisc', token: 'b', deadline }),
    ).resolves.toMatchObject({ waitedMs: 0 });
    await expect(
      limiter.acquire({ group: 'sessionList', token: 'a', deadline }),
    ).resolves.toMatchObject({ waitedMs: 0 });
  });

  it('holds a group back after a 429 until Retry-After has passed', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limits, now: clock.now, sleep: clock.sleep });
    limiter.holdBack('sessionMisc', 't', 7);
    expect(limiter.heldBackMs('sessionMisc', 't')).toBe(7_000);
    await expect(
      limiter.acquire({ group: 'sessionMisc', token: 't', deadline: clock.now() + 3_000 }),
    ).rejects.toMatchObject({
      kind: 'rate-limited',
      retryAfterSeconds: 7,
    });
    expect(
      (await limiter.acquire({ group: 'sessionMisc', token: 't', deadline: clock.now() + 10_000 }))
        .waitedMs,
    ).toBe(7_000);
    expect(limiter.heldBackMs('sessionMisc', 't')).toBe(0);
  });

  it('keys entries by a hash of the token and evicts idle ones', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({
      limits,
      now: clock.now,
      sleep: clock.sleep,
      maxEntries: 5,
    });
    for (let i = 0; i < 20; i++)
      await limiter.acquire({ group: 'other', token: `token-${i}`, deadline: clock.now() + 1 });
    expect(limiter.size()).toBeLessThanOrEqual(6);
    clock.advance(3_600_001);
    for (let i = 0; i < 300; i++)
      await limiter.acquire({ group: 'other', token: 'again', deadline: clock.now() + 10_000_000 });
    expect(limiter.size()).toBeLessThanOrEqual(2);
  });

  it('parses KSEF_RATE_LIMITS', () => {
    expect(parseRateLimits(undefined)).toEqual({ ok: true, value: DEFAULT_KSEF_RATE_LIMITS });
    expect(parseRateLimits('off')).toEqual({ ok: true, value: false });
    const parsed = parseRateLimits('sessionMisc=1/2/3');
    expect(parsed.ok && parsed.value && parsed.value.sessionMisc).toEqual({
      perSecond: 1,
      perMinute: 2,
      perHour: 3,
    });
    expect(parseRateLimits('sessionMisc=0/2/3').ok).toBe(false);
  });
});

describe('rate limiter keys', () => {
  it('gives two access tokens of one KSeF context one budget, and another context its own', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limits, now: clock.now, sleep: clock.sleep });
    const deadline = clock.now() + 5_000;
    const ofNip = (nip: string, jti: string) => jwtWithClaims({ cit: 'Nip', civ: nip, jti });
    const [first, second] = [ofNip('6402505780', 'a'), ofNip('6402505780', 'b')];
    await limiter.acquire({ group: 'sessionMisc', token: first, deadline });
    await limiter.acquire({ group: 'sessionMisc', token: second, deadline });
    await limiter.acquire({ group: 'sessionMisc', token: first, deadline });
    // The minute window (3) of the context is full: a fourth call of either token cannot fit.
    await expect(
      limiter.acquire({ group: 'sessionMisc', token: second, deadline }),
    ).rejects.toMatchObject({ kind: 'rate-limited' });
    expect(
      (await limiter.acquire({ group: 'sessionMisc', token: ofNip('5265877635', 'c'), deadline }))
        .waitedMs,
    ).toBe(0);
  });
});
