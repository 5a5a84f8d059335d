import { createMetricsResponder } from '../../../src/http/metrics-response';
import { createMetrics } from '../../../src/observability/metrics';
import { fakeRequest, fakeResponse } from '../../support/fake-http';

describe('the metrics responder', () => {
  it('serves the registry in the Prometheus text format', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.recordRetry('sessionMisc');
    const { res, done } = fakeResponse();

    await createMetricsResponder(metrics)(fakeRequest('GET'), res);
    const { status, headers, body } = await done;

    expect(status).toBe(200);
    expect(headers['content-type']).toBe(metrics.contentType);
    expect(body.toString('utf8')).toContain('ksef_upstream_retries_total{group="sessionMisc"} 1');
  });

  it('answers 500 instead of crashing when collecting fails', async () => {
    const failing = { contentType: 'text/plain', render: () => Promise.reject(new Error('boom')) };
    const { res, done } = fakeResponse();

    await createMetricsResponder(failing)(fakeRequest('GET'), res);

    expect((await done).status).toBe(500);
  });
});
