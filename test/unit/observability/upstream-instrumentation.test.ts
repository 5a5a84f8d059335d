import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { KsefHttp, KsefRequestSpec, KsefResponse } from '../../../src/ksef/http';
import { KsefError } from '../../../src/ksef/ksef-error';
import type { UpstreamSample } from '../../../src/observability/metrics';
import { bindTraceParent } from '../../../src/observability/tracing';
import { withUpstreamInstrumentation } from '../../../src/observability/upstream-instrumentation';

function fakeHttp(answer: (spec: KsefRequestSpec) => Promise<KsefResponse<unknown>>): KsefHttp {
  return {
    baseUrl: 'https://api-test.ksef.mf.gov.pl/v2',
    origin: 'https://api-test.ksef.mf.gov.pl',
    timeoutMs: 10_000,
    request: answer as KsefHttp['request'],
    close: () => undefined,
  };
}

const ok = (status = 200): Promise<KsefResponse<unknown>> =>
  Promise.resolve({ status, headers: {}, data: {} });

const statusSpec = (caller?: KsefRequestSpec['caller']): KsefRequestSpec => ({
  method: 'GET',
  pathTemplate: '/sessions/{referenceNumber}',
  pathParams: { referenceNumber: '20251122-SO-0123456789-ABCDEF0123-4F' },
  responseType: 'json',
  expectedStatus: [200],
  ...(caller !== undefined && { caller }),
});

function recorder() {
  const samples: UpstreamSample[] = [];
  return { samples, metrics: { recordUpstream: (sample: UpstreamSample) => samples.push(sample) } };
}

describe('upstream instrumentation', () => {
  it('records each call by rate-limit group, method and status, with its duration', async () => {
    const { samples, metrics } = recorder();
    const http = withUpstreamInstrumentation(
      fakeHttp(() => ok()),
      { metrics },
    );
    await http.request(statusSpec());
    await http.request({ ...statusSpec(), method: 'POST', pathTemplate: '/sessions/online' });
    expect(samples).toEqual([
      { group: 'sessionMisc', method: 'GET', status: 200, durationSeconds: expect.any(Number) },
      { group: 'onlineSession', method: 'POST', status: 200, durationSeconds: expect.any(Number) },
    ]);
  });

  it('records an HTTP error by its status and a transport failure by its kind, rethrowing both unchanged', async () => {
    const { samples, metrics } = recorder();
    const unavailable = new KsefError({ kind: 'unavailable', message: 'x', status: 503 });
    const timeout = new KsefError({ kind: 'unavailable', message: 'x', transport: 'timeout' });
    const failures = [unavailable, timeout];
    const http = withUpstreamInstrumentation(
      fakeHttp(() => Promise.reject(failures.shift() ?? new Error('no more failures'))),
      { metrics },
    );
    await expect(http.request(statusSpec())).rejects.toBe(unavailable);
    await expect(http.request(statusSpec())).rejects.toBe(timeout);
    expect(samples.map((sample) => sample.status)).toEqual([503, 'timeout']);
  });

  it('records nothing for a request refused before it was sent', async () => {
    const { samples, metrics } = recorder();
    const refused = new KsefError({ kind: 'bad-request', message: 'Missing path parameter' });
    const http = withUpstreamInstrumentation(
      fakeHttp(() => Promise.reject(refused)),
      { metrics },
    );
    await expect(http.request(statusSpec())).rejects.toBe(refused);
    expect(samples).toEqual([]);
  });

  it('makes a client span under the parent bound to the caller, without token or reference', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer('unit');
    const parent = tracer.startSpan('graphql.operation Test');
    const caller = { token: 'secret-token', requestId: 'r-1' };
    bindTraceParent([caller], trace.setSpan(ROOT_CONTEXT, parent));

    const http = withUpstreamInstrumentation(
      fakeHttp(() => ok()),
      { tracer },
    );
    await http.request(statusSpec(caller));
    parent.end();

    const [child] = exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);
    expect(child?.name).toBe('ksef GET /sessions/{referenceNumber}');
    expect(child?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(child?.attributes).toEqual({
      'http.request.method': 'GET',
      'url.template': '/sessions/{referenceNumber}',
      'ksef.rate_limit_group': 'sessionMisc',
      'server.address': 'api-test.ksef.mf.gov.pl',
      'server.port': 443,
      'http.response.status_code': 200,
    });
    expect(child?.status.code).toBe(SpanStatusCode.UNSET);
    expect(JSON.stringify(child?.attributes)).not.toMatch(/secret-token|20251122/);
    await provider.shutdown();
  });

  it('labels a pre-signed download by its template and origin only', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const http = withUpstreamInstrumentation(
      fakeHttp(() => ok()),
      {
        tracer: provider.getTracer('unit'),
      },
    );
    await http.request({
      method: 'GET',
      pathTemplate: '{downloadUrl}',
      absoluteUrl: new URL('https://storage.example:8443/upo/abc?sig=SIGNATURE'),
      responseType: 'bytes',
      expectedStatus: [200],
    });
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('ksef GET {downloadUrl}');
    expect(span?.attributes).toMatchObject({
      'server.address': 'storage.example',
      'server.port': 8443,
    });
    expect(JSON.stringify(span?.attributes)).not.toContain('SIGNATURE');
    await provider.shutdown();
  });
});
