// How the feeds of several replicas follow one thing with one poll stream (README "Running
// several replicas"). A feed asks its link before each poll whether it is the one to poll (it
// holds the lease); the one that polls broadcasts every state it reads, and the others hand it to
// their own subscribers. Without a coordinator (no REDIS_URL) every feed polls for itself.
export interface FeedLinkEvents {
  /** A state another replica's feed read. */
  value(value: unknown): void;
  /** A caller acted on the session through another replica: look again soon. */
  wake(): void;
}

export interface FeedLink {
  /** True when this feed should poll now: it holds the lease (or nothing is shared right now). */
  claim(): Promise<boolean>;
  /** How soon a feed that did not get the lease asks again. */
  readonly retryClaimMs: number;
  /** Tells the other replicas' feeds what this one read. */
  broadcast(value: unknown): void;
  nudge(): void;
  /** Gives the lease back and stops listening. */
  close(): void;
}

export interface FeedCoordinator {
  /** `feedKey` names the audience and the thing followed (live-status.ts). */
  link(feedKey: string, events: FeedLinkEvents): FeedLink;
}
