// Upstream faults injected into the real simulator, seen through the gateway over real HTTP:
// timeouts, retries of reads, no retries of writes, Retry-After and the hold-back after a 429,
// refused connections, malformed answers, the circuit breaker and /ready.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { newToken, openSession, postGraphql, startStack } from '../../../support/stack';
import type { Stack } from '../../../support/stack';
import { CIRCUIT_STATE_VALUE } from '../../../../src/observability/metrics';
import { startTestGateway } from '../../../support/gateway';
import { parsePrometheusText, valueOf } from '../../../support/prometheus-text';
import {
  GetSessionDocument,
  ListSessionsDocument,
  OpenOnlineSessionDocument,
} from '../../../operations/__generated__/operations';

const STATUS_ROUTE = 'GET /sessions/{referenceNumber}';
const LIST_ROUTE = 'GET /sessions';
const OPEN_ROUTE = 'POST /sessions/online';

let stack: Stack;
const token = newToken();
let ref: string;

beforeAll(async () => {
  stack = await startStack({
    // 7 s of Retry-After must not fit: the gateway answers RATE_LIMITED at once.
    env: {
      KSEF_TIMEOUT_MS: '500',
      OPERATION_TIMEOUT_MS: '3000',
      CIRCUIT_FAILURE_THRESHOLD: '1000',
    },
  });
  ref = (await openSession(stack, token)).session.referenceNumber;
});

afterAll(async () => {
  await stack?.stop();
});

beforeEach(() => {
  stack.simulator.faults.clear();
  stack.simulator.requestLog.clear();
});

function getSession(reference: string, caller: string) {
  return stack.runDocument(GetSessionDocument, { referenceNumber: reference }, caller);
}

describe('upstream faults through the gateway', () => {
  it('429 with Retry-After: 7 gives RATE_LIMITED with retryAfterSeconds 7, and the next call within those 7 s does not reach KSeF', async () => {
    const caller = newToken();
    const own = (await openSession(stack, caller)).session.referenceNumber;
    stack.simulator.requestLog.clear();
    stack.simulator.faults.inject(
      STATUS_ROUTE,
      {
        type: 'status',
        status: 429,
        headers: { 'retry-after': '7' },
        body: '{"status":{"code":429,"description":"Too Many Requests","details":["Przekroczono limit."]}}',
      },
      { times: 1 },
    );
    const first = await getSession(own, caller);
    expect(first.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(first.errors?.[0]?.extensions?.retryAfterSeconds).toBe(7);
    expect(stack.simulator.requestLog.count({ route: STATUS_ROUTE })).toBe(1);

    const second = await getSession(own, caller);
    expect(second.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(second.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(6);
    expect(second.errors?.[0]?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(7);
    // Held back by the gateway: KSeF saw only the first call.
    expect(stack.simulator.requestLog.count({ route: STATUS_ROUTE })).toBe(1);

    // Another caller (token) is not held back by someone else's block.
    const other = await getSession(ref, token);
    expect(other.errors).toBeUndefined();
    expect(other.data!.session!.referenceNumber).toBe(ref);
  });

  it('retries a read once after a 503 and succeeds', async () => {
    stack.simulator.faults.inject(
      STATUS_ROUTE,
      { type: 'status', status: 503, body: '' },
      { times: 1 },
    );
    const result = await getSession(ref, token);
    expect(result.errors).toBeUndefined();
    expect(result.data!.session!.referenceNumber).toBe(ref);
    expect(stack.simulator.requestLog.count({ route: STATUS_ROUTE })).toBe(2);
  });

  it('gives up on a read after 3 attempts with UPSTREAM_UNAVAILABLE', async () => {
    stack.simulator.faults.inject(STATUS_ROUTE, { type: 'status', status: 503, body: '' });
    const result = await getSession(ref, token);
    expect(result.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(stack.simulator.requestLog.count({ route: STATUS_ROUTE })).toBe(3);
  });

  it('503 on openOnlineSession gives UPSTREAM_UNAVAILABLE after exactly one upstream POST', async () => {
    stack.simulator.faults.inject(OPEN_ROUTE, { type: 'status', status: 503, body: '' });
    const result = await stack.runDocument(
      OpenOnlineSessionDocument,
      { input: { formCode: 'FA_3' } },
      newToken(),
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(stack.simulator.requestLog.count({ route: OPEN_ROUTE })).toBe(1);
  });

  it('a hanging upstream gives UPSTREAM_UNAVAILABLE within the timeout', async () => {
    stack.simulator.faults.inject(LIST_ROUTE, { type: 'hang' });
    const started = Date.now();
    const result = await stack.runDocument(ListSessionsDocument, { type: 'ONLINE' }, token);
    const elapsed = Date.now() - started;
    expect(result.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(result.errors?.[0]?.extensions?.upstream?.transport).toBe('timeout');
    // 500 ms per attempt, bounded by the 3 s operation deadline (retries included).
    expect(elapsed).toBeLessThan(3_500);
  });

  it('a hanging write is not retried and gives UPSTREAM_UNAVAILABLE within the call timeout', async () => {
    stack.simulator.faults.inject(OPEN_ROUTE, { type: 'hang' });
    const started = Date.now();
    const result = await stack.runDocument(
      OpenOnlineSessionDocument,
      { input: { formCode: 'FA_3' } },
      newToken(),
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(stack.simulator.requestLog.count({ route: OPEN_ROUTE })).toBe(1);
  });

  it('malformed JSON gives UPSTREAM_CONTRACT_VIOLATION, not retried', async () => {
    stack.simulator.faults.inject(STATUS_ROUTE, { type: 'malformed' });
    const result = await getSession(ref, token);
    expect(result.errors?.[0]?.extensions?.code).toBe('UPSTREAM_CONTRACT_VIOLATION');
    expect(stack.simulator.requestLog.count({ route: STATUS_ROUTE })).toBe(1);
  });

  it('a reset connection on a read is retried', async () => {
    stack.simulator.faults.inject(STATUS_ROUTE, { type: 'reset' }, { times: 1 });
    const result = await getSession(ref, token);
    expect(result.errors).toBeUndefined();
    expect(stack.simulator.requestLog.count({ route: STATUS_ROUTE })).toBe(2);
  });
});

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a refused connection and the circuit breaker', () => {
  it('a refused connection gives UPSTREAM_UNAVAILABLE at once; the circuit then opens, fails fast and /ready says 503', async () => {
    const port = await closedPort();
    const running = await startTestGateway(`http://127.0.0.1:${port}/v2`, {
      env: {
        KSEF_TIMEOUT_MS: '2000',
        CIRCUIT_FAILURE_THRESHOLD: '3',
        CIRCUIT_HALF_OPEN_AFTER_MS: '60000',
      },
      configure: (options) => {
        options.ksef.resilience.retry.baseDelayMs = 10;
      },
    });
    try {
      const started = Date.now();
      const first = await postGraphql(
        running.url,
        '{ sessions(type: ONLINE) { nodes { referenceNumber } } }',
        {},
        newToken(),
      );
      expect(first.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(first.errors?.[0]?.extensions?.upstream?.transport).toBe('refused');
      expect(Date.now() - started).toBeLessThan(1_000);
      // Three refused attempts (one operation with its retries) opened the circuit.
      const samples = parsePrometheusText(await (await fetch(`${running.origin}/metrics`)).text());
      expect(valueOf(samples, 'ksef_circuit_state', { upstream: `http://127.0.0.1:${port}` })).toBe(
        CIRCUIT_STATE_VALUE.open,
      );

      const second = await postGraphql(
        running.url,
        '{ sessions(type: ONLINE) { nodes { referenceNumber } } }',
        {},
        newToken(),
      );
      expect(second.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(second.errors?.[0]?.message).toMatch(/failing fast/);

      const ready = await fetch(running.url.replace('/graphql', '/ready'));
      expect(ready.status).toBe(503);
    } finally {
      await running.stop();
    }
  });

  it('/ready is 200 while the upstream answers', async () => {
    const response = await fetch(stack.url.replace('/graphql', '/ready'));
    expect(response.status).toBe(200);
  });
});
