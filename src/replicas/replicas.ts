// What a gateway shares with its other replicas through Redis, as one part (gateway.ts builds it
// when REDIS_URL is set): the rate limiter, the final answers of the shared reads, the live
// pollers' leases, and whether Redis can be counted on right now (/ready, /metrics).
import type { Logger } from '../logging/logger';
import type { RateLimiter } from '../ksef/resilience/rate-limiter';
import type { RateLimitTable } from '../ksef/resilience/rate-limits';
import type { SharedAnswerStore } from '../ksef/shared-reads/shared-reads';
import type { FeedCoordinator } from '../live/feed-coordination';
import { createPollerLeases } from './poller-leases';
import { createRedisLink } from './redis-link';
import type { RedisLinkObserver } from './redis-link';
import type { ReplicaSettings } from './replica-settings';
import { createSharedAnswerStore } from './shared-answer-store';
import { createSharedRateLimiter } from './shared-rate-limiter';

export interface Replicas {
  /** The per-process limiter wrapped so that replicas spend one budget. */
  rateLimiter(local: RateLimiter, limits: RateLimitTable, marginMs: number): RateLimiter;
  readonly answers: SharedAnswerStore;
  readonly feeds: FeedCoordinator;
  /** What /ready reports: `shared` while Redis is up, else `per-process`. */
  state(): { redis: 'up' | 'unreachable'; sharing: 'shared' | 'per-process' };
  /** Waits (bounded) for the first connection, so a fresh replica starts sharing. */
  connected(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export function createReplicas(
  settings: ReplicaSettings & { redisUrl: string },
  logger: Logger,
  observer: RedisLinkObserver = {},
): Replicas {
  const link = createRedisLink(settings, logger, observer);
  return {
    rateLimiter: (local, limits, marginMs) =>
      createSharedRateLimiter(link, local, { limits, marginMs }),
    answers: createSharedAnswerStore(link),
    feeds: createPollerLeases(link, settings.pollerLeaseMs),
    state: () =>
      link.up
        ? { redis: 'up', sharing: 'shared' }
        : { redis: 'unreachable', sharing: 'per-process' },
    connected: (timeoutMs) => link.whenUp(timeoutMs),
    close: () => link.close(),
  };
}
