import { createMetrics } from '../../../src/observability/metrics';

describe('gateway metrics', () => {
  it('renders every counter, histogram and gauge after recording', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.recordOperation({
      operationName: 'ListSessions',
      operationType: 'query',
      outcome: 'error',
      durationSeconds: 0.042,
      errorCodes: ['RATE_LIMITED', 'RATE_LIMITED'],
    });
    metrics.recordUpstream({
      group: 'sessionList',
      method: 'get',
      status: 429,
      durationSeconds: 0.1,
    });
    metrics.recordUpstream({
      group: 'sessionMisc',
      method: 'GET',
      status: 'timeout',
      durationSeconds: 10,
    });
    metrics.recordDeduplicated(3);
    metrics.recordRetry('sessionMisc');
    metrics.recordRateLimitWait('sessionList', 0.25);
    metrics.setCircuitState('api-test.ksef.mf.gov.pl', 'open');

    const text = await metrics.render();

    expect(text).toContain(
      'graphql_operations_total{operation="ListSessions",type="query",outcome="error"} 1',
    );
    expect(text).toContain(
      'graphql_operation_duration_seconds_bucket{le="0.05",operation="ListSessions",type="query"} 1',
    );
    expect(text).toContain('graphql_errors_total{code="RATE_LIMITED"} 2');
    expect(text).toContain(
      'ksef_upstream_requests_total{group="sessionList",method="GET",status="429"} 1',
    );
    expect(text).toContain(
      'ksef_upstream_requests_total{group="sessionMisc",method="GET",status="timeout"} 1',
    );
    expect(text).toContain('ksef_upstream_request_duration_seconds_count{group="sessionList"} 1');
    expect(text).toContain('dataloader_deduplicated_total 3');
    expect(text).toContain('ksef_upstream_retries_total{group="sessionMisc"} 1');
    expect(text).toContain('ksef_rate_limit_waits_total{group="sessionList"} 1');
    expect(text).toContain('ksef_rate_limit_wait_seconds_total{group="sessionList"} 0.25');
    expect(text).toContain('ksef_circuit_state{upstream="api-test.ksef.mf.gov.pl"} 2');
  });

  it('records the circuit state as 0 closed, 1 half-open, 2 open, keeping the latest', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.setCircuitState('ksef', 'open');
    metrics.setCircuitState('ksef', 'half-open');
    expect(await metrics.render()).toContain('ksef_circuit_state{upstream="ksef"} 1');
    metrics.setCircuitState('ksef', 'closed');
    expect(await metrics.render()).toContain('ksef_circuit_state{upstream="ksef"} 0');
  });

  it('keeps two gateways in one process apart, each with its own registry', async () => {
    const first = createMetrics({ defaultMetrics: false });
    const second = createMetrics({ defaultMetrics: false });
    first.recordRetry('other');
    expect(await first.render()).toContain('ksef_upstream_retries_total{group="other"} 1');
    expect(await second.render()).not.toContain('ksef_upstream_retries_total{group="other"}');
  });

  it('includes the process metrics by default and serves the Prometheus text content type', async () => {
    const metrics = createMetrics();
    expect(await metrics.render()).toContain('process_cpu_user_seconds_total');
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('names anonymous operations and folds client-chosen names beyond the bound into __other__', async () => {
    const metrics = createMetrics({ defaultMetrics: false, maxOperationNames: 2 });
    for (const operationName of [undefined, 'A', 'B', 'A']) {
      metrics.recordOperation({
        operationName,
        operationType: 'query',
        outcome: 'ok',
        durationSeconds: 0.001,
      });
    }

    const text = await metrics.render();

    expect(text).toContain(
      'graphql_operations_total{operation="anonymous",type="query",outcome="ok"} 1',
    );
    expect(text).toContain('graphql_operations_total{operation="A",type="query",outcome="ok"} 2');
    expect(text).toContain(
      'graphql_operations_total{operation="__other__",type="query",outcome="ok"} 1',
    );
    expect(text).not.toContain('operation="B"');
  });
});
