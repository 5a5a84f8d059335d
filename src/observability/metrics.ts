// The gateway's Prometheus metrics. Each gateway owns its own registry (not prom-client's global
// one), so tests and several gateways in one process never collide on metric names. Callers see
// only the small `record…` functions below and never touch prom-client, which keeps label names
// and units decided in this one file.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { SharedReadKind, SharedReadOutcome } from '../ksef/shared-reads/shared-reads';
import type { RateLimitGroup } from '../ksef/wire/rate-limit-groups';
import { createBoundedLabel } from './bounded-label';

export type OperationType = 'query' | 'mutation' | 'subscription' | 'unknown';
export type OperationOutcome = 'ok' | 'error';
export type CircuitState = 'closed' | 'half-open' | 'open';

export interface OperationSample {
  /** The GraphQL operation name; anonymous operations are recorded as `anonymous`. */
  operationName: string | undefined;
  operationType: OperationType;
  outcome: OperationOutcome;
  durationSeconds: number;
  /** `extensions.code` of every error in the response (repeats allowed: one count each). */
  errorCodes?: readonly string[];
}

export interface UpstreamSample {
  group: RateLimitGroup;
  method: string;
  /** The HTTP status, or a transport failure (`timeout`, `refused` …) when no response came. */
  status: number | string;
  durationSeconds: number;
}

export interface GatewayMetrics {
  /** The `Content-Type` of `render()`'s text (Prometheus text format 0.0.4). */
  readonly contentType: string;
  render(): Promise<string>;
  recordOperation(sample: OperationSample): void;
  recordUpstream(sample: UpstreamSample): void;
  /** Status lookups that cost no upstream call thanks to DataLoader dedup or priming. */
  recordDeduplicated(count?: number): void;
  recordRetry(group: RateLimitGroup): void;
  /** The gateway's own limiter held a call back for `waitSeconds` to stay inside KSeF's window. */
  recordRateLimitWait(group: RateLimitGroup, waitSeconds: number): void;
  setCircuitState(upstream: string, state: CircuitState): void;
  /** Live-status feeds (pollers) running now. */
  setPollers(count: number): void;
  /** Live subscriptions held now (WebSocket and HTTP callback). */
  setSubscriptions(count: number): void;
  /** WebSocket connections open now. */
  setLiveConnections(count: number): void;
  /** One poll of a live-status feed. */
  recordPoll(kind: 'session' | 'invoice'): void;
  /** A read answered by another request's KSeF call (`joined`) or a kept final answer (`kept`). */
  recordSharedRead(kind: SharedReadKind, outcome: SharedReadOutcome): void;
  /** REDIS_URL set: whether Redis is reachable now (the series exists only then). */
  setRedisUp(up: boolean): void;
  /** A part shared through Redis did its work per process this once (Redis away or too slow). */
  recordRedisFallback(part: RedisSharedPart): void;
}

/** What replicas share through Redis (replicas/): a metrics label. */
export type RedisSharedPart = 'limiter' | 'answers' | 'live';

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event loop lag, GC); default true. */
  defaultMetrics?: boolean;
  /** Distinct operation names kept as labels before the rest fold into `__other__`; default 200. */
  maxOperationNames?: number;
}

export const CIRCUIT_STATE_VALUE: Readonly<Record<CircuitState, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};

// Seconds. Operations mostly wait on KSeF (tens to hundreds of ms); the tail reaches the upstream
// timeout (10 s) and beyond when a rate-limit wait precedes the call.
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * prom-client finds a labelled series by hashing its label object on every call; the gateway's
 * hot path records a handful of distinct combinations over and over. This keeps each combination's
 * series (its `labels(...)` child) under a string key, bounded: past `max` combinations it stops
 * remembering and asks prom-client each time, as before.
 */
function seriesCache<T>(resolve: (...labels: string[]) => T, max = 2_000) {
  const cache = new Map<string, T>();
  return (...labels: string[]): T => {
    const key = labels.join('\u0000');
    let series = cache.get(key);
    if (series === undefined) {
      series = resolve(...labels);
      if (cache.size < max) cache.set(key, series);
    }
    return series;
  };
}

export function createMetrics(options: MetricsOptions = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) {
    collectDefaultMetrics({ register: registry });
  }
  const registers = [registry];
  const operationLabel = createBoundedLabel(options.maxOperationNames ?? 200);
  // Error codes are the gateway's own (errors/format-error.ts), but a bound costs nothing.
  const errorCodeLabel = createBoundedLabel(50);
  const upstreamLabel = createBoundedLabel(20);

  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations handled, by operation name, type and outcome',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers,
  });
  const operationDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time from receiving a GraphQL request to sending its response',
    labelNames: ['operation', 'type'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const errors = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors returned to callers, by extensions.code',
    labelNames: ['code'] as const,
    registers,
  });
  const upstreamRequests = new Counter({
    name: 'ksef_upstream_requests_total',
    help: 'Calls to the KSeF API, by rate-limit group, method and HTTP status (or transport failure)',
    labelNames: ['group', 'method', 'status'] as const,
    registers,
  });
  const upstreamDuration = new Histogram({
    name: 'ksef_upstream_request_duration_seconds',
    help: 'Duration of calls to the KSeF API, by rate-limit group',
    labelNames: ['group'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const deduplicated = new Counter({
    name: 'dataloader_deduplicated_total',
    help: 'Session status lookups answered without an upstream call (DataLoader dedup or priming)',
    registers,
  });
  const retries = new Counter({
    name: 'ksef_upstream_retries_total',
    help: 'Retried calls to the KSeF API, by rate-limit group',
    labelNames: ['group'] as const,
    registers,
  });
  const rateLimitWaits = new Counter({
    name: 'ksef_rate_limit_waits_total',
    help: "Calls held back by the gateway's limiter to stay inside KSeF's rate limits",
    labelNames: ['group'] as const,
    registers,
  });
  const rateLimitWaitSeconds = new Counter({
    name: 'ksef_rate_limit_wait_seconds_total',
    help: "Total time calls spent held back by the gateway's limiter",
    labelNames: ['group'] as const,
    registers,
  });
  const circuitState = new Gauge({
    name: 'ksef_circuit_state',
    help: 'Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open',
    labelNames: ['upstream'] as const,
    registers,
  });

  const sharedReads = new Counter({
    name: 'ksef_shared_reads_total',
    help: "Reads answered without a KSeF call of their own: joined another request's call, or kept final",
    labelNames: ['kind', 'outcome'] as const,
    registers,
  });

  const pollers = new Gauge({
    name: 'ksef_live_pollers',
    help: 'Live-status feeds polling KSeF now: one per followed session or invoice and audience',
    registers,
  });
  const subscriptions = new Gauge({
    name: 'graphql_live_subscriptions',
    help: 'Live subscriptions (sessionUpdated, invoiceUpdated) held now',
    registers,
  });
  const liveConnections = new Gauge({
    name: 'graphql_websocket_connections',
    help: 'WebSocket connections (graphql-transport-ws) open now',
    registers,
  });
  const polls = new Counter({
    name: 'ksef_live_polls_total',
    help: 'Status reads made by live-status feeds, by what they follow',
    labelNames: ['kind'] as const,
    registers,
  });

  // Registered on first use: a gateway without REDIS_URL shows no Redis series at all.
  let redisUp: Gauge | undefined;
  let redisFallbacks: Counter<'part'> | undefined;

  // The operation name is bounded first (operationLabel), so these caches are bounded too.
  const operationSeries = seriesCache((operation, type, outcome) =>
    operations.labels({ operation, type, outcome }),
  );
  const operationDurationSeries = seriesCache((operation, type) =>
    operationDuration.labels({ operation, type }),
  );
  const errorSeries = seriesCache((code) => errors.labels({ code }));
  const upstreamSeries = seriesCache((group, method, status) =>
    upstreamRequests.labels({ group, method: method.toUpperCase(), status }),
  );
  const upstreamDurationSeries = seriesCache((group) => upstreamDuration.labels({ group }));
  const sharedReadSeries = seriesCache((kind, outcome) => sharedReads.labels({ kind, outcome }));

  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    recordOperation(sample) {
      const operation = operationLabel(sample.operationName || 'anonymous');
      operationSeries(operation, sample.operationType, sample.outcome).inc();
      operationDurationSeries(operation, sample.operationType).observe(sample.durationSeconds);
      const codes = sample.errorCodes;
      if (codes !== undefined) {
        for (const code of codes) errorSeries(errorCodeLabel(code)).inc();
      }
    },
    recordUpstream(sample) {
      upstreamSeries(sample.group, sample.method, String(sample.status)).inc();
      upstreamDurationSeries(sample.group).observe(sample.durationSeconds);
    },
    recordDeduplicated(count = 1) {
      if (count > 0) {
        deduplicated.inc(count);
      }
    },
    recordRetry(group) {
      retries.inc({ group });
    },
    recordRateLimitWait(group, waitSeconds) {
      rateLimitWaits.inc({ group });
      rateLimitWaitSeconds.inc({ group }, Math.max(0, waitSeconds));
    },
    setCircuitState(upstream, state) {
      circuitState.set({ upstream: upstreamLabel(upstream) }, CIRCUIT_STATE_VALUE[state]);
    },
    setPollers: (count) => pollers.set(count),
    setSubscriptions: (count) => subscriptions.set(count),
    setLiveConnections: (count) => liveConnections.set(count),
    recordPoll: (kind) => polls.inc({ kind }),
    recordSharedRead(kind, outcome) {
      sharedReadSeries(kind, outcome).inc();
    },
    setRedisUp(up) {
      redisUp ??= new Gauge({
        name: 'ksef_redis_up',
        help: 'REDIS_URL set: 1 while Redis is reachable (replicas share limits, answers, pollers), 0 while each replica works alone',
        registers,
      });
      redisUp.set(up ? 1 : 0);
    },
    recordRedisFallback(part) {
      redisFallbacks ??= new Counter({
        name: 'ksef_redis_fallbacks_total',
        help: 'Calls a part shared through Redis made per process instead (Redis unreachable or slower than its timeout)',
        labelNames: ['part'] as const,
        registers,
      });
      redisFallbacks.inc({ part });
    },
  };
}
