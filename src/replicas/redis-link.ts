// The gateway's two connections to Redis (one for commands, one for pub/sub, which Redis puts in
// a mode of its own) and whether Redis can be counted on right now. Commands are never queued
// while Redis is away (`enableOfflineQueue: false`) and time out after `commandTimeoutMs`: a
// caller is never held up by Redis, the shared parts fall back to their per-process twins. The
// link reconnects on its own; it logs once when sharing stops and once when it resumes.
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { Logger } from '../logging/logger';
import type { ReplicaSettings } from './replica-settings';

/** The parts that fall back to per-process while Redis is away (a metrics label). */
export type SharedPart = 'limiter' | 'answers' | 'live';

export interface RedisLinkObserver {
  setRedisUp?(up: boolean): void;
  recordRedisFallback?(part: SharedPart): void;
}

export interface RedisLink {
  readonly commands: Redis;
  readonly subscriber: Redis;
  /** True while the command connection is ready. */
  readonly up: boolean;
  /** This process among the replicas (leases, own messages); random per start. */
  readonly replicaId: string;
  readonly keyPrefix: string;
  /** A shared part did its work per process this once (Redis away or too slow). */
  fellBack(part: SharedPart): void;
  /** Resolves when the link is up or `timeoutMs` passed (then it keeps trying in the background). */
  whenUp(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export const REDIS_DEGRADED_LOG_MESSAGE =
  'Redis unreachable: rate limits, kept answers and live pollers are per process until it is back';
export const REDIS_RECOVERED_LOG_MESSAGE =
  'Redis reachable: replicas share rate limits, kept answers and live pollers';

/** The URL as it may be logged: no password. */
export function redactedRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable REDIS_URL)';
  }
}

/** Reconnect soon, then every 2 s at most: Redis coming back is noticed within seconds. */
const reconnectDelay = (attempt: number) => Math.min(100 * 2 ** Math.min(attempt, 5), 2_000);

export function createRedisLink(
  settings: ReplicaSettings & { redisUrl: string },
  logger: Logger,
  observer: RedisLinkObserver = {},
): RedisLink {
  const options = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: settings.commandTimeoutMs,
    connectTimeout: Math.max(1_000, settings.commandTimeoutMs * 4),
    retryStrategy: reconnectDelay,
    connectionName: 'ksef-graphql-gateway',
  };
  const commands = new Redis(settings.redisUrl, options);
  // Subscriptions made while Redis is away wait for it; ioredis subscribes again after a reconnect.
  const subscriber = new Redis(settings.redisUrl, {
    ...options,
    enableOfflineQueue: true,
    commandTimeout: undefined,
    maxRetriesPerRequest: null,
  });
  const where = redactedRedisUrl(settings.redisUrl);
  let state: 'starting' | 'up' | 'down' = 'starting';
  let closed = false;
  const waiters = new Set<() => void>();

  const becomeUp = () => {
    if (state === 'up') return;
    state = 'up';
    observer.setRedisUp?.(true);
    logger.info({ redis: where }, REDIS_RECOVERED_LOG_MESSAGE);
    for (const wake of waiters) wake();
    waiters.clear();
  };
  const becomeDown = (error?: unknown) => {
    if (state === 'down' || closed) return;
    state = 'down';
    observer.setRedisUp?.(false);
    const reason = error instanceof Error ? error.message : 'connection closed';
    logger.warn({ redis: where, reason }, REDIS_DEGRADED_LOG_MESSAGE);
  };

  observer.setRedisUp?.(false);
  commands.on('ready', becomeUp);
  commands.on('close', () => becomeDown());
  // ioredis emits an error per failed reconnect; the transition is logged once in becomeDown.
  commands.on('error', (error: unknown) => becomeDown(error));
  subscriber.on('error', () => undefined);
  commands.connect().catch((error: unknown) => becomeDown(error));
  subscriber.connect().catch(() => undefined);

  return {
    commands,
    subscriber,
    get up() {
      return state === 'up' && commands.status === 'ready';
    },
    replicaId: randomUUID(),
    keyPrefix: settings.keyPrefix,
    fellBack: (part) => observer.recordRedisFallback?.(part),
    whenUp(timeoutMs) {
      if (state === 'up') return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(wake);
          if (state === 'starting') becomeDown(new Error(`no answer within ${timeoutMs} ms`));
          resolve(state === 'up');
        }, timeoutMs);
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        waiters.add(wake);
      });
    },
    async close() {
      closed = true;
      await Promise.allSettled([commands.quit(), subscriber.quit()]);
      commands.disconnect();
      subscriber.disconnect();
    },
  };
}
