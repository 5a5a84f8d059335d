import { KsefError } from '../../../src/ksef/ksef-error';
import { createEventQueue } from '../../../src/live/event-queue';
import type { LiveEvent } from '../../../src/live/event-queue';
import { DEFAULT_LIVE_STATUS_SETTINGS } from '../../../src/live/live-settings';
import { createStatusFeed } from '../../../src/live/status-feed';
import type { FeedSubscriber } from '../../../src/live/status-feed';
import type { FeedLink } from '../../../src/live/feed-coordination';

interface State {
  code: number;
}

function feedWith(read: (token: string) => Promise<State>, link?: FeedLink) {
  const reads: Array<{ token: string; at: number }> = [];
  let stopped = 0;
  const feed = createStatusFeed<State>({
    read: (token) => {
      reads.push({ token, at: Date.now() });
      return read(token);
    },
    fingerprint: (state) => String(state.code),
    isFinal: (state) => state.code >= 200,
    waitsOnCaller: (state) => state.code === 100,
    settings: DEFAULT_LIVE_STATUS_SETTINGS,
    onStop: () => (stopped += 1),
    ...(link !== undefined && { link }),
  });
  const subscriber = (token: string) => {
    const events: LiveEvent<State>[] = [];
    const queue = createEventQueue<State>(() => undefined);
    const original = queue.push.bind(queue);
    const originalFail = queue.fail.bind(queue);
    queue.push = (value) => {
      events.push({ value });
      original(value);
    };
    queue.fail = (error) => {
      events.push({ error });
      originalFail(error);
    };
    const sub: FeedSubscriber<State> = { token, queue, lastFingerprint: undefined };
    return { sub, events, queue };
  };
  return { feed, reads, subscriber, stopped: () => stopped };
}

beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

describe('createStatusFeed', () => {
  it('polls busy states every second, backing off without change, and completes on a final state', async () => {
    let code = 170;
    const { feed, reads, subscriber, stopped } = feedWith(() => Promise.resolve({ code }));
    const a = subscriber('a');
    feed.join(a.sub, { code: 170 });
    await jest.advanceTimersByTimeAsync(1_000);
    expect(reads.map((r) => r.at)).toEqual([1_000]);
    await jest.advanceTimersByTimeAsync(1_500);
    expect(reads.map((r) => r.at)).toEqual([1_000, 2_500]);
    code = 200;
    await jest.advanceTimersByTimeAsync(2_250);
    expect(a.events).toEqual([{ value: { code: 200 } }]);
    expect(a.queue.closed || stopped() === 1).toBe(true);
    expect(stopped()).toBe(1);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(reads).toHaveLength(3);
  });

  it('waits 5 s for an open session, and Retry-After after a 429', async () => {
    let answer: () => Promise<State> = () =>
      Promise.reject(new KsefError({ kind: 'rate-limited', message: '429', retryAfterSeconds: 7 }));
    const { feed, reads, subscriber } = feedWith(() => answer());
    feed.join(subscriber('a').sub, { code: 100 });
    await jest.advanceTimersByTimeAsync(5_000);
    expect(reads.map((r) => r.at)).toEqual([5_000]);
    answer = () => Promise.resolve({ code: 100 });
    await jest.advanceTimersByTimeAsync(6_999);
    expect(reads).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(reads.map((r) => r.at)).toEqual([5_000, 12_000]);
  });

  it('ends only the refused token’s subscribers and goes on with another token', async () => {
    const { feed, reads, subscriber } = feedWith((token) =>
      token === 'expired'
        ? Promise.reject(
            new KsefError({ kind: 'unauthenticated', message: 'expired', status: 401 }),
          )
        : Promise.resolve({ code: 170 }),
    );
    const fresh = subscriber('fresh');
    const expired = subscriber('expired');
    feed.join(fresh.sub, { code: 170 });
    feed.join(expired.sub, { code: 170 });
    await jest.advanceTimersByTimeAsync(1_000);
    expect(expired.events).toEqual([{ error: expect.any(KsefError) }]);
    expect(feed.subscribers).toBe(1);
    await jest.advanceTimersByTimeAsync(10);
    expect(reads.map((r) => r.token)).toEqual(['expired', 'fresh']);
    expect(fresh.events).toEqual([]);
  });

  it('stops when the last subscriber leaves', async () => {
    const { feed, reads, subscriber, stopped } = feedWith(() => Promise.resolve({ code: 170 }));
    const a = subscriber('a');
    feed.join(a.sub, { code: 170 });
    feed.leave(a.sub);
    expect(stopped()).toBe(1);
    await jest.advanceTimersByTimeAsync(30_000);
    expect(reads).toEqual([]);
  });

  describe('with other replicas (a feed link)', () => {
    function fakeLink(holds: () => boolean) {
      const sent: unknown[] = [];
      let nudges = 0;
      let closed = 0;
      const link: FeedLink = {
        claim: () => Promise.resolve(holds()),
        retryClaimMs: 1_250,
        broadcast: (value) => sent.push(value),
        nudge: () => (nudges += 1),
        close: () => (closed += 1),
      };
      return { link, sent, nudges: () => nudges, closed: () => closed };
    }

    it('does not poll without the lease, relays what the holder read, and takes over later', async () => {
      let holder = false;
      const fake = fakeLink(() => holder);
      const { feed, reads, subscriber, stopped } = feedWith(
        () => Promise.resolve({ code: 170 }),
        fake.link,
      );
      const a = subscriber('a');
      feed.join(a.sub, { code: 150 });
      await jest.advanceTimersByTimeAsync(5_000);
      expect(reads).toHaveLength(0);
      feed.receive({ code: 170 });
      expect(a.events).toEqual([{ value: { code: 170 } }]);

      holder = true;
      await jest.advanceTimersByTimeAsync(1_250);
      expect(reads).toHaveLength(1);
      expect(fake.sent).toEqual([{ code: 170 }]);

      feed.receive({ code: 200 });
      expect(a.events.at(-1)).toEqual({ value: { code: 200 } });
      expect(stopped()).toBe(1);
      expect(fake.closed()).toBe(1);
    });

    it("tells the others of its own caller's change, but not of theirs", async () => {
      const fake = fakeLink(() => true);
      const { feed, reads, subscriber } = feedWith(() => Promise.resolve({ code: 100 }), fake.link);
      feed.join(subscriber('a').sub, { code: 100 });
      feed.nudge();
      expect(fake.nudges()).toBe(1);
      feed.wake();
      expect(fake.nudges()).toBe(1);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(reads).toHaveLength(1);
    });
  });
});
