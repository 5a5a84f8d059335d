// OpenTelemetry tracing over real HTTP: one span per GraphQL operation and one child span per
// KSeF call (the pre-signed UPO download included), linked parent to child, named and labelled by
// path template — and no token, reference number or query string in any span. No per-field spans.
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { loadOperation, newToken, openSession, startStack } from '../../support/stack';
import type { Json, Stack } from '../../support/stack';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('tracing-e2e');
const SEED_TOKEN = `seed-${newToken()}`;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    simulator: { seed: { token: SEED_TOKEN } },
    // One attempt per call: the fault test below wants exactly one failed child span.
    env: { KSEF_RETRY_ATTEMPTS: '1' },
    observability: { tracer },
  });
});

afterAll(async () => {
  await stack?.stop();
  await provider.shutdown();
});

beforeEach(() => {
  exporter.reset();
  stack.simulator.requestLog.clear();
  stack.simulator.faults.clear();
});

async function post(
  operation: string,
  variables: Record<string, unknown>,
  token: string,
): Promise<Json> {
  const response = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: loadOperation(operation), variables }),
  });
  return response.json();
}

/** The spans of one operation: the operation span and its children, once all have ended. */
function spansOf(operationName: string): { operation: ReadableSpan; children: ReadableSpan[] } {
  const spans = exporter.getFinishedSpans();
  const operations = spans.filter((span) => span.name === `graphql.operation ${operationName}`);
  expect(operations).toHaveLength(1);
  const operation = operations[0]!;
  const children = spans.filter(
    (span) => span.parentSpanContext?.spanId === operation.spanContext().spanId,
  );
  return { operation, children };
}

function expectNoSecrets(spans: readonly ReadableSpan[], secrets: readonly string[]): void {
  const text = JSON.stringify(
    spans.map((span) => ({
      name: span.name,
      attributes: span.attributes,
      status: span.status,
      events: span.events,
    })),
  );
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/Bearer/i);
}

describe('tracing', () => {
  it('makes one operation span and one child span per KSeF call, linked, without the token', async () => {
    const token = newToken();
    const ref = (await openSession(stack, token)).session.referenceNumber;
    exporter.reset();
    stack.simulator.requestLog.clear();

    const result = await post('GetSession', { referenceNumber: ref }, token);
    expect(result.errors).toBeUndefined();

    const { operation, children } = spansOf('GetSession');
    expect(operation.kind).toBe(SpanKind.SERVER);
    expect(operation.attributes).toMatchObject({
      'graphql.operation.name': 'GetSession',
      'graphql.operation.type': 'query',
      'graphql.operation.outcome': 'ok',
    });
    expect(operation.status.code).not.toBe(SpanStatusCode.ERROR);

    // As many children as calls the simulator saw, and nothing else: no per-field spans.
    const calls = stack.simulator.requestLog.entries();
    expect(children).toHaveLength(calls.length);
    expect(exporter.getFinishedSpans()).toHaveLength(1 + calls.length);
    const [child] = children;
    expect(child?.name).toBe('ksef GET /sessions/{referenceNumber}');
    expect(child?.kind).toBe(SpanKind.CLIENT);
    expect(child?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.template': '/sessions/{referenceNumber}',
      'http.response.status_code': 200,
      'ksef.rate_limit_group': 'sessionMisc',
    });
    expect(child?.spanContext().traceId).toBe(operation.spanContext().traceId);

    expectNoSecrets(exporter.getFinishedSpans(), [token, ref]);
  });

  it('puts every KSeF call of a mutation under its span', async () => {
    const token = newToken();
    await openSession(stack, token);
    const { operation, children } = spansOf('OpenOnlineSession');
    expect(operation.attributes['graphql.operation.type']).toBe('mutation');
    const names = children.map((span) => span.name);
    expect(names).toContain('ksef POST /sessions/online');
    expect(children.length).toBe(stack.simulator.requestLog.count());
    const generated = exporter
      .getFinishedSpans()
      .flatMap((span) => Object.values(span.attributes).map(String));
    expect(generated.join(' ')).not.toContain(token);
  });

  it('parents the pre-signed UPO download too, labelled without its signed URL', async () => {
    const listed = await post('ListSessions', { type: 'ONLINE', first: 10 }, SEED_TOKEN);
    expect(listed.errors).toBeUndefined();
    const refs: string[] = listed.data.sessions.edges.map(
      (edge: Json) => edge.node.referenceNumber,
    );
    let withUpo: Json;
    let ref: string | undefined;
    for (const candidate of refs) {
      exporter.reset();
      stack.simulator.requestLog.clear();
      const result = await post(
        'GetSessionUpoDocument',
        { referenceNumber: candidate },
        SEED_TOKEN,
      );
      if (result.data?.session?.upo?.pages?.length > 0) {
        withUpo = result;
        ref = candidate;
        break;
      }
    }
    expect(withUpo).toBeDefined();
    expect(withUpo.errors).toBeUndefined();

    const { children } = spansOf('GetSessionUpoDocument');
    expect(children.length).toBe(stack.simulator.requestLog.count());
    const download = children.find((span) => span.attributes['url.template'] === '{downloadUrl}');
    expect(download).toBeDefined();
    expect(download?.name).toBe('ksef GET {downloadUrl}');
    const storageUrl = stack.simulator.requestLog
      .entries()
      .find((entry) => entry.path.startsWith('/storage/'));
    expect(storageUrl).toBeDefined();
    const text = JSON.stringify(
      exporter.getFinishedSpans().map((span) => [span.name, span.attributes]),
    );
    expect(text).not.toContain('/storage/');
    expect(text).not.toContain('?');
    expectNoSecrets(exporter.getFinishedSpans(), [SEED_TOKEN, ref!]);
  });

  it('marks a failed KSeF call and the failed operation as errors', async () => {
    const token = newToken();
    const ref = (await openSession(stack, token)).session.referenceNumber;
    exporter.reset();
    stack.simulator.faults.inject(
      'GET /sessions/{referenceNumber}',
      { type: 'status', status: 503 },
      { times: 1 },
    );

    const result = await post('GetSession', { referenceNumber: ref }, token);
    expect(result.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');

    const { operation, children } = spansOf('GetSession');
    expect(operation.status.code).toBe(SpanStatusCode.ERROR);
    expect(operation.attributes).toMatchObject({
      'graphql.operation.outcome': 'error',
      'graphql.error.codes': ['UPSTREAM_UNAVAILABLE'],
    });
    expect(children).toHaveLength(1);
    expect(children[0]?.status.code).toBe(SpanStatusCode.ERROR);
    expect(children[0]?.attributes).toMatchObject({
      'http.response.status_code': 503,
      'error.type': '503',
    });
    expectNoSecrets(exporter.getFinishedSpans(), [token, ref]);
  });
});
