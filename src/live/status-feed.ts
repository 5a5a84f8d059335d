// One poller: follows one thing (a session, or an invoice of one) in KSeF for one audience
// (shared-reads/read-audience.ts), whatever the number of its subscribers. It reads with one of
// their tokens, through the caller's clients (so through the shared reads, the limiter, the
// breaker and retries like every call), pushes each change to every subscriber, and stops when
// the state is final or the last subscriber leaves.
//
// Intervals (README "Live status"): `busyIntervalMs` right after a change, `openIntervalMs` for a
// state that waits on the caller (an open online session); each poll without a change stretches
// the interval by `backoffFactor` up to `maxIntervalMs`. KSeF unavailable: the interval doubles up
// to the maximum and the subscribers wait. KSeF 429 (or the gateway's limiter out of budget): the
// next poll waits at least Retry-After. A refused token ends only its own subscribers; the poller
// goes on with another's. Any other failure (no such session, a contract violation) ends all.
//
// Across replicas (feed-coordination.ts): before each poll the feed claims the lease; without it
// the feed only relays what the holder broadcasts and asks again every `retryClaimMs`.
import { isKsefError } from '../ksef/ksef-error';
import type { EventQueue } from './event-queue';
import type { FeedLink } from './feed-coordination';
import type { LiveStatusSettings } from './live-settings';

export interface FeedSubscriber<T> {
  readonly token: string;
  readonly queue: EventQueue<T>;
  /** The fingerprint of what this subscriber was sent last. */
  lastFingerprint: string | undefined;
}

export interface StatusFeedDeps<T> {
  /** One status read with the given token (a fresh caller per poll: its own deadline). */
  read(token: string): Promise<T>;
  /** What identifies a state: equal fingerprints are the same state (no update is sent). */
  fingerprint(value: T): string;
  isFinal(value: T): boolean;
  /** True for a state that changes only when the caller acts (an open online session). */
  waitsOnCaller(value: T): boolean;
  settings: LiveStatusSettings;
  /** Told once when the feed stops, whatever the reason. */
  onStop(): void;
  /** Told of each poll (metrics). */
  onPoll?(): void;
  /** The feeds of other replicas that follow the same thing; absent: this feed polls alone. */
  link?: FeedLink;
}

export interface StatusFeed<T> {
  /** Adds a subscriber that already holds `value` (its own first read, the freshest state). */
  join(subscriber: FeedSubscriber<T>, value: T): void;
  leave(subscriber: FeedSubscriber<T>): void;
  /** Ends every subscriber with `error` and stops. */
  stop(error?: unknown): void;
  /** The caller just acted on it (closed, sent): poll again after `busyIntervalMs`. */
  nudge(): void;
  /** A state another replica read (feed-coordination.ts). */
  receive(value: T): void;
  /** Another replica's caller acted on it: as `nudge`, without telling the others again. */
  wake(): void;
  readonly subscribers: number;
}

export function createStatusFeed<T>(deps: StatusFeedDeps<T>): StatusFeed<T> {
  const { settings } = deps;
  const subscribers: FeedSubscriber<T>[] = [];
  let latest: { value: T; fingerprint: string } | undefined;
  let unchangedPolls = 0;
  let timer: NodeJS.Timeout | undefined;
  let polling = false;
  let stopped = false;
  let failureDelayMs = settings.busyIntervalMs;

  const send = (subscriber: FeedSubscriber<T>, value: T, fingerprint: string) => {
    if (subscriber.lastFingerprint === fingerprint) return;
    subscriber.lastFingerprint = fingerprint;
    subscriber.queue.push(value);
  };

  function stop(error?: unknown) {
    if (stopped) return;
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    for (const subscriber of subscribers.splice(0)) {
      if (error === undefined) subscriber.queue.end();
      else subscriber.queue.fail(error);
    }
    deps.link?.close();
    deps.onStop();
  }

  function schedule(delayMs: number) {
    if (stopped || subscribers.length === 0) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void poll(), Math.max(0, delayMs));
    timer.unref?.();
  }

  function intervalAfter(value: T): number {
    const base = deps.waitsOnCaller(value) ? settings.openIntervalMs : settings.busyIntervalMs;
    return Math.min(base * settings.backoffFactor ** unchangedPolls, settings.maxIntervalMs);
  }

  function publish(value: T) {
    const fingerprint = deps.fingerprint(value);
    if (latest?.fingerprint === fingerprint) unchangedPolls += 1;
    else unchangedPolls = 0;
    latest = { value, fingerprint };
    for (const subscriber of subscribers) send(subscriber, value, fingerprint);
    if (deps.isFinal(value)) stop();
  }

  async function poll() {
    timer = undefined;
    if (stopped || subscribers.length === 0 || polling) return;
    polling = true;
    if (deps.link !== undefined && !(await deps.link.claim())) {
      // Another replica polls; its states arrive through `receive`.
      polling = false;
      schedule(deps.link.retryClaimMs);
      return;
    }
    // The newest subscriber's token: the least likely to have expired.
    const reader = subscribers[subscribers.length - 1];
    if (stopped || reader === undefined) {
      polling = false;
      return;
    }
    let next: number;
    try {
      deps.onPoll?.();
      const value = await deps.read(reader.token);
      failureDelayMs = settings.busyIntervalMs;
      deps.link?.broadcast(value);
      publish(value);
      next = stopped ? 0 : intervalAfter(value);
    } catch (error) {
      next = handleFailure(error, reader);
    } finally {
      polling = false;
    }
    schedule(next);
  }

  function handleFailure(error: unknown, reader: FeedSubscriber<T>): number {
    if (!isKsefError(error)) {
      stop(error);
      return 0;
    }
    switch (error.kind) {
      case 'unauthenticated':
      case 'forbidden':
        // Only this token is refused: its subscribers end, the others' tokens go on at once.
        for (const subscriber of subscribers.filter((s) => s.token === reader.token)) {
          leave(subscriber);
          subscriber.queue.fail(error);
        }
        return 0;
      case 'rate-limited':
        return Math.max((error.retryAfterSeconds ?? 1) * 1000, failureDelayMs);
      case 'unavailable':
        failureDelayMs = Math.min(failureDelayMs * 2, settings.maxIntervalMs);
        return failureDelayMs;
      default:
        stop(error);
        return 0;
    }
  }

  function wake() {
    if (stopped || polling) return;
    unchangedPolls = 0;
    schedule(settings.busyIntervalMs);
  }

  function leave(subscriber: FeedSubscriber<T>) {
    const index = subscribers.indexOf(subscriber);
    if (index >= 0) subscribers.splice(index, 1);
    if (subscribers.length === 0 && !stopped) stop();
  }

  return {
    join(subscriber, value) {
      if (stopped) {
        subscriber.queue.end();
        return;
      }
      subscribers.push(subscriber);
      subscriber.lastFingerprint = deps.fingerprint(value);
      // The newcomer's own read is the freshest state there is: everyone gets it (a join that
      // brings nothing new does not count as a poll without change).
      if (latest?.fingerprint !== subscriber.lastFingerprint) publish(value);
      if (stopped || latest === undefined) return;
      if (timer === undefined && !polling) schedule(intervalAfter(latest.value));
    },
    leave,
    stop,
    nudge() {
      if (stopped) return;
      deps.link?.nudge();
      wake();
    },
    wake,
    receive(value) {
      if (stopped) return;
      publish(value);
    },
    get subscribers() {
      return subscribers.length;
    },
  };
}
