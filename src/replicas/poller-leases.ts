// One poll stream per followed thing across replicas (live/feed-coordination.ts). Each feed has a
// lease in Redis and a pub/sub channel, both named by a hash of the feed's key (its audience hash
// and the reference numbers). The feed that holds the lease polls and publishes each state; the
// others relay what they hear and try for the lease every quarter of it. The holder renews it
// every third, so when its replica dies another takes over within the lease time.
//
// Redis away: every feed polls for itself (a claim answers yes), as without REDIS_URL; states
// published then are lost, which costs nothing since every replica polls. Once Redis is back, the
// first claim wins and the others go back to listening.
import { sha256 } from '../ksef/caller-context';
import type { FeedCoordinator, FeedLink, FeedLinkEvents } from '../live/feed-coordination';
import type { RedisLink } from './redis-link';
import { withGatewayScripts } from './redis-scripts';

interface Message {
  from: string;
  /** A state read by the holder, or a nudge. */
  value?: unknown;
  nudge?: true;
}

export function createPollerLeases(link: RedisLink, leaseMs: number): FeedCoordinator {
  const redis = withGatewayScripts(link.commands);
  const listeners = new Map<string, Set<FeedLinkEvents>>();

  link.subscriber.on('message', (channel: string, text: string) => {
    const events = listeners.get(channel);
    if (events === undefined) return;
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      return;
    }
    if (message.from === link.replicaId) return;
    for (const listener of events) {
      if (message.nudge === true) listener.wake();
      else if (message.value !== undefined) listener.value(message.value);
    }
  });

  function listen(channel: string, events: FeedLinkEvents) {
    let set = listeners.get(channel);
    if (set === undefined) {
      set = new Set();
      listeners.set(channel, set);
      link.subscriber.subscribe(channel).catch(() => link.fellBack('live'));
    }
    set.add(events);
  }

  function unlisten(channel: string, events: FeedLinkEvents) {
    const set = listeners.get(channel);
    if (set === undefined) return;
    set.delete(events);
    if (set.size > 0) return;
    listeners.delete(channel);
    link.subscriber.unsubscribe(channel).catch(() => undefined);
  }

  return {
    link(feedKey, events): FeedLink {
      const hash = sha256(feedKey);
      const channel = `${link.keyPrefix}live:${hash}`;
      const lease = `${link.keyPrefix}lease:${hash}`;
      let renewal: NodeJS.Timeout | undefined;
      let held = false;
      let closed = false;

      const stopRenewing = () => {
        if (renewal !== undefined) clearInterval(renewal);
        renewal = undefined;
      };
      const renew = async (): Promise<boolean> => {
        try {
          held = (await redis.ksefClaimLease(lease, link.replicaId, leaseMs)) === 1;
        } catch {
          held = false;
          link.fellBack('live');
          return true;
        }
        if (!held) stopRenewing();
        return held;
      };
      const publish = (message: Omit<Message, 'from'>) => {
        if (!link.up) return;
        redis
          .publish(channel, JSON.stringify({ from: link.replicaId, ...message }))
          .catch(() => link.fellBack('live'));
      };

      listen(channel, events);
      return {
        retryClaimMs: Math.max(50, Math.floor(leaseMs / 4)),
        async claim() {
          if (closed) return false;
          if (!link.up) {
            link.fellBack('live');
            return true;
          }
          const mine = await renew();
          if (held && renewal === undefined && !closed) {
            renewal = setInterval(() => void renew(), Math.max(50, Math.floor(leaseMs / 3)));
            renewal.unref();
          }
          return mine;
        },
        broadcast: (value) => publish({ value }),
        nudge: () => publish({ nudge: true }),
        close() {
          if (closed) return;
          closed = true;
          stopRenewing();
          unlisten(channel, events);
          if (held && link.up) {
            redis.ksefReleaseLease(lease, link.replicaId).catch(() => undefined);
          }
          held = false;
        },
      };
    },
  };
}
