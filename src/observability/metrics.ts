// The gateway's Prometheus metrics. Each gateway owns its own registry (not prom-client's global
// one), so tests and several gateways in one process never collide on metric names. Callers see
// only the small `record…` functions below and never touch prom-client, which keeps label names
// and units decided in this one file.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
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
}

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

  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    recordOperation(sample) {
      const labels = {
        operation: operationLabel(sample.operationName || 'anonymous'),
        type: sample.operationType,
      };
      operations.inc({ ...labels, outcome: sample.outcome });
      operationDuration.observe(labels, sample.durationSeconds);
      for (const code of sample.errorCodes ?? []) {
        errors.inc({ code: errorCodeLabel(code) });
      }
    },
    recordUpstream(sample) {
      upstreamRequests.inc({
        group: sample.group,
        method: sample.method.toUpperCase(),
        status: String(sample.status),
      });
      upstreamDuration.observe({ group: sample.group }, sample.durationSeconds);
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
  };
}
