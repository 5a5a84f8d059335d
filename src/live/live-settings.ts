// How the gateway follows a session or an invoice for its subscribers (README "Live status").
// One place for every default; config/ puts them in GatewayOptions and tests shorten them.
export interface LiveStatusSettings {
  /** Interval right after a change while KSeF is working (closing, processing): 1 s. */
  busyIntervalMs: number;
  /** Interval while an online session is open (it changes only when invoices arrive): 5 s. */
  openIntervalMs: number;
  /** Each poll that sees no change stretches the interval by this factor … */
  backoffFactor: number;
  /** … up to this. */
  maxIntervalMs: number;
  /** Subscriptions one token may hold at once (WebSocket and callback together). */
  maxSubscriptionsPerToken: number;
  /** Subscriptions the process holds at once. */
  maxSubscriptions: number;
  /** WebSocket connections one token may hold at once. */
  maxConnectionsPerToken: number;
  /** WebSocket connections the process holds at once. */
  maxConnections: number;
  /** A WebSocket ping this often; a connection that missed one pong is closed. */
  heartbeatMs: number;
}

export const DEFAULT_LIVE_STATUS_SETTINGS: LiveStatusSettings = {
  busyIntervalMs: 1_000,
  openIntervalMs: 5_000,
  backoffFactor: 1.5,
  maxIntervalMs: 10_000,
  maxSubscriptionsPerToken: 100,
  maxSubscriptions: 10_000,
  maxConnectionsPerToken: 20,
  maxConnections: 5_000,
  heartbeatMs: 15_000,
};

/** What a subscriber is told when the gateway stops (SIGTERM) while it follows something. */
export const LIVE_SHUTDOWN_MESSAGE =
  'The gateway is shutting down; subscribe again to keep following (another replica or the restarted gateway will answer).';
