// GET /metrics after a real flow through the gateway and the simulator: every counter the issue
// names must have moved by exactly what the flow did, checked against the simulator's request
// log (what really went on the wire), not against the gateway's own idea of it.
import { startTestGateway } from '../../support/gateway';
import { rateLimitGroupOf } from '../../../src/ksef/wire/rate-limit-groups';
import { eventually, loadOperation, newToken, openSession, startStack } from '../../support/stack';
import type { Stack } from '../../support/stack';
import { matching, parsePrometheusText, sumOf, valueOf } from '../../support/prometheus-text';
import type { PromSample } from '../../support/prometheus-text';
import {
  CloseSessionDocument,
  GetSessionDocument,
  ListSessionsDocument,
  SessionAliasesDocument,
} from '../../operations/__generated__/operations';

const STATUS_ROUTE = 'GET /sessions/{referenceNumber}';
const UNKNOWN_ONLINE = '20250101-SO-0000000000-0000000000-00';

async function scrape(stack: Stack): Promise<{ response: Response; samples: PromSample[] }> {
  const response = await fetch(stack.url.replace(/\/graphql$/, '/metrics'));
  const text = await response.text();
  return { response, samples: parsePrometheusText(text) };
}

/** The simulator's request log as `group|METHOD|status` → count, as the gateway should label it. */
async function wireCalls(stack: Stack): Promise<Map<string, number>> {
  // A log entry gets its status when the simulator has finished sending the answer.
  const entries = await eventually(
    () => {
      const all = stack.simulator.requestLog.entries();
      return Promise.resolve(all.every((entry) => entry.status !== 0) ? all : undefined);
    },
    { what: 'every simulator answer logged' },
  );
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const path = entry.route.slice(entry.route.indexOf(' ') + 1);
    // Pre-signed storage links are labelled `{downloadUrl}` by the gateway: group `other`.
    const group = path.startsWith('/storage/') ? 'other' : rateLimitGroupOf(entry.method, path);
    const key = `${group}|${entry.method}|${entry.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function upstreamSeries(samples: readonly PromSample[]): Map<string, number> {
  const series = new Map<string, number>();
  for (const sample of matching(samples, 'ksef_upstream_requests_total')) {
    const { group, method, status } = sample.labels;
    series.set(`${group}|${method}|${status}`, sample.value);
  }
  return series;
}

describe('GET /metrics after a session flow', () => {
  let stack: Stack;
  const token = newToken();

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('counts operations, upstream calls per group and status, dedups and the retry of a 503', async () => {
    // open → list → three sessions looked up ten times → a status read that KSeF answers 503
    // once → close.
    const opened = (await openSession(stack, token)).session.referenceNumber;
    const second = (await openSession(stack, token)).session.referenceNumber;

    const listed = await stack.runDocument(
      ListSessionsDocument,
      { type: 'ONLINE', first: 10 },
      token,
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.sessions.edges.length).toBe(2);

    const aliases = await stack.runDocument(
      SessionAliasesDocument,
      { a: opened, b: second, c: UNKNOWN_ONLINE },
      token,
    );
    expect(aliases.errors).toBeUndefined();
    expect(aliases.data!.c1).toBeNull();

    stack.simulator.faults.inject(STATUS_ROUTE, { type: 'status', status: 503 }, { times: 1 });
    const retried = await stack.runDocument(GetSessionDocument, { referenceNumber: opened }, token);
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.session!.referenceNumber).toBe(opened);

    const closed = await stack.runDocument(
      CloseSessionDocument,
      { referenceNumber: opened },
      token,
    );
    expect(closed.errors).toBeUndefined();

    const { response, samples } = await scrape(stack);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);

    // GraphQL operations by name, type and outcome.
    const ops = (operation: string, type: string) =>
      valueOf(samples, 'graphql_operations_total', { operation, type, outcome: 'ok' });
    expect(ops('OpenOnlineSession', 'mutation')).toBe(2);
    expect(ops('ListSessions', 'query')).toBe(1);
    expect(ops('SessionAliases', 'query')).toBe(1);
    expect(ops('GetSession', 'query')).toBe(1);
    expect(ops('CloseSession', 'mutation')).toBe(1);
    expect(sumOf(samples, 'graphql_operations_total', { outcome: 'error' })).toBe(0);
    expect(
      valueOf(samples, 'graphql_operation_duration_seconds_count', {
        operation: 'GetSession',
        type: 'query',
      }),
    ).toBe(1);

    // Upstream calls: exactly what the simulator saw, series for series.
    const wire = await wireCalls(stack);
    expect(upstreamSeries(samples)).toEqual(wire);
    // …which for this flow is, among others:
    expect(wire.get('onlineSession|POST|201')).toBe(2);
    expect(wire.get('onlineSession|POST|204')).toBe(1);
    expect(wire.get('sessionList|GET|200')).toBe(1);
    expect(wire.get('sessionMisc|GET|503')).toBe(1);
    // SessionAliases: 2 known + 1 unknown (400 21173); GetSession: the retry; close: fresh status.
    expect(wire.get('sessionMisc|GET|200')).toBe(4);
    expect(wire.get('sessionMisc|GET|400')).toBe(1);
    expect(stack.simulator.requestLog.count({ method: 'GET', route: STATUS_ROUTE })).toBe(6);

    // Latency histogram: one observation per call, per group.
    for (const group of ['sessionMisc', 'sessionList', 'onlineSession']) {
      const calls = [...wire]
        .filter(([key]) => key.startsWith(`${group}|`))
        .reduce((n, [, c]) => n + c, 0);
      expect(valueOf(samples, 'ksef_upstream_request_duration_seconds_count', { group })).toBe(
        calls,
      );
    }

    // Ten lookups of three sessions in SessionAliases: seven answered by the DataLoader.
    expect(valueOf(samples, 'dataloader_deduplicated_total')).toBe(7);
    // The 503 on a read was retried once, and the circuit stayed closed.
    expect(valueOf(samples, 'ksef_upstream_retries_total', { group: 'sessionMisc' })).toBe(1);
    expect(sumOf(samples, 'ksef_upstream_retries_total')).toBe(1);
    const origin = new URL(stack.simulator.url).origin;
    expect(valueOf(samples, 'ksef_circuit_state', { upstream: origin })).toBe(0);
    // Nothing had to wait for the gateway's own limiter in this small flow.
    expect(sumOf(samples, 'ksef_rate_limit_waits_total')).toBe(0);
  });

  it('answers /health and /ready with 200 while KSeF answers', async () => {
    const base = stack.url.replace(/\/graphql$/, '');
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
  });
});

describe('GET /metrics with the gateway-side rate limiter holding calls back', () => {
  it('counts the wait and its seconds per group', async () => {
    const stack = await startStack({
      env: { KSEF_RATE_LIMITS: 'sessionMisc=1/100/1000' },
    });
    try {
      const token = newToken();
      const a = (await openSession(stack, token)).session.referenceNumber;
      const b = (await openSession(stack, token)).session.referenceNumber;
      // Two distinct status reads in one operation: the second waits about a second.
      const result = await stack.runDocument(SessionAliasesDocument, { a, b, c: a }, token);
      expect(result.errors).toBeUndefined();

      const { samples } = await scrape(stack);
      expect(valueOf(samples, 'ksef_rate_limit_waits_total', { group: 'sessionMisc' })).toBe(1);
      const waited = valueOf(samples, 'ksef_rate_limit_wait_seconds_total', {
        group: 'sessionMisc',
      });
      expect(waited).toBeGreaterThan(0.3);
      expect(waited).toBeLessThan(5);
    } finally {
      await stack.stop();
    }
  });
});

describe('GET /metrics and /ready when KSeF is down', () => {
  it('reports 503 on /ready, transport failures per group and an open circuit', async () => {
    // A port nothing listens on: connection refused, at once.
    const running = await startTestGateway('http://127.0.0.1:1/v2', {
      env: {
        KSEF_TIMEOUT_MS: '500',
        CIRCUIT_FAILURE_THRESHOLD: '2',
        CIRCUIT_HALF_OPEN_AFTER_MS: '60000',
      },
    });
    try {
      const base = running.url.replace(/\/graphql$/, '');
      const ready = await fetch(`${base}/ready`);
      expect(ready.status).toBe(503);

      const result = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${newToken()}` },
        body: JSON.stringify({
          query: loadOperation('GetSession'),
          variables: { referenceNumber: UNKNOWN_ONLINE },
        }),
      });
      const body = (await result.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');

      const samples = parsePrometheusText(await (await fetch(`${base}/metrics`)).text());
      expect(
        sumOf(samples, 'ksef_upstream_requests_total', { status: 'refused' }),
      ).toBeGreaterThanOrEqual(2);
      expect(sumOf(samples, 'ksef_upstream_requests_total', { status: '200' })).toBe(0);
      expect(valueOf(samples, 'ksef_circuit_state', { upstream: 'http://127.0.0.1:1' })).toBe(2);
      expect(
        valueOf(samples, 'graphql_operations_total', {
          operation: 'GetSession',
          type: 'query',
          outcome: 'error',
        }),
      ).toBe(1);
      expect(valueOf(samples, 'graphql_errors_total', { code: 'UPSTREAM_UNAVAILABLE' })).toBe(1);

      // With the circuit open, readiness fails fast (after the probe's one-second cache).
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const started = Date.now();
      expect((await fetch(`${base}/ready`)).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(400);
    } finally {
      await running.stop();
    }
  });
});
