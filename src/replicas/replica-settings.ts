// What replicas share through Redis (README "Running several replicas"). One place for every
// default; config/ fills `redisUrl` from REDIS_URL and tests shorten the rest.
export interface ReplicaSettings {
  /** REDIS_URL. Unset: every replica limits, keeps and polls on its own. */
  redisUrl: string | undefined;
  /**
   * Longest a Redis command may take. A slower or unreachable Redis must never hold a caller
   * back for long: the call then goes on with the per-process part instead.
   */
  commandTimeoutMs: number;
  /**
   * A live poller's lease: the replica that holds it polls, the others listen. It is renewed
   * every third of it, so another replica takes over at most this long after its holder died.
   */
  pollerLeaseMs: number;
  /** Prefix of every key and channel, so that several gateways (or environments) share one Redis. */
  keyPrefix: string;
}

export const DEFAULT_REPLICA_SETTINGS: ReplicaSettings = {
  redisUrl: undefined,
  commandTimeoutMs: 250,
  pollerLeaseMs: 5_000,
  keyPrefix: 'ksef-gw:',
};
